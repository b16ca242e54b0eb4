import * as z from 'zod';

/**
 * The bodies the routes answer today, as their use cases build them: the fields a client may rely on
 * are named; objects stay open (a later field is not a breaking change).
 */

const fen = z.int().describe('integer fen');
const nullableFen = fen.nullable();
const timestamp = z.string().describe('ISO 8601 time (UTC)');
const open = z.looseObject({});

const actor = z.looseObject({ kind: z.string().optional(), id: z.string().optional() });

export const ClaimStatus = z.string().describe('the claim status, e.g. SUBMITTED, AWAITING_APPROVAL, PAID');

/** `POST /claims` → 202. */
export const ClaimAccepted = z.looseObject({
  claimId: z.string(),
  status: ClaimStatus,
  statusUrl: z.string(),
});

const AuditEvent = z.looseObject({
  seq: z.int(),
  at: timestamp,
  actor: actor,
  action: z.string(),
  from: z.string().nullable(),
  to: z.string(),
  reason: z.string(),
  prevHash: z.string().optional(),
  hash: z.string().optional(),
  amountFen: fen.optional(),
});

/** A document of a claim as GET /claims/{claimId} lists it (never where its bytes are kept). */
const ClaimDocument = z.looseObject({
  documentId: z.string(),
  kind: z.string(),
  contentType: z.string(),
  bytes: z.int(),
  sha256: z.string(),
  status: z.enum(['PENDING', 'STORED']),
  uploadedAt: timestamp,
  storedAt: timestamp.nullable(),
});

/** `POST /claims/{claimId}/documents` → 201. */
export const DocumentUploadTarget = z.looseObject({
  documentId: z.string(),
  url: z.string().describe('POST a multipart/form-data form here: every field, then the file as `file`'),
  fields: z.record(z.string(), z.string()),
  expiresAt: timestamp,
  statusUrl: z.string(),
});

/** `POST /uploads`: the form that takes a staff file, and the id its route takes it by. */
export const FileUploadTarget = z.looseObject({
  uploadId: z.string(),
  url: z.string().describe('POST a multipart/form-data form here: every field, then the file as `file`'),
  fields: z.record(z.string(), z.string()),
  expiresAt: timestamp,
});

/** `GET /claims/{claimId}`. */
export const ClaimView = z.looseObject({
  claimId: z.string(),
  status: ClaimStatus,
  program: z.string(),
  benefit: z.string(),
  memberId: z.string(),
  unitCode: z.string().nullable(),
  incidentDate: z.string(),
  facts: z.record(z.string(), z.unknown()),
  evidence: z.array(z.looseObject({ kind: z.string(), number: z.string() })),
  payee: open.describe('the payee, its account masked'),
  amounts: z.object({ approvedFen: nullableFen, paidFen: nullableFen }),
  reasons: z.array(z.looseObject({ step: z.enum(['membership', 'rules']) })),
  approvalChain: z.array(open),
  approval: open.nullable(),
  failure: open.nullable(),
  submittedAt: timestamp,
  updatedAt: timestamp,
  timeline: z.array(AuditEvent),
  fraudHold: open.nullable(),
  documents: z.array(ClaimDocument).optional(),
});

/** `GET /claims/{claimId}/audit`. */
export const ClaimAudit = z.looseObject({
  claimId: z.string(),
  events: z.array(AuditEvent.extend({ claimId: z.string() })),
  verification: z.looseObject({ archived: z.int().nullable(), pendingArchive: z.int() }),
});

/** `PUT /claims/{claimId}/payee`, `POST /claims/{claimId}/payee/{changeId}/confirm` → 202. */
export const PayeeAnswer = z.looseObject({
  claimId: z.string(),
  status: z.string(),
  statusUrl: z.string(),
  payoutRound: z.int().optional(),
  changeId: z.string().optional(),
  confirmUrl: z.string().optional(),
});

const payeeMasked = z
  .object({ name: z.string(), bankName: z.string(), accountMasked: z.string() })
  .describe('the payee, the account number masked to its last four digits');
const ownActor = z.object({ kind: z.string(), id: z.string() });

/** A proposed payee change as `GET /claims/{claimId}/payee` shows it. */
const PayeeChangeView = z.looseObject({
  changeId: z.string(),
  round: z.int().describe('the payout round the details pay'),
  payee: payeeMasked,
  proposedBy: ownActor,
  proposedAt: timestamp,
  expiresAt: timestamp.describe('until when it could be confirmed'),
  status: z.enum(['PENDING', 'CONFIRMED', 'SUPERSEDED']),
  confirmedBy: ownActor.nullable(),
  confirmedAt: timestamp.nullable(),
});

/** `GET /claims/{claimId}/payee`: no account number, no payee hash. */
export const PayeeView = z.looseObject({
  claimId: z.string(),
  status: ClaimStatus,
  memberId: z.string(),
  payee: payeeMasked.describe('the details payouts use, masked'),
  pending: PayeeChangeView.extend({
    expired: z.boolean(),
    mayConfirm: z.object({
      member: z.boolean().describe('the member, by the SMS link'),
      secondPerson: z
        .boolean()
        .describe('staff of the unit or above, or an admin, other than the proposer and the claimant'),
      you: z.boolean().describe('the caller is such a second person'),
    }),
    confirmUrl: z.string(),
  })
    .nullable()
    .describe('the change waiting for a second person (null: none)'),
  history: z.array(PayeeChangeView).describe('every change proposed for the claim, oldest first'),
  events: z
    .array(z.object({ seq: z.int(), at: timestamp, action: z.string(), actor: ownActor }))
    .describe("the returns, proposals and corrections of the claim's audit trail, without their reasons"),
});

const programState = z.string().describe('the program state today (active, retired, …)');

/** `GET /programs`. */
export const ProgramList = z.object({
  programs: z.array(
    z.looseObject({
      programId: z.string(),
      state: programState,
      inForce: open.nullable().describe('the version in force today (the body of a version)'),
      versions: z.array(
        z.looseObject({ version: z.string(), effectiveFrom: z.string(), retired: z.boolean() }),
      ),
    }),
  ),
});

/** `POST /programs/{programId}/versions` and `/retire` → 201: the stored version. */
export const StoredProgramVersion = z.looseObject({
  programId: z.string(),
  version: z.string(),
  effectiveFrom: z.string(),
});

/** `DELETE /programs/{programId}/retire`. */
export const WithdrawnRetirement = z.looseObject({
  programId: z.string(),
  withdrawn: z.object({ version: z.string(), effectiveFrom: z.string() }),
  state: programState,
});

export const Budget = z.looseObject({
  unitCode: z.string(),
  programId: z.string(),
  year: z.int(),
  allocatedFen: fen,
  committedFen: fen,
  paidFen: fen,
  returnedFen: fen,
  availableFen: fen,
});

/** `GET /budgets/{unitCode}/{year}`. */
export const UnitBudgets = z.object({ unitCode: z.string(), year: z.int(), budgets: z.array(Budget) });

/** `GET /budgets/{unitCode}/{year}/{programId}/waiting`. */
export const FundsWaiting = z.object({ budget: Budget.nullable(), waiting: z.array(open) });

/** `POST /service-visits` → 201 (a new visit) or 200 (the same visit again). */
export const VisitRecorded = z.object({ visitId: z.string() });

const bilingual = z.object({ zh: z.string(), en: z.string() });

/** A data-correction ticket (派单), without its task token. */
export const Ticket = z.looseObject({
  ticketId: z.string(),
  claimId: z.string(),
  round: z.int(),
  memberId: z.string(),
  unitCode: z.string(),
  kinds: z.array(z.string()),
  detail: bilingual.describe('what verification found'),
  status: z.enum(['open', 'resolved', 'expired']),
  createdAt: timestamp,
  dueAt: timestamp,
  documentRequest: z
    .object({
      kinds: z.array(z.string()),
      note: z.string(),
      by: z.string(),
      at: timestamp,
      notified: z.boolean().describe('whether the member’s SMS with the upload link went out'),
    })
    .optional()
    .describe('the documents staff asked the member for (POST /tickets/{ticketId}/documents)'),
  documents: z
    .array(ClaimDocument)
    .optional()
    .describe(
      'the claim’s documents that answer the request: STORED, of a kind asked for, since the request',
    ),
  documentsMissing: z.array(z.string()).optional().describe('the kinds asked for not received yet'),
});
/** `GET /tickets`. */
export const TicketList = z.object({ tickets: z.array(Ticket) });

/** `POST /members/import`: the per-row report. */
export const ImportReport = z.looseObject({
  rows: z.int(),
  valid: z.int(),
  invalid: z.int(),
  created: z.int(),
  updated: z.int(),
  unchanged: z.int(),
  errors: z.array(open),
  errorsTruncated: z.boolean(),
  errorCount: z.int(),
  members: z.array(
    z.looseObject({
      row: z.int(),
      memberId: z.string().nullable(),
      idNumberMasked: z.string(),
      outcome: z.enum(['created', 'updated', 'unchanged']),
    }),
  ),
  membersTruncated: z.boolean(),
  encoding: z.string(),
  dryRun: z.boolean(),
  allOrNothing: z.boolean(),
  written: z.boolean(),
});

/** `GET /members?idNumber=`: masked, audited. */
export const MemberFound = z.looseObject({
  memberId: z.string(),
  nameMasked: z.string(),
  idNumberMasked: z.string(),
  mobileMasked: z.string(),
  unitCode: z.string(),
  standing: open,
});

/** `GET /approvals`: the levels assigned to the caller first, then the others; oldest level first in each. */
export const PendingApprovals = z.object({
  approverId: z.string(),
  pending: z.array(
    z.looseObject({
      claimId: z.string(),
      program: z.string(),
      benefit: z.string(),
      amountFen: nullableFen,
      level: z.int(),
      linkUrl: z.string(),
      expiresAt: timestamp,
      assignedToYou: z
        .boolean()
        .describe(
          'whether the level was assigned to the caller (they were e-mailed its link when it opened)',
        ),
      assignedTo: z
        .object({ approverId: z.string(), name: z.string().describe('from the registry') })
        .nullable()
        .describe(
          'whom the level was assigned to; null for a level opened before assignment or not delivered yet',
        ),
    }),
  ),
});

/** `PUT /approvers/{approverId}/deputy`: the delegation only, never the deputy's registry record. */
export const Delegation = z
  .object({
    approverId: z.string().describe('the absent approver'),
    deputyApproverId: z.string().describe('the deputy, who gets the links instead'),
    from: z.string().describe('first Beijing calendar day (YYYY-MM-DD), inclusive'),
    to: z.string().describe('last Beijing calendar day (YYYY-MM-DD), inclusive'),
  })
  .describe(
    "who stands in for whom, and when; no other field (not the deputy's e-mail, mobile or membership)",
  );
/** `DELETE /approvers/{approverId}/deputy`. */
export const DeputyRemoved = z.object({ approverId: z.string(), removed: z.boolean() });

/** `GET /units/{unitCode}/approvers`: names and approver ids only. */
export const UnitApprovers = z.looseObject({
  unitCode: z.string(),
  today: z.string().describe('the Beijing calendar day coversToday speaks of'),
  approvers: z.array(
    z.looseObject({
      approverId: z.string(),
      name: z.string(),
      deputy: z
        .looseObject({
          deputyApproverId: z.string(),
          deputyName: z.string(),
          from: z.string(),
          to: z.string(),
          reason: z.string(),
          coversToday: z.boolean(),
        })
        .nullable()
        .describe('the last deputy set (null: none), even when its days are over'),
    }),
  ),
});

/** `GET /audit/{record}/{id}`. */
export const RecordAudit = z.looseObject({ record: z.string(), id: z.string(), events: z.array(open) });

const BatchView = z.looseObject({
  batchId: z.string(),
  unitCode: z.string(),
  date: z.string(),
  status: z.enum(['cutting', 'cut']),
  createdAt: timestamp,
  createdBy: z.string(),
  count: z.int(),
  totalFen: fen,
  file: z.string().describe('where the bank file is downloaded'),
});

/** `POST /payment-batches` → 201 (a new batch) or 200 (the day's latest, nothing new). */
export const BatchCut = BatchView.extend({ refused: z.array(open) });

const countAndTotal = z.object({ count: z.int(), totalFen: fen });
/** `GET /payment-batches/{batchId}` with `Accept: application/json`. */
export const BatchStatus = z.object({
  batch: BatchView,
  totals: z.object({ PENDING: countAndTotal, CONFIRMED: countAndTotal, RETURNED: countAndTotal }),
  lines: z.array(
    z.looseObject({ payoutId: z.string(), claimId: z.string(), amountFen: fen, status: z.string() }),
  ),
});

/** `POST /payment-batches/reconciliations` and its `/confirm`: what was applied, unchanged, refused. */
export const ReconciliationReport = z.looseObject({
  applied: z.array(open),
  waiting: z.array(open),
  reconciliationId: z.string().nullable(),
  unchanged: z.array(open),
  refused: z.array(open),
  fileErrors: z.array(z.string()),
  summary: open,
});

/** `GET /payment-batches/reconciliations/{reconciliationId}`: its lines, uploader and checksum. */
export const PendingReconciliation = z.looseObject({
  reconciliationId: z.string(),
  fileSha256: z.string(),
  uploadedBy: actor,
  uploadedAt: timestamp,
  waiting: z.array(
    z.looseObject({ row: z.int(), payoutId: z.string(), claimId: z.string(), amountFen: fen }),
  ),
  expiresAt: timestamp.describe('a second person can confirm it until then; later it is refused (410)'),
  status: z.enum(['PENDING', 'APPLIED']),
});

const Flag = z.looseObject({
  claimId: z.string(),
  flagId: z.string(),
  rule: z.string(),
  score: z.number(),
  state: z.enum(['OPEN', 'CLEARED', 'CONFIRMED']),
  raisedAt: timestamp,
  what: bilingual,
  claimIds: z.array(z.string()),
  memberIds: z.array(z.string()),
});
/** `GET /fraud/flags`. */
export const FlagList = z.object({ flags: z.array(Flag) });
/** `POST /fraud/flags/{claimId}/{flagId}/clear|confirm`. */
export const FlagDecided = z.object({ flag: Flag });

/** `POST /exports` → 202. */
export const ExportAccepted = z.looseObject({
  exportId: z.string(),
  status: z.string(),
  statusUrl: z.string(),
});
const ExportJob = z.looseObject({ exportId: z.string(), status: z.string() });
/** `GET /exports`. */
export const ExportList = z.object({ exports: z.array(ExportJob) });
/** `GET /exports/{exportId}`: the job, and once done its signed manifest and download links. */
export const ExportDetail = ExportJob.extend({
  manifest: open.optional(),
  downloads: z.record(z.string(), z.string()).optional(),
});

/** `GET /a/{linkId}` with `Accept: application/json`: the link's state and the form token. */
export const ApprovalLinkView = z.looseObject({
  state: z.string(),
  claimId: z.string(),
  csrf: z.string(),
  sealed: z.string().optional().describe('while pending: the sealed form to POST back with the decision'),
  linkId: z.string().optional(),
  program: z.string().optional(),
  benefit: z.string().optional(),
  amountFen: nullableFen.optional(),
  level: z.int().optional(),
  levels: z.int().optional(),
  expiresAt: timestamp.optional(),
});
/** `POST /a/{linkId}` with `Accept: application/json`: the decision recorded. */
export const ApprovalDecided = z.looseObject({ result: z.string(), claimId: z.string() });

/** `GET /f/{token}` with `Accept: application/json`. */
export const FeedbackLinkView = z.object({ state: z.string(), program: z.string(), csrf: z.string() });
/** `POST /f/{token}` with `Accept: application/json`. */
export const LinkResult = z.object({ result: z.string() });

/** `GET /u/{token}` with `Accept: application/json`: the documents the waiting claim still lacks. */
export const UploadLinkView = z.looseObject({
  state: z.string(),
  claimId: z.string(),
  missing: z.array(z.string()),
  expiresAt: timestamp,
  waitsFor: z
    .enum(['required', 'ticket'])
    .describe(
      '`required`: documents its benefit requires (AWAITING_DOCUMENTS); `ticket`: a correction ticket asks for them',
    ),
  note: z.string().optional().describe('what the union wrote the member (a ticket’s request)'),
  csrf: z.string(),
});
/** `POST /u/{token}` with `Accept: application/json`: stored (and what is still missing), or complete. */
export const UploadLinkResult = z.looseObject({
  result: z.string(),
  missing: z.array(z.string()).optional(),
});

/** `GET /p/{token}` with `Accept: application/json`: the proposed payee, masked. */
export const PayeeLinkView = z.looseObject({
  state: z.string(),
  claimId: z.string(),
  payee: open,
  expiresAt: timestamp,
  csrf: z.string(),
});
