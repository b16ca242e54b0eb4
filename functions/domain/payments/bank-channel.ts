import type { Identity } from '../identity.ts';

/** Where the bank integration drops its result files in the bank-drop bucket (infra/constructs/bank-drop.ts). */
export const BANK_RESULTS_PREFIX = 'bank-results/';

/** The bank's own channel: named in the events it causes; applies in every unit. */
export const BANK_IDENTITY: Identity = {
  subject: 'bank-integration',
  roles: ['admin'],
  memberId: null,
  unitCode: null,
  approverId: null,
};
