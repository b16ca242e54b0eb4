import type { ConsoleIdentity } from './console.ts';

/** The pages each demo identity's menu offers, in menu order (console/src/pages.ts). */
export const PAGES_OF_ROLE: Readonly<Record<ConsoleIdentity, readonly string[]>> = {
  staff: ['/claims', '/tickets', '/flags', '/members', '/visits', '/budgets', '/batches'],
  approver: ['/approvals', '/claims', '/tickets', '/flags', '/members', '/visits', '/budgets', '/batches'],
  auditor: ['/claims', '/tickets', '/flags', '/budgets', '/exports'],
  admin: ['/claims', '/tickets', '/flags', '/members', '/visits', '/budgets', '/batches', '/exports'],
  staff2: ['/claims', '/tickets', '/flags', '/members', '/visits', '/budgets', '/batches'],
};
