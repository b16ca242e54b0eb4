import * as z from 'zod';
import { CLAIM_STATUSES } from '../domain/claim.ts';
import { pageFields, unitField } from './list-query.ts';

/** The query of `GET /claims`: filters, the page's size and where it starts. */
export const ClaimListQuery = z
  .object({
    status: z
      .enum(CLAIM_STATUSES, { message: `must be one of ${CLAIM_STATUSES.join(', ')}` })
      .optional()
      .describe('only claims in this status'),
    programId: z.string().trim().min(1).max(60).optional().describe('only claims of this program'),
    unitCode: unitField,
    from: z.iso
      .date({ message: 'must be a date, YYYY-MM-DD' })
      .optional()
      .describe('submitted on or after this Beijing day'),
    to: z.iso
      .date({ message: 'must be a date, YYYY-MM-DD' })
      .optional()
      .describe('submitted on or before this Beijing day'),
    ...pageFields,
  })
  .refine((q) => q.from === undefined || q.to === undefined || q.from <= q.to, {
    message: 'must not be after `to`',
    path: ['from'],
  });
export type ClaimListQuery = z.infer<typeof ClaimListQuery>;
