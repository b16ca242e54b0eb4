import type * as z from 'zod';
import { ClaimSubmission, PayeeDetails } from '../claims.ts';
import { DeputyBody } from '../delegations.ts';
import { DocumentUploadRequest } from '../documents.ts';
import { ExportRequest } from '../exports.ts';
import { MemberImportQuery } from '../members.ts';
import { ProgramVersion, RetireRequest, WithdrawRetirementRequest } from '../programs.ts';
import { ServiceVisitBody } from '../service-visits.ts';
import { TicketDocumentsRequest } from '../ticket-documents.ts';
import { FileUploadRequest, UploadedFile } from '../uploads.ts';
import { CONSOLE_OPERATIONS } from './console-operations.ts';
import {
  BatchRequest,
  BudgetAllocation,
  DecisionForm,
  FeedbackForm,
  FlagDecision,
  PayeeConfirmForm,
  TicketResolution,
  UploadForm,
} from './requests.ts';
import * as R from './responses.ts';

/** How a body travels: JSON, a problem, a page, a file, or nothing (HEAD). */
export type MediaKind = 'json' | 'form' | 'multipart' | 'csv' | 'ndjson' | 'html' | 'file' | 'none';

export interface Answer {
  readonly description: string;
  readonly kind: MediaKind;
  readonly schema?: z.ZodType;
  /** Other media types the same answer takes (a page by default, JSON with `Accept: application/json`). */
  readonly alternatives?: readonly MediaKind[];
}

export interface Operation {
  readonly method: 'GET' | 'HEAD' | 'POST' | 'PUT' | 'DELETE';
  readonly path: string;
  /** `jwt`: a bearer token from the identity provider; `none`: a public route (a link, or this contract). */
  readonly auth: 'jwt' | 'none';
  readonly tag: string;
  readonly summary: string;
  readonly query?: Readonly<Record<string, { readonly description: string; readonly required?: boolean }>>;
  /** A query described by a zod schema (its fields become the query parameters). */
  readonly querySchema?: z.ZodObject;
  readonly headers?: Readonly<Record<string, { readonly description: string; readonly required?: boolean }>>;
  readonly body?: {
    readonly kind: 'json' | 'form' | 'multipart' | 'csv';
    readonly schema?: z.ZodType;
    /** The same request may send this JSON instead (`{uploadId}` of a file sent by POST /uploads). */
    readonly orJson?: z.ZodType;
  };
  /** The answers other than problems, by status. */
  readonly ok: Readonly<Record<number, Answer>>;
  /** The statuses answered as `application/problem+json`. */
  readonly problems: readonly number[];
  /** A link's page: its refusals are pages too, problem+json only with `Accept: application/json`. */
  readonly pages?: boolean;
}

const ok = (description: string, schema: z.ZodType): Answer => ({ description, kind: 'json', schema });
const page = (description: string): Answer => ({ description, kind: 'html' });
const SIGNED_IN = [400, 403, 404] as const;

/** A link route answers a page, or JSON with `Accept: application/json`. */
function linkRoutes(
  path: string,
  tag: string,
  what: string,
  view: z.ZodType,
  form: z.ZodType,
  posted: z.ZodType,
): Operation[] {
  return [
    {
      method: 'GET',
      path,
      auth: 'none',
      tag,
      summary: `The ${what} page (JSON with Accept: application/json); changes nothing`,
      ok: {
        200: {
          description: 'the page, or its state as JSON',
          kind: 'json',
          schema: view,
          alternatives: ['html'],
        },
      },
      problems: [403, 404, 409, 410],
      pages: true,
    },
    {
      method: 'HEAD',
      path,
      auth: 'none',
      tag,
      summary: `The ${what} link checked as GET, without a body`,
      ok: { 200: { description: 'the link exists', kind: 'none' } },
      problems: [403, 404, 409, 410],
      pages: true,
    },
    {
      method: 'POST',
      path,
      auth: 'none',
      tag,
      summary: `Answers the ${what} once, with the page's form token`,
      body: { kind: 'form', schema: form },
      ok: {
        200: {
          description: 'recorded (a page, or JSON)',
          kind: 'json',
          schema: posted,
          alternatives: ['html'],
        },
      },
      problems: [400, 403, 404, 409, 410],
      pages: true,
    },
  ];
}

/** Every operation of the HTTP API: the route table's routes, each described once. */
export const OPERATIONS: readonly Operation[] = [
  {
    method: 'POST',
    path: '/claims',
    auth: 'jwt',
    tag: 'claims',
    summary: 'Submit a claim (idempotent by Idempotency-Key)',
    headers: {
      'Idempotency-Key': { description: 'the same key and body answer the same claim', required: true },
    },
    body: { kind: 'json', schema: ClaimSubmission },
    ok: { 202: ok('accepted; the execution has started', R.ClaimAccepted) },
    problems: [400, 403, 409, 413, 415, 422],
  },
  {
    method: 'GET',
    path: '/claims/{claimId}',
    auth: 'jwt',
    tag: 'claims',
    summary: 'A claim: status, amounts in fen, every rule with its reason, approval and timeline',
    ok: { 200: ok('the claim', R.ClaimView) },
    problems: [404],
  },
  {
    method: 'POST',
    path: '/claims/{claimId}/documents',
    auth: 'jwt',
    tag: 'claims',
    summary:
      'Add a document (JPEG, PNG, HEIC or PDF, at most 10 MiB): declare it, then POST the answered form with the file',
    body: { kind: 'json', schema: DocumentUploadRequest },
    ok: {
      201: ok('the upload form (url, fields) that takes exactly the declared file', R.DocumentUploadTarget),
    },
    problems: [...SIGNED_IN, 409],
  },
  {
    method: 'POST',
    path: '/uploads',
    auth: 'jwt',
    tag: 'uploads',
    summary:
      "Send a staff file too big for a body (a bank's result, a member list; at most 50 MiB): declare it, POST the answered form with the file, then pass {uploadId} to its route",
    body: { kind: 'json', schema: FileUploadRequest },
    ok: { 201: ok('the upload form (url, fields) that takes exactly the declared file', R.FileUploadTarget) },
    problems: [400, 403],
  },
  {
    method: 'GET',
    path: '/claims/{claimId}/audit',
    auth: 'jwt',
    tag: 'audit',
    summary: "The claim's hash-chained audit events and whether the chain verifies",
    ok: { 200: ok('the events and their verification', R.ClaimAudit) },
    problems: [403, 404],
  },
  {
    method: 'GET',
    path: '/claims/{claimId}/payee',
    auth: 'jwt',
    tag: 'payments',
    summary:
      "The claim's payee as payouts use it (masked), its change waiting for a second person and the history of changes; never an account number or a payee hash",
    ok: { 200: ok('the payee, the pending change and the history', R.PayeeView) },
    problems: [403, 404],
  },
  {
    method: 'PUT',
    path: '/claims/{claimId}/payee',
    auth: 'jwt',
    tag: 'payments',
    summary: 'Corrected bank details for a claim whose payout the bank returned',
    body: { kind: 'json', schema: PayeeDetails },
    ok: { 202: ok('paid again (member) or a change pending a second person (staff)', R.PayeeAnswer) },
    problems: [...SIGNED_IN, 409, 422],
  },
  {
    method: 'POST',
    path: '/claims/{claimId}/payee/{changeId}/confirm',
    auth: 'jwt',
    tag: 'payments',
    summary:
      'A second person confirms a pending payee change, within 14 days of its proposal (PAYEE_CHANGE_EXPIRY_DAYS; later: 410)',
    ok: { 202: ok('the claim is paid again to the proposed details', R.PayeeAnswer) },
    problems: [...SIGNED_IN, 409, 410],
  },
  ...linkRoutes('/a/{linkId}', 'links', 'approval', R.ApprovalLinkView, DecisionForm, R.ApprovalDecided),
  {
    method: 'GET',
    path: '/a/{linkId}/documents/{documentId}',
    auth: 'none',
    tag: 'links',
    summary:
      "A document of the approval link's claim while the link is pending: the view is audited, then a redirect to a 5-minute signed URL",
    query: { thumb: { description: '1: the document’s thumbnail (JPEG and PNG documents)' } },
    ok: { 302: { description: 'to the signed URL of the document or its thumbnail', kind: 'none' } },
    problems: [404, 409, 410],
    pages: true,
  },
  {
    method: 'GET',
    path: '/programs',
    auth: 'jwt',
    tag: 'programs',
    summary: "The programs, each one's state today and the version in force",
    ok: { 200: ok('the programs', R.ProgramList) },
    problems: [],
  },
  {
    method: 'POST',
    path: '/programs/{programId}/versions',
    auth: 'jwt',
    tag: 'programs',
    summary: 'A new version of a program, in force from its effectiveFrom (admin)',
    body: { kind: 'json', schema: ProgramVersion },
    ok: { 201: ok('the stored version', R.StoredProgramVersion) },
    problems: [...SIGNED_IN, 409],
  },
  {
    method: 'POST',
    path: '/programs/{programId}/retire',
    auth: 'jwt',
    tag: 'programs',
    summary: 'Retire a program from a day on (admin)',
    body: { kind: 'json', schema: RetireRequest },
    ok: { 201: ok('the retirement, stored as a version', R.StoredProgramVersion) },
    problems: [...SIGNED_IN, 409],
  },
  {
    method: 'DELETE',
    path: '/programs/{programId}/retire',
    auth: 'jwt',
    tag: 'programs',
    summary: 'Withdraw a retirement that has not taken effect yet (admin)',
    body: { kind: 'json', schema: WithdrawRetirementRequest },
    ok: { 200: ok('withdrawn', R.WithdrawnRetirement) },
    problems: [...SIGNED_IN, 409],
  },
  {
    method: 'GET',
    path: '/budgets/{unitCode}/{year}',
    auth: 'jwt',
    tag: 'budgets',
    summary: "A unit's budgets of a year, per program, in fen",
    ok: { 200: ok('the budgets', R.UnitBudgets) },
    problems: SIGNED_IN,
  },
  {
    method: 'PUT',
    path: '/budgets/{unitCode}/{year}/{programId}',
    auth: 'jwt',
    tag: 'budgets',
    summary: "Set a program's allocation (never below what is paid); audited",
    body: { kind: 'json', schema: BudgetAllocation },
    ok: { 200: ok('the budget', R.Budget) },
    problems: [...SIGNED_IN, 409],
  },
  {
    method: 'GET',
    path: '/budgets/{unitCode}/{year}/{programId}/waiting',
    auth: 'jwt',
    tag: 'budgets',
    summary: 'The claims waiting for funds of a budget',
    ok: { 200: ok('the budget and the waiting claims', R.FundsWaiting) },
    problems: SIGNED_IN,
  },
  {
    method: 'POST',
    path: '/service-visits',
    auth: 'jwt',
    tag: 'members',
    summary: "A member's real-name visit of a service program (pays nothing)",
    body: { kind: 'json', schema: ServiceVisitBody },
    ok: { 200: ok('the same visit, recorded before', R.VisitRecorded), 201: ok('recorded', R.VisitRecorded) },
    problems: [...SIGNED_IN, 422],
  },
  {
    method: 'GET',
    path: '/tickets',
    auth: 'jwt',
    tag: 'tickets',
    summary: 'Data-correction tickets of the caller’s subtree',
    query: {
      status: { description: '`open` (default), `resolved` or `expired`' },
      unitCode: { description: 'only the tickets of this unit’s subtree, within the caller’s units' },
    },
    ok: { 200: ok('the tickets', R.TicketList) },
    problems: [400, 403],
  },
  {
    method: 'POST',
    path: '/tickets/{ticketId}/resolve',
    auth: 'jwt',
    tag: 'tickets',
    summary: 'Resolve a ticket: the claim is verified again, or rejected with the reason',
    body: { kind: 'json', schema: TicketResolution },
    ok: { 200: ok('the resolved ticket', R.Ticket) },
    problems: [...SIGNED_IN, 409],
  },
  {
    method: 'POST',
    path: '/tickets/{ticketId}/documents',
    auth: 'jwt',
    tag: 'tickets',
    summary:
      'Ask the claim’s member for documents on an open ticket: one SMS with the upload link (GET /u/{token}), which expires with the ticket',
    body: { kind: 'json', schema: TicketDocumentsRequest },
    ok: {
      200: ok('the same request, made before', R.Ticket),
      201: ok('the ticket with its request', R.Ticket),
    },
    problems: [...SIGNED_IN, 409],
  },
  {
    method: 'POST',
    path: '/members/import',
    auth: 'jwt',
    tag: 'members',
    summary:
      'Import a member CSV (UTF-8 or GB18030): a per-row report. The CSV as the body, or {uploadId} of a file sent by POST /uploads (purpose member-import)',
    querySchema: MemberImportQuery,
    body: { kind: 'csv', orJson: UploadedFile },
    ok: { 200: ok('the report', R.ImportReport) },
    problems: [400, 403, 404, 409, 413, 415, 422],
  },
  {
    method: 'GET',
    path: '/members',
    auth: 'jwt',
    tag: 'members',
    summary: 'Find a member by resident ID number (masked answer; audited)',
    query: { idNumber: { description: 'the resident ID number', required: true } },
    ok: { 200: ok('the member', R.MemberFound) },
    problems: SIGNED_IN,
  },
  {
    method: 'GET',
    path: '/approvals',
    auth: 'jwt',
    tag: 'approvals',
    summary: "The caller's pending approvals, with their links and whom each level was assigned to",
    ok: {
      200: ok(
        'the pending approvals: those assigned to the caller first, then the others, oldest level first in each',
        R.PendingApprovals,
      ),
    },
    problems: [403],
  },
  {
    method: 'PUT',
    path: '/approvers/{approverId}/deputy',
    auth: 'jwt',
    tag: 'approvals',
    summary:
      'A deputy receives the links while the approver is away; audited. Answers the delegation only: {approverId, deputyApproverId, from, to}',
    body: { kind: 'json', schema: DeputyBody },
    ok: { 200: ok('the delegation: who stands in for whom, from and to', R.Delegation) },
    problems: [...SIGNED_IN, 409],
  },
  {
    method: 'GET',
    path: '/units/{unitCode}/approvers',
    auth: 'jwt',
    tag: 'approvals',
    summary:
      "A unit's approvers with their current deputy (who, from, to, whether today is covered): staff of the unit or above, admins, the unit's own approvers",
    ok: { 200: ok('the approvers and their deputies', R.UnitApprovers) },
    problems: [403, 404],
  },
  {
    method: 'DELETE',
    path: '/approvers/{approverId}/deputy',
    auth: 'jwt',
    tag: 'approvals',
    summary: "Remove an approver's deputy; audited",
    ok: { 200: ok('removed (or there was none)', R.DeputyRemoved) },
    problems: SIGNED_IN,
  },
  ...linkRoutes('/f/{token}', 'links', 'satisfaction', R.FeedbackLinkView, FeedbackForm, R.LinkResult),
  {
    method: 'GET',
    path: '/audit/{record}/{id}',
    auth: 'jwt',
    tag: 'audit',
    summary: "The audit events of a member, a unit's budgets, a program or an approver's deputies",
    ok: { 200: ok('the events', R.RecordAudit) },
    problems: SIGNED_IN,
  },
  {
    method: 'POST',
    path: '/payment-batches',
    auth: 'jwt',
    tag: 'payments',
    summary: "Cut that Beijing day's next batch of the unit's payouts",
    body: { kind: 'json', schema: BatchRequest },
    ok: { 200: ok("nothing new: the day's latest batch", R.BatchCut), 201: ok('a new batch', R.BatchCut) },
    problems: [...SIGNED_IN, 409],
  },
  {
    method: 'GET',
    path: '/payment-batches/{batchId}',
    auth: 'jwt',
    tag: 'payments',
    summary: 'The bank file (text/csv, audited), or with Accept: application/json the state of its lines',
    ok: {
      200: {
        description: 'the bank file, or its lines as JSON',
        kind: 'json',
        schema: R.BatchStatus,
        alternatives: ['csv'],
      },
    },
    problems: [...SIGNED_IN, 409],
  },
  {
    method: 'POST',
    path: '/payment-batches/reconciliations',
    auth: 'jwt',
    tag: 'payments',
    summary:
      "Upload the bank's result file: what was applied, unchanged and refused, line by line. The CSV as the body, or {uploadId} of a file sent by POST /uploads (purpose bank-result)",
    body: { kind: 'csv', orJson: UploadedFile },
    ok: {
      200: ok('applied', R.ReconciliationReport),
      202: ok('returned lines wait for a second person', R.ReconciliationReport),
    },
    problems: [...SIGNED_IN, 409, 413, 415, 422],
  },
  {
    method: 'GET',
    path: '/payment-batches/reconciliations/{reconciliationId}',
    auth: 'jwt',
    tag: 'payments',
    summary: 'A result file waiting for a second person: its lines, uploader and checksum',
    ok: { 200: ok('the waiting reconciliation', R.PendingReconciliation) },
    problems: SIGNED_IN,
  },
  {
    method: 'POST',
    path: '/payment-batches/reconciliations/{reconciliationId}/confirm',
    auth: 'jwt',
    tag: 'payments',
    summary:
      'A second person applies the waiting RETURNED lines, within 14 days of the upload (RECONCILIATION_EXPIRY_DAYS; later: 410)',
    ok: { 200: ok('the report', R.ReconciliationReport) },
    problems: [...SIGNED_IN, 409, 410],
  },
  ...linkRoutes('/p/{token}', 'links', 'payee confirmation', R.PayeeLinkView, PayeeConfirmForm, R.LinkResult),
  ...linkRoutes(
    '/u/{token}',
    'links',
    'document upload',
    R.UploadLinkView,
    UploadForm,
    R.UploadLinkResult,
  ).map(
    (op): Operation =>
      op.method === 'POST'
        ? {
            ...op,
            summary: 'Uploads one missing document of the claim, with the page’s form token',
            body: { kind: 'multipart', schema: UploadForm },
            // 415: not a multipart form; 422: a file refused (its type, size), with the reason.
            problems: [...op.problems, 415, 422],
          }
        : op,
  ),
  {
    method: 'GET',
    path: '/fraud/flags',
    auth: 'jwt',
    tag: 'fraud',
    summary: 'Fraud flags of the caller’s subtree',
    query: {
      state: { description: 'OPEN, CLEARED or CONFIRMED' },
      review: { description: '`true`: those the caller may decide' },
      unitCode: { description: 'only the flags of this unit’s subtree, within the caller’s units' },
    },
    ok: { 200: ok('the flags', R.FlagList) },
    problems: [400, 403],
  },
  {
    method: 'POST',
    path: '/fraud/flags/{claimId}/{flagId}/clear',
    auth: 'jwt',
    tag: 'fraud',
    summary: 'Clear an open flag (a second person; audited)',
    body: { kind: 'json', schema: FlagDecision },
    ok: { 200: ok('the flag', R.FlagDecided) },
    problems: [...SIGNED_IN, 409],
  },
  {
    method: 'POST',
    path: '/fraud/flags/{claimId}/{flagId}/confirm',
    auth: 'jwt',
    tag: 'fraud',
    summary: 'Confirm an open flag: the held claim is rejected (audited)',
    body: { kind: 'json', schema: FlagDecision },
    ok: { 200: ok('the flag', R.FlagDecided) },
    problems: [...SIGNED_IN, 409],
  },
  {
    method: 'POST',
    path: '/exports',
    auth: 'jwt',
    tag: 'exports',
    summary: 'Start an evaluation export of a year or a month',
    body: { kind: 'json', schema: ExportRequest },
    ok: { 202: ok('started', R.ExportAccepted) },
    problems: [400, 403, 409],
  },
  {
    method: 'GET',
    path: '/exports',
    auth: 'jwt',
    tag: 'exports',
    summary: 'The evaluation exports',
    ok: { 200: ok('the exports', R.ExportList) },
    problems: [403],
  },
  {
    method: 'GET',
    path: '/exports/{exportId}',
    auth: 'jwt',
    tag: 'exports',
    summary: 'An export job, its signed manifest and download links',
    ok: { 200: ok('the job', R.ExportDetail) },
    problems: SIGNED_IN,
  },
  {
    method: 'GET',
    path: '/exports/{exportId}/files/{name}',
    auth: 'none',
    tag: 'exports',
    summary: 'Download an export file by its signed link',
    query: { expires: { description: 'the link expiry' }, sig: { description: 'the link signature' } },
    ok: {
      200: {
        description: 'the file: CSV, JSON Lines, the HTML report or the signed manifest (JSON)',
        kind: 'csv',
        alternatives: ['ndjson', 'html', 'json'],
      },
    },
    problems: [403, 404, 410],
  },
  ...CONSOLE_OPERATIONS,
  {
    method: 'GET',
    path: '/openapi.json',
    auth: 'none',
    tag: 'contract',
    summary: 'This OpenAPI document',
    ok: { 200: { description: 'the OpenAPI 3.1 document', kind: 'json' } },
    problems: [],
  },
  {
    method: 'GET',
    path: '/docs',
    auth: 'none',
    tag: 'contract',
    summary: 'This document as a readable page',
    ok: { 200: page('the page') },
    problems: [],
  },
];
