import { it } from 'vitest';
import { validSubmission } from '../fixtures/claims.ts';
import { apiClient, startTestStack } from '../support/local-stack.ts';

it('debug', async () => {
  const stack = await startTestStack({ timeScale: 1 / 86400 });
  const api = apiClient(stack.runtime.apiUrl, await stack.token(['member'], { memberId: 'M000001' }));
  const res = await api.submit(validSubmission());
  const claimId = String(res.body.claimId);
  await new Promise((r) => setTimeout(r, 5000));
  const claim = (await api.claim(claimId)).body;
  console.log(JSON.stringify(claim.timeline, null, 1));
  const arn = `${stack.runtime.stateMachineArn.replace(':stateMachine:', ':execution:')}:${claimId}`;
  const h = await stack.runtime.engine.getExecutionHistory({ executionArn: arn });
  for (const e of h.events ?? []) console.log(e.type, JSON.stringify(e).slice(0, 600));
  await stack.close();
}, 30000);
