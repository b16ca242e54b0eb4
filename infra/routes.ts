import type { FunctionId } from './functions.ts';

export interface RouteDef {
  readonly method: 'GET' | 'HEAD' | 'POST' | 'PUT' | 'DELETE';
  /** API Gateway route path, with `{name}` parameters. */
  readonly path: string;
  readonly fn: FunctionId;
  /** `jwt`: the JWT authorizer must accept the bearer token; `none`: a public route. */
  readonly auth: 'jwt' | 'none';
}

/** The HTTP API, defined once for API Gateway and the local HTTP server. */
export const ROUTES: readonly RouteDef[] = [
  { method: 'POST', path: '/claims', fn: 'submitClaim', auth: 'jwt' },
  { method: 'GET', path: '/claims', fn: 'listClaims', auth: 'jwt' },
  { method: 'GET', path: '/claims/{claimId}', fn: 'getClaim', auth: 'jwt' },
  { method: 'POST', path: '/claims/{claimId}/documents', fn: 'documents', auth: 'jwt' },
  // A staff file too big for a body (a bank's result, a member list): signed by the documents' function.
  { method: 'POST', path: '/uploads', fn: 'documents', auth: 'jwt' },
  { method: 'GET', path: '/a/{linkId}', fn: 'approvalLink', auth: 'none' },
  // Mail scanners check a link with HEAD: answered as GET, without the body.
  { method: 'HEAD', path: '/a/{linkId}', fn: 'approvalLink', auth: 'none' },
  { method: 'POST', path: '/a/{linkId}', fn: 'approvalLink', auth: 'none' },
  { method: 'GET', path: '/a/{linkId}/documents/{documentId}', fn: 'approvalDocument', auth: 'none' },
  { method: 'GET', path: '/programs', fn: 'programs', auth: 'jwt' },
  { method: 'POST', path: '/programs/{programId}/versions', fn: 'programs', auth: 'jwt' },
  { method: 'POST', path: '/programs/{programId}/retire', fn: 'programs', auth: 'jwt' },
  { method: 'DELETE', path: '/programs/{programId}/retire', fn: 'programs', auth: 'jwt' },
  { method: 'GET', path: '/budgets/{unitCode}/{year}', fn: 'budgets', auth: 'jwt' },
  { method: 'PUT', path: '/budgets/{unitCode}/{year}/{programId}', fn: 'budgets', auth: 'jwt' },
  { method: 'POST', path: '/service-visits', fn: 'serviceVisits', auth: 'jwt' },
  { method: 'GET', path: '/tickets', fn: 'tickets', auth: 'jwt' },
  { method: 'POST', path: '/tickets/{ticketId}/resolve', fn: 'tickets', auth: 'jwt' },
  { method: 'POST', path: '/tickets/{ticketId}/documents', fn: 'tickets', auth: 'jwt' },
  { method: 'POST', path: '/members/import', fn: 'importMembers', auth: 'jwt' },
  { method: 'GET', path: '/members', fn: 'memberLookup', auth: 'jwt' },
  { method: 'GET', path: '/approvals', fn: 'pendingApprovals', auth: 'jwt' },
  { method: 'PUT', path: '/approvers/{approverId}/deputy', fn: 'deputies', auth: 'jwt' },
  { method: 'DELETE', path: '/approvers/{approverId}/deputy', fn: 'deputies', auth: 'jwt' },
  { method: 'GET', path: '/units/{unitCode}/approvers', fn: 'deputies', auth: 'jwt' },
  { method: 'GET', path: '/claims/{claimId}/audit', fn: 'claimAudit', auth: 'jwt' },
  { method: 'GET', path: '/budgets/{unitCode}/{year}/{programId}/waiting', fn: 'fundsWaiting', auth: 'jwt' },
  { method: 'GET', path: '/f/{token}', fn: 'feedbackLink', auth: 'none' },
  { method: 'HEAD', path: '/f/{token}', fn: 'feedbackLink', auth: 'none' },
  { method: 'POST', path: '/f/{token}', fn: 'feedbackLink', auth: 'none' },
  { method: 'GET', path: '/audit/{record}/{id}', fn: 'recordAudit', auth: 'jwt' },
  { method: 'POST', path: '/payment-batches', fn: 'paymentBatches', auth: 'jwt' },
  { method: 'GET', path: '/payment-batches', fn: 'paymentBatches', auth: 'jwt' },
  { method: 'GET', path: '/payment-batches/{batchId}', fn: 'paymentBatches', auth: 'jwt' },
  { method: 'POST', path: '/payment-batches/reconciliations', fn: 'reconcilePayments', auth: 'jwt' },
  {
    method: 'GET',
    path: '/payment-batches/reconciliations/{reconciliationId}',
    fn: 'reconcilePayments',
    auth: 'jwt',
  },
  {
    method: 'POST',
    path: '/payment-batches/reconciliations/{reconciliationId}/confirm',
    fn: 'reconcilePayments',
    auth: 'jwt',
  },
  { method: 'GET', path: '/claims/{claimId}/payee', fn: 'correctPayee', auth: 'jwt' },
  { method: 'PUT', path: '/claims/{claimId}/payee', fn: 'correctPayee', auth: 'jwt' },
  {
    method: 'POST',
    path: '/claims/{claimId}/payee/{changeId}/confirm',
    fn: 'correctPayee',
    auth: 'jwt',
  },
  { method: 'GET', path: '/p/{token}', fn: 'payeeLink', auth: 'none' },
  { method: 'HEAD', path: '/p/{token}', fn: 'payeeLink', auth: 'none' },
  { method: 'POST', path: '/p/{token}', fn: 'payeeLink', auth: 'none' },
  // The member's upload page of a claim waiting for required documents (the SMS link).
  { method: 'GET', path: '/u/{token}', fn: 'uploadLink', auth: 'none' },
  { method: 'HEAD', path: '/u/{token}', fn: 'uploadLink', auth: 'none' },
  { method: 'POST', path: '/u/{token}', fn: 'uploadLink', auth: 'none' },
  { method: 'GET', path: '/fraud/flags', fn: 'fraudFlags', auth: 'jwt' },
  { method: 'POST', path: '/fraud/flags/{claimId}/{flagId}/clear', fn: 'fraudFlags', auth: 'jwt' },
  { method: 'POST', path: '/fraud/flags/{claimId}/{flagId}/confirm', fn: 'fraudFlags', auth: 'jwt' },
  { method: 'POST', path: '/exports', fn: 'exports', auth: 'jwt' },
  { method: 'GET', path: '/exports', fn: 'exports', auth: 'jwt' },
  { method: 'GET', path: '/exports/{exportId}', fn: 'exports', auth: 'jwt' },
  { method: 'GET', path: '/exports/{exportId}/files/{name}', fn: 'exportDownload', auth: 'none' },
  { method: 'GET', path: '/plan-figures', fn: 'planFigures', auth: 'jwt' },
  // The API's contract: public, generated from the code, no data.
  { method: 'GET', path: '/openapi.json', fn: 'apiDocs', auth: 'none' },
  { method: 'GET', path: '/docs', fn: 'apiDocs', auth: 'none' },
];
