import type { ConsoleIdentity } from './console.ts';

/** The staff's pages, in menu order. */
const STAFF = [
  '/claims',
  '/tickets',
  '/flags',
  '/members',
  '/visits',
  '/budgets',
  '/batches',
  '/payee',
  '/deputies',
  '/programs',
] as const;

/** The pages each demo identity's menu offers, in menu order (console/src/pages.ts). */
export const PAGES_OF_ROLE: Readonly<Record<ConsoleIdentity, readonly string[]>> = {
  staff: [...STAFF],
  approver: ['/approvals', ...STAFF],
  auditor: ['/claims', '/tickets', '/flags', '/budgets', '/programs', '/exports'],
  admin: [...STAFF, '/exports'],
  staff2: [...STAFF],
};
