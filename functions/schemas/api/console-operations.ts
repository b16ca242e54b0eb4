import { ClaimListQuery } from '../claim-list.ts';
import { BatchListQuery } from '../list-query.ts';
import { PlanFiguresQuery } from '../plan-figures.ts';
import * as C from './console-responses.ts';
import type { Operation } from './operations.ts';

/** The routes the staff console reads that no other page needed: lists and the home page's figures. */
export const CONSOLE_OPERATIONS: readonly Operation[] = [
  {
    method: 'GET',
    path: '/claims',
    auth: 'jwt',
    tag: 'claims',
    summary:
      'The claims the caller may see, newest first: admins and auditors all units, staff their subtree, a member their own',
    querySchema: ClaimListQuery,
    ok: { 200: { description: 'a page of claims', kind: 'json', schema: C.ClaimListPage } },
    problems: [400, 403],
  },
  {
    method: 'GET',
    path: '/payment-batches',
    auth: 'jwt',
    tag: 'payments',
    summary: 'The payment batches newest first: staff their subtree’s paying units, admins every unit’s',
    querySchema: BatchListQuery,
    ok: { 200: { description: 'a page of batches', kind: 'json', schema: C.BatchListPage } },
    problems: [400, 403],
  },
  {
    method: 'GET',
    path: '/plan-figures',
    auth: 'jwt',
    tag: 'figures',
    summary:
      'The plan’s figures of the caller’s scope (coverage, money to services, satisfaction, claims), with the targets, from the hourly snapshot',
    querySchema: PlanFiguresQuery,
    ok: { 200: { description: 'the figures', kind: 'json', schema: C.PlanFiguresView } },
    problems: [400, 403],
  },
];
