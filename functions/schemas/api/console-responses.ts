import * as z from 'zod';
import { ClaimStatus } from './responses.ts';

/** The bodies of the routes the staff console reads (lists and figures); objects stay open. */

const fen = z.int().describe('integer fen');
const timestamp = z.string().describe('ISO 8601 time (UTC)');
const labelled = z.looseObject({ id: z.string(), zh: z.string(), en: z.string() });
const cursor = z.string().nullable().describe('pass as `cursor` for the next page; null on the last page');

/** `GET /claims`: a page of claims, newest first. */
export const ClaimListPage = z.object({
  claims: z.array(
    z.looseObject({
      claimId: z.string(),
      memberId: z.string(),
      memberNameMasked: z.string().nullable().describe('the first character, then one * per character'),
      unit: z.looseObject({ code: z.string(), name: z.string(), nameEn: z.string() }).nullable(),
      program: labelled,
      benefit: labelled,
      amountFen: fen
        .nullable()
        .describe('the amount the rules set; null before they ran or when they refused'),
      paidFen: fen.nullable().describe('what was paid and stands'),
      status: ClaimStatus,
      submittedAt: timestamp,
      updatedAt: timestamp,
    }),
  ),
  nextCursor: cursor,
});

/** `GET /payment-batches`: a page of payment batches, newest first. */
export const BatchListPage = z.object({
  batches: z.array(
    z.looseObject({
      batchId: z.string(),
      unit: z.looseObject({ code: z.string(), name: z.string(), nameEn: z.string() }),
      date: z.string().describe('the Beijing day whose payouts it holds'),
      status: z.enum(['cutting', 'cut']),
      createdAt: timestamp,
      cutBy: z.string().describe('who cut it'),
      count: z.int(),
      totalFen: fen,
      file: z.string().describe('where the bank file is downloaded'),
    }),
  ),
  nextCursor: cursor,
});
