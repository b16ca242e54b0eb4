import * as z from 'zod';

/**
 * Request bodies whose use cases check them field by field without a zod schema of their own: described
 * here for the contract only (the use case stays the judge of what it accepts).
 */

/** `PUT /budgets/{unitCode}/{year}/{programId}`. */
export const BudgetAllocation = z.object({
  allocatedFen: z.int().min(0).describe('integer fen, never below what is paid'),
  reason: z.string().min(2),
});

/** `POST /tickets/{ticketId}/resolve`. */
export const TicketResolution = z.object({
  outcome: z.enum(['corrected', 'rejected']),
  reason: z.string().max(500).optional(),
});

/** `POST /payment-batches`: cut that Beijing day's next batch of the unit's payouts. */
export const BatchRequest = z.object({ unitCode: z.string(), date: z.iso.date() });

/** `POST /fraud/flags/{claimId}/{flagId}/clear|confirm`. */
export const FlagDecision = z.object({ reason: z.string() });

/** `POST /a/{linkId}` (form): the approver's decision with the page's form token. */
export const DecisionForm = z.object({
  decision: z.enum(['approve', 'reject']),
  reason: z.string().optional().describe('required to reject'),
  csrf: z.string(),
  sealed: z
    .string()
    .optional()
    .describe(
      "the page's sealed form: the decision then reads nothing again; one not of this link's page is 403",
    ),
});

/** `POST /f/{token}` (form): the member's satisfaction rating. */
export const FeedbackForm = z.object({
  rating: z.enum(['1', '2', '3', '4', '5']),
  comment: z.string().max(500).optional(),
  csrf: z.string(),
});

/** `POST /p/{token}` (form): the member confirms the proposed payee. */
export const PayeeConfirmForm = z.object({ csrf: z.string() });
/** `POST /u/{token}` (multipart/form-data): one document of a kind the claim still lacks. */
export const UploadForm = z.object({
  csrf: z.string(),
  kind: z.string().describe('a kind the page lists as missing, e.g. invoice'),
  file: z
    .string()
    .describe('the file: JPEG, PNG, HEIC or PDF, at most 10 MiB (its type is read from its bytes)'),
});
