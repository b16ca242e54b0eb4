import type { TableId } from './tables.ts';

export type Access = 'read' | 'readWrite';

export interface FunctionDef {
  /** Handler module, relative to the project root; it exports `handler`. */
  readonly entry: string;
  readonly description: string;
  readonly tables: Partial<Record<TableId, Access>>;
  /** Name of the `${...}` substitution in workflows/claim.asl.json, for workflow steps. */
  readonly aslArn?: string;
  /** Starts claim executions (states:StartExecution on the claim state machine). */
  readonly startsWorkflow?: boolean;
  /** Reports callback results (states:SendTaskSuccess/Failure/Heartbeat). */
  readonly sendsTaskResult?: boolean;
  /** Sends e-mail (SES) and SMS (SNS). */
  readonly notifies?: boolean;
  /** Keys the function needs: `linkSecret` (approval-form tokens), `piiHashKey` (ID-number hashes). */
  readonly secrets?: readonly ('linkSecret' | 'piiHashKey' | 'exportSigningKey')[];
  /** More than the default 15 s (an API function stays under API Gateway's 30 s). */
  readonly timeoutSeconds?: number;
  readonly memoryMb?: number;
  /** Access to the evaluation-export bucket (S3 in AWS, a folder locally). */
  readonly exportFiles?: Access;
  /** Starts the evaluation-export worker. */
  readonly startsExport?: boolean;
}

export type FunctionId =
  | 'submitClaim'
  | 'getClaim'
  | 'approvalLink'
  | 'verifyMembership'
  | 'checkRules'
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
  | 'fraudScan'
  | 'fraudFlags'
  | 'awaitRelease'
  | 'rejectHeld'
  | 'auditDigest'
  | 'exports'
  | 'exportDownload'
  | 'exportWorker';

/** Every Lambda of the system, defined once for the CDK stack and the local runtime. */
export const FUNCTIONS: Readonly<Record<FunctionId, FunctionDef>> = {
  submitClaim: {
    entry: 'functions/handlers/submit-claim.ts',
    description: 'POST /claims: validate, store the claim idempotently, start its execution',
    tables: { claims: 'readWrite', registry: 'read' },
    startsWorkflow: true,
  },
  getClaim: {
    entry: 'functions/handlers/get-claim.ts',
    description: 'GET /claims/{claimId}: status, amounts, reasons and timeline',
    tables: { claims: 'read', registry: 'read' },
  },
  approvalLink: {
    entry: 'functions/handlers/approval-link.ts',
    description: 'GET/POST /a/{linkId}: the approver confirmation page and decision',
    tables: { claims: 'readWrite', registry: 'read' },
    sendsTaskResult: true,
    secrets: ['linkSecret'],
  },
  verifyMembership: {
    entry: 'functions/handlers/verify-membership.ts',
    description: 'Workflow step: real-name membership on the incident date',
    tables: { claims: 'readWrite', registry: 'read' },
    aslArn: 'VerifyMembershipFunctionArn',
  },
  checkRules: {
    entry: 'functions/handlers/check-rules.ts',
    description: 'Workflow step: program rules and the amount in fen',
    tables: { claims: 'readWrite', registry: 'read' },
    aslArn: 'CheckRulesFunctionArn',
  },
  requestApproval: {
    entry: 'functions/handlers/request-approval.ts',
    description: 'Workflow callback step: create approval links and notify approvers',
    tables: { claims: 'readWrite', registry: 'read' },
    aslArn: 'RequestApprovalFunctionArn',
    sendsTaskResult: true,
    notifies: true,
  },
  payout: {
    entry: 'functions/handlers/payout.ts',
    description: 'Workflow step: pay once, within budget',
    tables: { claims: 'readWrite', registry: 'readWrite' },
    aslArn: 'PayoutFunctionArn',
    sendsTaskResult: true,
  },
  markFailed: {
    entry: 'functions/handlers/mark-failed.ts',
    description: 'Workflow step: end a claim FAILED with its reason',
    tables: { claims: 'readWrite' },
    aslArn: 'MarkFailedFunctionArn',
  },
  programs: {
    entry: 'functions/handlers/programs.ts',
    description: 'GET /programs; admins add versions and retire programs (准入退出)',
    tables: { registry: 'readWrite' },
  },
  budgets: {
    entry: 'functions/handlers/budgets.ts',
    description: 'Budgets per unit × program × year: allocated, committed, paid, available',
    tables: { registry: 'readWrite', claims: 'readWrite' },
    sendsTaskResult: true,
  },
  serviceVisits: {
    entry: 'functions/handlers/service-visits.ts',
    description: 'POST /service-visits: real-name service visits of the service programs',
    tables: { claims: 'readWrite', registry: 'read' },
    notifies: true,
  },
  requestCorrection: {
    entry: 'functions/handlers/request-correction.ts',
    description: 'Workflow callback step: dispatch a member-data correction ticket (派单) and wait for it',
    tables: { claims: 'readWrite', registry: 'read' },
    aslArn: 'RequestCorrectionFunctionArn',
    sendsTaskResult: true,
    notifies: true,
  },
  expireCorrection: {
    entry: 'functions/handlers/expire-correction.ts',
    description: 'Workflow step: reject a claim whose data correction was not made in time',
    tables: { claims: 'readWrite' },
    aslArn: 'ExpireCorrectionFunctionArn',
  },
  tickets: {
    entry: 'functions/handlers/tickets.ts',
    description: 'GET /tickets, POST /tickets/{ticketId}/resolve: data-correction tickets of union staff',
    tables: { claims: 'readWrite', registry: 'read' },
    sendsTaskResult: true,
  },
  importMembers: {
    entry: 'functions/handlers/import-members.ts',
    description: 'POST /members/import: check a member list (CSV) row by row, then upsert by ID number',
    tables: { registry: 'readWrite' },
    secrets: ['piiHashKey'],
    timeoutSeconds: 29,
    memoryMb: 1024,
  },
  memberLookup: {
    entry: 'functions/handlers/member-lookup.ts',
    description:
      'GET /members?idNumber=: a member by ID number (its keyed hash), masked; each lookup audited',
    tables: { registry: 'readWrite' },
    secrets: ['piiHashKey'],
  },
  pendingApprovals: {
    entry: 'functions/handlers/pending-approvals.ts',
    description: "GET /approvals: the calling approver's open approval requests and their links",
    tables: { claims: 'read', registry: 'read' },
  },
  escalateApproval: {
    entry: 'functions/handlers/escalate-approval.ts',
    description: 'Workflow step: a level without a decision expires and escalates to the next tier',
    tables: { claims: 'readWrite', registry: 'read' },
    aslArn: 'EscalateApprovalFunctionArn',
  },
  deputies: {
    entry: 'functions/handlers/deputies.ts',
    description: "PUT/DELETE /approvers/{approverId}/deputy: an approver's deputy for a date range",
    tables: { registry: 'readWrite' },
  },
  claimAudit: {
    entry: 'functions/handlers/claim-audit.ts',
    description: "GET /claims/{claimId}/audit: the claim's hash-chained audit events and whether they verify",
    tables: { claims: 'read', registry: 'read' },
  },
  awaitFunds: {
    entry: 'functions/handlers/await-funds.ts',
    description:
      "Workflow callback step: a claim the budget cannot pay waits in its budget's queue (AWAITING_FUNDS)",
    tables: { claims: 'readWrite', registry: 'read' },
    aslArn: 'AwaitFundsFunctionArn',
    sendsTaskResult: true,
  },
  fundsTimedOut: {
    entry: 'functions/handlers/funds-timed-out.ts',
    description: 'Workflow step: a claim that got no funds within 90 days ends FAILED',
    tables: { claims: 'readWrite', registry: 'readWrite' },
    aslArn: 'FundsTimedOutFunctionArn',
  },
  fundsWaiting: {
    entry: 'functions/handlers/funds-waiting.ts',
    description:
      "GET /budgets/{unitCode}/{year}/{programId}/waiting: a budget's claims awaiting funds, in order",
    tables: { claims: 'read', registry: 'read' },
  },
  notifyMember: {
    entry: 'functions/handlers/notify-member.ts',
    description:
      'Workflow step: SMS to the member (received, approved, rejected, paid with a satisfaction link)',
    tables: { claims: 'readWrite', registry: 'read' },
    aslArn: 'NotifyMemberFunctionArn',
    notifies: true,
  },
  feedbackLink: {
    entry: 'functions/handlers/feedback-link.ts',
    description: "GET/POST /f/{token}: a member's satisfaction page and rating (once)",
    tables: { claims: 'readWrite' },
    secrets: ['linkSecret'],
  },
  recordAudit: {
    entry: 'functions/handlers/record-audit.ts',
    description: 'GET /audit/{record}/{id}: the audit events of a member, a budget, a program or an approver',
    tables: { registry: 'read' },
  },
  paymentBatches: {
    entry: 'functions/handlers/payment-batches.ts',
    description: "POST /payment-batches, GET /payment-batches/{batchId}: a paying unit's daily bank file",
    tables: { claims: 'readWrite', registry: 'read' },
  },
  reconcilePayments: {
    entry: 'functions/handlers/reconcile-payments.ts',
    description: "POST /payment-batches/reconciliations: the bank's result, payouts confirmed or returned",
    tables: { claims: 'readWrite', registry: 'readWrite' },
    notifies: true,
  },
  correctPayee: {
    entry: 'functions/handlers/correct-payee.ts',
    description: 'PUT /claims/{claimId}/payee: corrected bank details after a returned payout; pays again',
    tables: { claims: 'readWrite', registry: 'read' },
    startsWorkflow: true,
  },
  fraudScan: {
    entry: 'functions/handlers/fraud-scan.ts',
    description: 'Scheduled job: the fraud scan of the claims changed since its last run',
    tables: { claims: 'readWrite', registry: 'read' },
    secrets: ['piiHashKey'],
    timeoutSeconds: 900,
    memoryMb: 1024,
  },
  fraudFlags: {
    entry: 'functions/handlers/fraud-flags.ts',
    description:
      'GET /fraud/flags, POST /fraud/flags/{claimId}/{flagId}/clear|confirm: fraud flags and holds',
    tables: { claims: 'readWrite', registry: 'read' },
    sendsTaskResult: true,
  },
  awaitRelease: {
    entry: 'functions/handlers/await-release.ts',
    description: 'Workflow callback step: a flagged claim waits ON_HOLD until its fraud flags are decided',
    tables: { claims: 'readWrite' },
    aslArn: 'AwaitReleaseFunctionArn',
    sendsTaskResult: true,
  },
  rejectHeld: {
    entry: 'functions/handlers/reject-held.ts',
    description: 'Workflow step: a held claim whose fraud flag was confirmed ends REJECTED',
    tables: { claims: 'readWrite', registry: 'readWrite' },
    aslArn: 'RejectHeldFunctionArn',
  },
  auditDigest: {
    entry: 'functions/handlers/audit-digest.ts',
    description: "Scheduled job: record the previous Beijing day's digest of the claims' audit chains",
    tables: { claims: 'readWrite' },
    timeoutSeconds: 300,
  },
  exports: {
    entry: 'functions/handlers/exports.ts',
    description:
      'POST /exports, GET /exports, GET /exports/{exportId}: evaluation exports (auditors, admins)',
    tables: { claims: 'readWrite' },
    exportFiles: 'read',
    startsExport: true,
  },
  exportDownload: {
    entry: 'functions/handlers/export-download.ts',
    description: 'GET /exports/{exportId}/files/{name}: a file of an export by its signed, expiring link',
    tables: {},
    exportFiles: 'read',
    secrets: ['linkSecret'],
  },
  exportWorker: {
    entry: 'functions/handlers/export-worker.ts',
    description: 'Scans the tables into the evaluation, writes CSV, JSON Lines, HTML and the signed manifest',
    tables: { claims: 'readWrite', registry: 'read' },
    exportFiles: 'readWrite',
    secrets: ['exportSigningKey'],
    timeoutSeconds: 900,
    memoryMb: 1769,
  },
};
