import * as z from 'zod';

const LIMIT = 'must be a whole number from 1 to 100';

/** The page fields of a list's query: where it starts and how many it holds. */
export const pageFields = {
  cursor: z.string().max(200).optional().describe('the `nextCursor` of the page before'),
  limit: z.coerce
    .number({ message: LIMIT })
    .int({ message: LIMIT })
    .min(1, { message: LIMIT })
    .max(100, { message: LIMIT })
    .default(50)
    .describe('records per page, 1–100 (50)'),
};

/** `unitCode`: a unit to narrow the list to, within the caller's units. */
export const unitField = z
  .string()
  .trim()
  .min(1)
  .max(40)
  .optional()
  .describe('only this unit’s (its subtree’s for a district or the city); within the caller’s units');

/** The query of `GET /payment-batches`. */
export const BatchListQuery = z.object({ unitCode: unitField, ...pageFields });
export type BatchListQuery = z.infer<typeof BatchListQuery>;
