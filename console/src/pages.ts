/** The console's pages and who sees them (the API decides access on its own; this only shapes the menu). */
import type { Who } from './auth.ts';
import type { Key } from './i18n.ts';

export type PageId =
  | 'claims'
  | 'tickets'
  | 'flags'
  | 'approvals'
  | 'budgets'
  | 'exports'
  | 'members'
  | 'visits'
  | 'batches'
  | 'payee'
  | 'deputies'
  | 'programs';

export interface PageDef {
  readonly id: PageId;
  readonly path: string;
  readonly title: Key;
  readonly allowed: (who: Who) => boolean;
}

const has = (who: Who, ...roles: string[]) => roles.some((role) => who.roles.includes(role));

export const PAGES: readonly PageDef[] = [
  { id: 'approvals', path: '/approvals', title: 'approvals', allowed: (who) => who.approverId !== null },
  { id: 'claims', path: '/claims', title: 'claims', allowed: (who) => has(who, 'staff', 'auditor', 'admin') },
  {
    id: 'tickets',
    path: '/tickets',
    title: 'tickets',
    allowed: (who) => has(who, 'staff', 'auditor', 'admin'),
  },
  { id: 'flags', path: '/flags', title: 'flags', allowed: (who) => has(who, 'staff', 'auditor', 'admin') },
  { id: 'members', path: '/members', title: 'members', allowed: (who) => has(who, 'staff', 'admin') },
  { id: 'visits', path: '/visits', title: 'visits', allowed: (who) => has(who, 'staff', 'admin') },
  {
    id: 'budgets',
    path: '/budgets',
    title: 'budgets',
    allowed: (who) => has(who, 'staff', 'auditor', 'admin'),
  },
  { id: 'batches', path: '/batches', title: 'batches', allowed: (who) => has(who, 'staff', 'admin') },
  { id: 'payee', path: '/payee', title: 'payee', allowed: (who) => has(who, 'staff', 'admin') },
  {
    id: 'deputies',
    path: '/deputies',
    title: 'deputies',
    allowed: (who) => who.approverId !== null || has(who, 'staff', 'admin'),
  },
  {
    id: 'programs',
    path: '/programs',
    title: 'programs',
    allowed: (who) => has(who, 'staff', 'auditor', 'admin'),
  },
  { id: 'exports', path: '/exports', title: 'exports', allowed: (who) => has(who, 'auditor', 'admin') },
];

/** Rows a page of the payment batches list holds (the API's `limit`). */
export const BATCH_PAGE_SIZE = 20;
