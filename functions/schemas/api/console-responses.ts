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

const bp = z.int().describe('basis points (1/100 of a percent)');
const count = z.int().nullable();

/** `GET /plan-figures`: the plan's figures of a scope, each with its target, from the hourly snapshot. */
export const PlanFiguresView = z.object({
  year: z.int(),
  scope: z.looseObject({
    level: z.enum(['unit', 'district', 'city']),
    unitCode: z.string().nullable(),
    name: z.string().nullable(),
    nameEn: z.string().nullable(),
  }),
  computedAt: timestamp.nullable().describe('when the hourly job computed them; null before its first run'),
  coverage: z.looseObject({
    registeredMembers: count,
    membersServed: count,
    valueBp: bp.nullable(),
    targetBp: bp,
    meetsTarget: z.boolean().nullable(),
    path: z.array(z.object({ year: z.int(), targetBp: bp })),
  }),
  serviceSpend: z.looseObject({
    allocatedFen: fen.nullable(),
    paidFen: fen.nullable(),
    valueBp: bp.nullable(),
    floorBp: bp,
    meetsFloor: z.boolean().nullable(),
  }),
  satisfaction: z.looseObject({
    count: count,
    mean: z.number().nullable().describe('1–5, two decimals'),
    ratings: z.array(z.int()).length(5).nullable().describe('answers rated 1 to 5'),
  }),
  claims: z
    .looseObject({ submitted: z.int(), open: z.int(), paid: z.int(), rejected: z.int(), failed: z.int() })
    .nullable(),
});
