import { httpHandler } from '../http/http-handler.ts';
import { identityOf } from '../http/request.ts';
import { json } from '../http/responses.ts';
import { pendingApprovals } from '../usecases/pending-approvals.ts';
import { claims, linkBaseUrl, linkKey, now } from '../wiring.ts';

/** GET /approvals → the caller's open approval requests, each with its link. */
export const handler = httpHandler(
  async (deps, event) => json(200, await pendingApprovals(deps, { identity: identityOf(event) })),
  { claims, linkBaseUrl, linkKey, now },
);
