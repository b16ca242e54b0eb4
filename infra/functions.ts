import type { KeyPurpose } from '../functions/ports/keys.ts';
import type { TableId } from './tables.ts';

export type Access = 'read' | 'readWrite';

/** The item-level DynamoDB actions a function may be given on a table. */
export type DynamoAction =
  | 'GetItem'
  | 'BatchGetItem'
  | 'Query'
  | 'Scan'
  | 'PutItem'
  | 'UpdateItem'
  | 'DeleteItem'
  | 'BatchWriteItem';

/** Reads by key and by query (also what a transaction's condition reads). */
export const READ = ['GetItem', 'BatchGetItem', 'Query'] as const satisfies readonly DynamoAction[];
/** Reads, and writes of single items, alone or in transactions (TransactWriteItems needs no action of its own). */
export const READ_WRITE = [...READ, 'PutItem', 'UpdateItem'] as const satisfies readonly DynamoAction[];

/**
 * The actions a function may take on a table: READ, READ_WRITE, plus DeleteItem, BatchWriteItem or Scan
 * only where its code does that. Nothing else (no DescribeTable, no streams, no ConditionCheckItem).
 */
export type TableAccess = readonly DynamoAction[];

export interface FunctionDef {
  /** Handler module, relative to the project root; it exports `handler`. */
  readonly entry: string;
  readonly description: string;
  readonly tables: Partial<Record<TableId, TableAccess>>;
  /** Name of the `${...}` substitution in workflows/claim.asl.json, for workflow steps. */
  readonly aslArn?: string;
  /** Starts claim executions (states:StartExecution on the claim state machine). */
  readonly startsWorkflow?: boolean;
  /** Reports callback results (states:SendTaskSuccess/Failure/Heartbeat). */
  readonly sendsTaskResult?: boolean;
  /** Sends e-mail (SES) and SMS (SNS). */
  readonly notifies?: boolean;
  /** The keys the function reads (functions/ports/keys.ts); it may read no other. */
  readonly secrets?: readonly KeyPurpose[];
  /**
   * A public route's function (no token: approval, satisfaction, payee confirmation and download links).
   * Besides its declared actions it is denied every item of the payee partitions (bank accounts) and the
   * member registry's personal partitions (members, ID-number hashes, member history), whatever else it
   * is granted.
   */
  readonly publicLink?: boolean;
  /** More than the default 15 s (an API function stays under API Gateway's 30 s). */
  readonly timeoutSeconds?: number;
  readonly memoryMb?: number;
  /** Access to the evaluation-export bucket (S3 in AWS, a folder locally). */
  readonly exportFiles?: Access;
  /** Starts the evaluation-export worker. */
  readonly startsExport?: boolean;
  /** The audit archive (the Object Lock bucket in AWS): `read` to verify chains with it, `append` to archive. */
  readonly auditArchive?: 'read' | 'append';
  /** Fed by the claims table's stream (NEW_IMAGE), filtered to audit events. */
  readonly claimsStream?: boolean;
  /** Reads the bank's result files from the bank-drop bucket (infra/constructs/bank-drop.ts), and is invoked for each. */
  readonly bankResults?: 'read';
  /**
   * Packages with native code that esbuild cannot bundle (sharp): left out of the bundle and installed
   * beside it for Linux on arm64 (infra/lambda-bundling.ts `NATIVE_INSTALL_ENV`). No other function has them.
   */
  readonly nativeModules?: readonly string[];
  /**
   * The documents bucket (infra/constructs/documents.ts; a folder locally): `upload` signs upload forms
   * (presigned POST, s3:PutObject on the documents' keys); `check` reads an uploaded file and removes it
   * (every version) when refused, and is invoked for each new object; `view` reads documents (view links,
   * presigned GET) and writes their thumbnails (`….thumb.jpg` beside each); `store` puts a checked file
   * under a document's key and removes it (every version) when it cannot be kept (the member's upload page).
   * `upload` also signs staff's file uploads (`uploads/…`); `takeUploads` reads those files only.
   */
  readonly documentFiles?: 'upload' | 'check' | 'view' | 'store' | 'takeUploads';
}

export type FunctionId =
  | 'submitClaim'
  | 'getClaim'
  | 'listClaims'
  | 'approvalLink'
  | 'assessClaim'
  | 'requestApproval'
  | 'payout'
  | 'markFailed'
  | 'programs'
  | 'budgets'
  | 'serviceVisits'
  | 'requestCorrection'
  | 'expireCorrection'
  | 'tickets'
  | 'importMembers'
  | 'memberLookup'
  | 'pendingApprovals'
  | 'escalateApproval'
  | 'deputies'
  | 'claimAudit'
  | 'awaitFunds'
  | 'fundsTimedOut'
  | 'fundsWaiting'
  | 'notifyMember'
  | 'feedbackLink'
  | 'recordAudit'
  | 'paymentBatches'
  | 'reconcilePayments'
  | 'correctPayee'
  | 'payeeLink'
  | 'bankDrop'
  | 'fraudScan'
  | 'fraudFlags'
  | 'awaitRelease'
  | 'rejectHeld'
  | 'auditDigest'
  | 'exports'
  | 'exportDownload'
  | 'exportWorker'
  | 'archiveAuditEvents'
  | 'archiveDigest'
  | 'executionStatusChanged'
  | 'operationsGauge'
  | 'planFigures'
  | 'apiDocs'
  | 'documents'
  | 'documentUploaded'
  | 'requestDocuments'
  | 'awaitDocuments'
  | 'expireDocuments'
  | 'uploadLink'
  | 'approvalDocument';

/** Every Lambda of the system, defined once for the CDK stack and the local runtime. */
export const FUNCTIONS: Readonly<Record<FunctionId, FunctionDef>> = {
  submitClaim: {
    entry: 'functions/handlers/submit-claim.ts',
    description: 'POST /claims: validate, store the claim idempotently, start its execution',
    tables: { claims: READ_WRITE, registry: READ },
    startsWorkflow: true,
    // Hashes the payee details into the claim's first audit event.
    secrets: ['payeeAccountHash'],
  },
  getClaim: {
    entry: 'functions/handlers/get-claim.ts',
    description: 'GET /claims/{claimId}: status, amounts, reasons, timeline and documents',
    tables: { claims: READ, registry: READ },
  },
  listClaims: {
    entry: 'functions/handlers/list-claims.ts',
    description:
      'GET /claims: a page of the claims the caller may see, newest first, through the list indexes',
    tables: { claims: READ, registry: READ },
  },
  approvalLink: {
    entry: 'functions/handlers/approval-link.ts',
    description: 'GET/POST /a/{linkId}: the approver confirmation page and decision',
    tables: { claims: [...READ_WRITE, 'DeleteItem'], registry: ['Query', 'UpdateItem'] },
    sendsTaskResult: true,
    secrets: ['approvalForm'],
    publicLink: true,
  },
  assessClaim: {
    entry: 'functions/handlers/assess-claim.ts',
    description:
      'Workflow step: real-name membership on the incident date, then the program rules and the amount in fen',
    tables: { claims: READ_WRITE, registry: READ },
    aslArn: 'AssessClaimFunctionArn',
  },
  requestApproval: {
    entry: 'functions/handlers/request-approval.ts',
    description: 'Workflow callback step: create approval links and notify approvers',
    tables: { claims: READ_WRITE, registry: [...READ, 'Scan'] },
    aslArn: 'RequestApprovalFunctionArn',
    sendsTaskResult: true,
    notifies: true,
    // Rebuilds the link ids it sends or lists from their stored seeds.
    secrets: ['linkId'],
  },
  payout: {
    entry: 'functions/handlers/payout.ts',
    description: 'Workflow step: pay once, within budget, and send the member the paid SMS',
    tables: { claims: [...READ_WRITE, 'DeleteItem'], registry: READ_WRITE },
    aslArn: 'PayoutFunctionArn',
    sendsTaskResult: true,
    notifies: true,
    // Rebuilds the satisfaction link it sends from its stored seed; hashes the payee it pays.
    secrets: ['linkId', 'payeeAccountHash'],
  },
  markFailed: {
    entry: 'functions/handlers/mark-failed.ts',
    description: 'Workflow step: end a claim FAILED with its reason',
    tables: { claims: [...READ_WRITE, 'DeleteItem'], registry: ['UpdateItem'] },
    aslArn: 'MarkFailedFunctionArn',
  },
  programs: {
    entry: 'functions/handlers/programs.ts',
    description: 'GET /programs; admins add versions and retire programs (准入退出)',
    tables: { registry: READ_WRITE },
  },
  budgets: {
    entry: 'functions/handlers/budgets.ts',
    description: 'Budgets per unit × program × year: allocated, committed, paid, available',
    tables: { registry: READ_WRITE, claims: [...READ_WRITE, 'DeleteItem'] },
    sendsTaskResult: true,
  },
  serviceVisits: {
    entry: 'functions/handlers/service-visits.ts',
    description: 'POST /service-visits: real-name service visits of the service programs',
    tables: { claims: READ_WRITE, registry: READ },
    notifies: true,
    // Rebuilds the link ids it sends or lists from their stored seeds.
    secrets: ['linkId'],
  },
  requestCorrection: {
    entry: 'functions/handlers/request-correction.ts',
    description: 'Workflow callback step: dispatch a member-data correction ticket (派单) and wait for it',
    tables: { claims: READ_WRITE, registry: READ },
    aslArn: 'RequestCorrectionFunctionArn',
    sendsTaskResult: true,
    notifies: true,
  },
  expireCorrection: {
    entry: 'functions/handlers/expire-correction.ts',
    description: 'Workflow step: reject a claim whose data correction was not made in time',
    tables: { claims: READ_WRITE },
    aslArn: 'ExpireCorrectionFunctionArn',
  },
  tickets: {
    entry: 'functions/handlers/tickets.ts',
    description:
      'GET /tickets, POST /tickets/{ticketId}/resolve|documents: data-correction tickets of union staff',
    tables: { claims: READ_WRITE, registry: READ },
    sendsTaskResult: true,
    // A ticket's document request: one SMS to the member with the upload link, derived with the link key.
    notifies: true,
    secrets: ['linkId'],
  },
  importMembers: {
    entry: 'functions/handlers/import-members.ts',
    description: 'POST /members/import: check a member list (CSV) row by row, then upsert by ID number',
    // The claims table for the upload a list may come by (functions/usecases/uploads.ts).
    tables: { registry: [...READ_WRITE, 'BatchWriteItem', 'Scan'], claims: READ_WRITE },
    documentFiles: 'takeUploads',
    secrets: ['idNumberHash'],
    timeoutSeconds: 29,
    memoryMb: 1024,
  },
  memberLookup: {
    entry: 'functions/handlers/member-lookup.ts',
    description:
      'GET /members?idNumber=: a member by ID number (its keyed hash), masked; each lookup audited',
    // The member by its ID-number hash; each answer audited on the member's record.
    tables: { registry: READ_WRITE },
    secrets: ['idNumberHash'],
  },
  pendingApprovals: {
    entry: 'functions/handlers/pending-approvals.ts',
    description: "GET /approvals: the calling approver's open approval requests and their links",
    tables: { claims: READ, registry: READ },
    // Rebuilds the link ids it sends or lists from their stored seeds.
    secrets: ['linkId'],
  },
  escalateApproval: {
    entry: 'functions/handlers/escalate-approval.ts',
    description: 'Workflow step: a level without a decision expires and escalates to the next tier',
    tables: { claims: [...READ_WRITE, 'DeleteItem'], registry: READ },
    aslArn: 'EscalateApprovalFunctionArn',
  },
  deputies: {
    entry: 'functions/handlers/deputies.ts',
    description:
      "PUT/DELETE /approvers/{approverId}/deputy: an approver's deputy for a date range; GET /units/{unitCode}/approvers",
    tables: { registry: [...READ_WRITE, 'DeleteItem', 'Scan'] },
  },
  claimAudit: {
    entry: 'functions/handlers/claim-audit.ts',
    description: "GET /claims/{claimId}/audit: the claim's hash-chained audit events and whether they verify",
    tables: { claims: READ, registry: READ },
    auditArchive: 'read',
  },
  awaitFunds: {
    entry: 'functions/handlers/await-funds.ts',
    description:
      "Workflow callback step: a claim the budget cannot pay waits in its budget's queue (AWAITING_FUNDS)",
    tables: { claims: [...READ_WRITE, 'DeleteItem'], registry: READ },
    aslArn: 'AwaitFundsFunctionArn',
    sendsTaskResult: true,
  },
  fundsTimedOut: {
    entry: 'functions/handlers/funds-timed-out.ts',
    description: 'Workflow step: a claim that got no funds within 90 days ends FAILED',
    tables: { claims: [...READ_WRITE, 'DeleteItem'], registry: READ_WRITE },
    aslArn: 'FundsTimedOutFunctionArn',
  },
  fundsWaiting: {
    entry: 'functions/handlers/funds-waiting.ts',
    description:
      "GET /budgets/{unitCode}/{year}/{programId}/waiting: a budget's claims awaiting funds, in order",
    tables: { claims: READ, registry: READ },
  },
  notifyMember: {
    entry: 'functions/handlers/notify-member.ts',
    description:
      'Workflow step: SMS to the member when the claim is rejected (the paid SMS is sent by the payout step)',
    tables: { claims: READ_WRITE, registry: READ },
    aslArn: 'NotifyMemberFunctionArn',
    notifies: true,
    // Rebuilds the link ids it sends or lists from their stored seeds.
    secrets: ['linkId'],
  },
  feedbackLink: {
    entry: 'functions/handlers/feedback-link.ts',
    description: "GET/POST /f/{token}: a member's satisfaction page and rating (once)",
    tables: { claims: READ_WRITE },
    secrets: ['feedbackForm'],
    publicLink: true,
  },
  recordAudit: {
    entry: 'functions/handlers/record-audit.ts',
    description: 'GET /audit/{record}/{id}: the audit events of a member, a budget, a program or an approver',
    tables: { registry: [...READ, 'Scan'] },
  },
  paymentBatches: {
    entry: 'functions/handlers/payment-batches.ts',
    description:
      "POST /payment-batches, GET /payment-batches[/{batchId}]: a paying unit's daily bank file, the batches list",
    tables: { claims: READ_WRITE, registry: READ },
    auditArchive: 'read',
    // Checks each line's payee details against the hash the claim's chain paid to.
    secrets: ['payeeAccountHash'],
  },
  reconcilePayments: {
    entry: 'functions/handlers/reconcile-payments.ts',
    description: "POST /payment-batches/reconciliations: the bank's result, payouts confirmed or returned",
    tables: { claims: READ_WRITE, registry: READ_WRITE },
    documentFiles: 'takeUploads',
    notifies: true,
  },
  correctPayee: {
    entry: 'functions/handlers/correct-payee.ts',
    description:
      'GET/PUT /claims/{claimId}/payee, POST …/payee/{changeId}/confirm: new bank details after a returned payout (staff changes need a second person)',
    tables: { claims: READ_WRITE, registry: READ },
    startsWorkflow: true,
    notifies: true,
    secrets: ['payeeAccountHash'],
  },
  bankDrop: {
    entry: 'functions/handlers/bank-drop.ts',
    description:
      "The bank's channel: a result file written under bank-results/ (by the bank integration role only) is applied with its checksum",
    tables: { claims: READ_WRITE, registry: READ_WRITE },
    notifies: true,
    bankResults: 'read',
    timeoutSeconds: 300,
  },
  payeeLink: {
    entry: 'functions/handlers/payee-link.ts',
    description: "GET/POST /p/{token}: the member's SMS link to confirm new payee details proposed by staff",
    // The program catalog (usage limits) is its only registry read; it never reads the full details.
    tables: { claims: READ_WRITE, registry: ['Query'] },
    startsWorkflow: true,
    secrets: ['feedbackForm'],
    publicLink: true,
  },
  fraudScan: {
    entry: 'functions/handlers/fraud-scan.ts',
    description: 'Scheduled job: the fraud scan of the claims changed since its last run',
    tables: { claims: [...READ_WRITE, 'DeleteItem', 'BatchWriteItem', 'Scan'], registry: READ },
    secrets: ['idNumberHash'],
    timeoutSeconds: 900,
    memoryMb: 1024,
  },
  fraudFlags: {
    entry: 'functions/handlers/fraud-flags.ts',
    description:
      'GET /fraud/flags, POST /fraud/flags/{claimId}/{flagId}/clear|confirm: fraud flags and holds',
    tables: { claims: READ_WRITE, registry: READ },
    sendsTaskResult: true,
  },
  awaitRelease: {
    entry: 'functions/handlers/await-release.ts',
    description: 'Workflow callback step: a flagged claim waits ON_HOLD until its fraud flags are decided',
    tables: { claims: READ_WRITE },
    aslArn: 'AwaitReleaseFunctionArn',
    sendsTaskResult: true,
  },
  rejectHeld: {
    entry: 'functions/handlers/reject-held.ts',
    description: 'Workflow step: a held claim whose fraud flag was confirmed ends REJECTED',
    tables: { claims: [...READ_WRITE, 'DeleteItem'], registry: READ_WRITE },
    aslArn: 'RejectHeldFunctionArn',
  },
  archiveAuditEvents: {
    entry: 'functions/handlers/archive-audit-events.ts',
    description: "The claims table's stream: copy every audit event to the Object Lock archive bucket",
    tables: {},
    auditArchive: 'append',
    claimsStream: true,
    timeoutSeconds: 60,
  },
  archiveDigest: {
    entry: 'functions/handlers/archive-digest.ts',
    description:
      "Scheduled job, hourly: the audit archive's heads of the hour before, chained to the last digest",
    tables: {},
    auditArchive: 'append',
    timeoutSeconds: 300,
  },
  auditDigest: {
    entry: 'functions/handlers/audit-digest.ts',
    description: "Scheduled job: record the previous Beijing day's digest of the claims' audit chains",
    tables: { claims: READ_WRITE },
    timeoutSeconds: 300,
  },
  exports: {
    entry: 'functions/handlers/exports.ts',
    description:
      'POST /exports, GET /exports, GET /exports/{exportId}: evaluation exports (auditors, admins)',
    tables: { claims: READ_WRITE },
    exportFiles: 'read',
    startsExport: true,
  },
  exportDownload: {
    entry: 'functions/handlers/export-download.ts',
    description: 'GET /exports/{exportId}/files/{name}: a file of an export by its signed, expiring link',
    tables: {},
    exportFiles: 'read',
    secrets: ['exportDownload'],
    publicLink: true,
  },
  exportWorker: {
    entry: 'functions/handlers/export-worker.ts',
    description: 'Scans the tables into the evaluation, writes CSV, JSON Lines, HTML and the signed manifest',
    tables: { claims: [...READ_WRITE, 'Scan'], registry: [...READ, 'Scan'] },
    exportFiles: 'readWrite',
    secrets: ['exportSigning'],
    timeoutSeconds: 900,
    memoryMb: 1769,
  },
  executionStatusChanged: {
    entry: 'functions/handlers/execution-status-changed.ts',
    description:
      'EventBridge: a claim execution was stopped, timed out or failed; the claim ends FAILED and gives back what it reserved',
    tables: { claims: [...READ_WRITE, 'DeleteItem'], registry: ['UpdateItem'] },
  },
  operationsGauge: {
    entry: 'functions/handlers/operations-gauge.ts',
    description:
      "Scheduled job, hourly: approval levels open over three days and budgets under 10% available, as CloudWatch metrics; the year's plan figures stored",
    // The open approval levels (byMember index); the running year's budgets (the registry has no list of units);
    // both tables scanned into the evaluation, its rows of every unit stored as the plan figures (FIGURES#<year>).
    tables: { claims: [...READ, 'Scan', 'PutItem'], registry: [...READ, 'Scan'] },
    timeoutSeconds: 900,
    memoryMb: 1769,
  },
  planFigures: {
    entry: 'functions/handlers/plan-figures.ts',
    description: "GET /plan-figures: the plan's figures of the caller's scope, from the hourly snapshot",
    tables: { claims: READ, registry: READ },
  },
  documents: {
    entry: 'functions/handlers/documents.ts',
    description:
      'POST /claims/{claimId}/documents, POST /uploads: a presigned upload form for one declared document or staff file (type, size, SHA-256)',
    tables: { claims: READ_WRITE, registry: READ },
    documentFiles: 'upload',
  },
  documentUploaded: {
    entry: 'functions/handlers/document-uploaded.ts',
    description:
      "The documents bucket's Object Created event: check the file against its declaration, store it with its audit event or remove it",
    // The program (registry) and the wait of a claim waiting for its required documents, which it resumes.
    tables: { claims: [...READ_WRITE, 'DeleteItem'], registry: READ },
    documentFiles: 'check',
    sendsTaskResult: true,
    memoryMb: 512,
  },
  approvalDocument: {
    entry: 'functions/handlers/approval-document.ts',
    description:
      "GET /a/{linkId}/documents/{documentId}: audit an approver's view of a claim document, then redirect to a 5-minute signed URL (thumbnails made once)",
    tables: { claims: READ_WRITE },
    publicLink: true,
    documentFiles: 'view',
    nativeModules: ['sharp'],
    memoryMb: 1024,
  },
  apiDocs: {
    entry: 'functions/handlers/api-docs.ts',
    description: 'GET /openapi.json and GET /docs: the OpenAPI document of the API, and the same as a page',
    tables: {},
    publicLink: true,
  },
  requestDocuments: {
    entry: 'functions/handlers/request-documents.ts',
    description:
      'Workflow step: a claim missing a required document gets its window and the member one SMS with the upload link',
    // The claim, its documents and its wait; the program (usage limits aside) and the member's mobile.
    tables: { claims: READ_WRITE, registry: READ },
    aslArn: 'RequestDocumentsFunctionArn',
    notifies: true,
    // Derives the upload link's token from its stored seed.
    secrets: ['linkId'],
  },
  awaitDocuments: {
    entry: 'functions/handlers/await-documents.ts',
    description:
      'Workflow callback step: a claim waits in AWAITING_DOCUMENTS until its required documents are stored',
    tables: { claims: READ_WRITE, registry: READ },
    aslArn: 'AwaitDocumentsFunctionArn',
    sendsTaskResult: true,
  },
  expireDocuments: {
    entry: 'functions/handlers/expire-documents.ts',
    description: 'Workflow step: a claim whose required documents did not arrive in time ends REJECTED',
    // Gives back the usage and evidence numbers the claim reserved (an evidence item is deleted).
    tables: { claims: [...READ_WRITE, 'DeleteItem'], registry: READ },
    aslArn: 'ExpireDocumentsFunctionArn',
  },
  uploadLink: {
    entry: 'functions/handlers/upload-link.ts',
    description:
      "GET/POST /u/{token}: the member's SMS link to upload the required documents a waiting claim lacks",
    // The claim, its documents (a new one with its audit event) and its wait; the program catalog's Query.
    tables: { claims: READ_WRITE, registry: ['Query'] },
    documentFiles: 'store',
    sendsTaskResult: true,
    secrets: ['feedbackForm'],
    publicLink: true,
    // A document of up to 10 MiB is read and sniffed in memory.
    memoryMb: 512,
    timeoutSeconds: 29,
  },
};
