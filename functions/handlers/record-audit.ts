import { lazyHttpHandler } from '../http/lazy-http-handler.ts';
import { identityOf } from '../http/request.ts';
import { json } from '../http/responses.ts';
import { budgets, delegations, programs, registry } from '../wiring.ts';

/** GET /audit/{record}/{id} → the audit events of a member, a unit's budgets, a program or an approver. */
export const handler = lazyHttpHandler(
  async () => {
    const { recordAudit } = await import('../usecases/record-audit.ts');
    return async (deps, event) => {
      const { record = '', id = '' } = event.pathParameters ?? {};
      return json(200, await recordAudit(deps, { identity: identityOf(event), record, id }));
    };
  },
  { budgets, delegations, programs, registry },
);
