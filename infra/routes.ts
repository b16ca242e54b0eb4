import type { FunctionId } from './functions.ts';

export interface RouteDef {
  readonly method: 'GET' | 'POST';
  /** API Gateway route path, with `{name}` parameters. */
  readonly path: string;
  readonly fn: FunctionId;
  /** `jwt`: the JWT authorizer must accept the bearer token; `none`: a public route. */
  readonly auth: 'jwt' | 'none';
}

/** The HTTP API, defined once for API Gateway and the local HTTP server. */
export const ROUTES: readonly RouteDef[] = [
  { method: 'POST', path: '/claims', fn: 'submitClaim', auth: 'jwt' },
  { method: 'GET', path: '/claims/{claimId}', fn: 'getClaim', auth: 'jwt' },
  { method: 'GET', path: '/a/{linkId}', fn: 'approvalLink', auth: 'none' },
  { method: 'POST', path: '/a/{linkId}', fn: 'approvalLink', auth: 'none' },
];
