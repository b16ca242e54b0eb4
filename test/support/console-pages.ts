import type { ConsoleIdentity } from './console.ts';

/** The pages each demo identity's menu offers, in menu order (console/src/pages.ts). */
export const PAGES_OF_ROLE: Readonly<Record<ConsoleIdentity, readonly string[]>> = {
  staff: ['/tickets', '/flags', '/members', '/visits', '/budgets', '/batches'],
  approver: ['/approvals', '/tickets', '/flags', '/members', '/visits', '/budgets', '/batches'],
  auditor: ['/tickets', '/flags', '/budgets', '/exports'],
  admin: ['/tickets', '/flags', '/members', '/visits', '/budgets', '/batches', '/exports'],
  staff2: ['/tickets', '/flags', '/members', '/visits', '/budgets', '/batches'],
};
