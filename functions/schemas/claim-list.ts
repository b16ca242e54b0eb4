import * as z from 'zod';
import { CLAIM_STATUSES } from '../domain/claim.ts';

/** The query of `GET /claims`: filters, the page's size and where it starts. */
export const ClaimListQuery = z
  .object({
    status: z
      .enum(CLAIM_STATUSES, { message: `must be one of ${CLAIM_STATUSES.join(', ')}` })
      .optional()
      .describe('only claims in this status'),
    programId: z.string().trim().min(1).max(60).optional().describe('only claims of this program'),
    unitCode: z
      .string()
      .trim()
      .min(1)
      .max(40)
      .optional()
      .describe('only claims of this unit (of its subtree for a district or the city); within the caller’s'),
    from: z.iso
      .date({ message: 'must be a date, YYYY-MM-DD' })
      .optional()
      .describe('submitted on or after this Beijing day'),
    to: z.iso
      .date({ message: 'must be a date, YYYY-MM-DD' })
      .optional()
      .describe('submitted on or before this Beijing day'),
    cursor: z.string().max(200).optional().describe('the `nextCursor` of the page before'),
    limit: z.coerce
      .number({ message: 'must be a whole number from 1 to 100' })
      .int({ message: 'must be a whole number from 1 to 100' })
      .min(1, { message: 'must be a whole number from 1 to 100' })
      .max(100, { message: 'must be a whole number from 1 to 100' })
      .default(50)
      .describe('claims per page, 1–100 (50)'),
  })
  .refine((q) => q.from === undefined || q.to === undefined || q.from <= q.to, {
    message: 'must not be after `to`',
    path: ['from'],
  });
export type ClaimListQuery = z.infer<typeof ClaimListQuery>;
