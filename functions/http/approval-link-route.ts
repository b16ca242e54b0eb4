import { tagClaim } from '../logging/context.ts';
import { pageDocuments } from '../usecases/approval-documents.ts';
import {
  type ApprovalPageData,
  type DecideOutcome,
  decideApproval,
  decisionForm,
  pageOfForm,
  viewApproval,
} from '../usecases/approval-link.ts';
import type { Deps } from '../usecases/deps.ts';
import { keys } from '../wiring.ts';
import { approvalForm, forbiddenPage, notFoundPage, type ResultKind, resultPage } from './approval-page.ts';
import { csrfToken } from './csrf.ts';
import type { HttpEvent } from './http-handler.ts';
import { MESSAGES } from './i18n.ts';
import { forgedPost, formFields, linkPage, linkRequest } from './link-page.ts';
import { json, problemJson } from './responses.ts';
import { openForm, sealForm } from './sealed-form.ts';

const STATUS = {
  recorded: 200,
  'already-decided': 409,
  closed: 409,
  expired: 410,
  'not-eligible': 403,
} as const;

function problem(status: number, title: string, detail?: string) {
  return problemJson(status, title, detail === undefined ? {} : { detail });
}

const TITLES = {
  'already-decided': 'Already decided',
  closed: 'Approval closed',
  expired: 'Link expired',
  'not-eligible': 'Not eligible to decide',
} as const;

function stateResult(data: ApprovalPageData): ResultKind | null {
  return data.state === 'pending' ? null : data.state === 'decided' ? 'already-decided' : data.state;
}

/** The outcome of a closed link: the decision and its date, nothing about the claimant. */
function outcomeOf(data: ApprovalPageData) {
  const d = data.decision;
  return d === null || d === undefined
    ? null
    : { decision: d.decision, level: d.level, decidedAt: d.decidedAt };
}

/**
 * What a script sees of a link: while it is pending, the claim's summary and the form token it must
 * POST back; once closed, only the outcome (and the form token, so a late POST gets its 409/410).
 */
function jsonSummary(data: ApprovalPageData, csrf: string, sealed: string | undefined) {
  const { claim } = data;
  if (data.state !== 'pending') {
    return { state: data.state, claimId: claim.claimId, outcome: outcomeOf(data), csrf };
  }
  return {
    linkId: data.linkId,
    state: data.state,
    claimId: claim.claimId,
    program: claim.program,
    benefit: claim.benefit,
    amountFen: claim.rules?.passed ? claim.rules.amountFen : null,
    level: data.level,
    levels: data.levels,
    expiresAt: data.expiresAt,
    decision: data.decision,
    earlier: data.earlier,
    csrf,
    ...(sealed === undefined ? {} : { sealed }),
  };
}

/** The sealed form of a pending page (sealed-form.ts): what its decision needs, so the POST reads nothing again. */
function sealedOf(secret: string, data: ApprovalPageData): string | undefined {
  const form = decisionForm(data);
  return form === null ? undefined : sealForm(secret, data.linkId, form);
}

/** The pending link's page with the claim's stored documents, and a CSP that lets their thumbnails load. */
async function formPage(
  deps: Pick<Deps, 'documents'> & { readonly documentViewOrigin: string },
  ctx: ReturnType<typeof linkRequest>['ctx'],
  data: ApprovalPageData,
  csrf: string,
  sealed: string | undefined,
) {
  const documents = await pageDocuments(deps, data.claim.claimId);
  const imgSrc = documents.some((d) => d.preview === 'thumbnail')
    ? [...new Set(["'self'", deps.documentViewOrigin])]
    : [];
  return linkPage(200, approvalForm(ctx, { ...data, documents }, csrf, undefined, sealed), { imgSrc });
}

/** The answer to one request of the link: its page, its JSON, or the recorded decision. */
export async function answer(
  deps: Pick<
    Deps,
    | 'claims'
    | 'registry'
    | 'delegations'
    | 'fraud'
    | 'workflow'
    | 'now'
    | 'linkBaseUrl'
    | 'linkKey'
    | 'documents'
  > & { readonly documentViewOrigin: string },
  event: HttpEvent,
) {
  const linkId = event.pathParameters?.linkId ?? '';
  const { ctx, wantsJson } = linkRequest(event);
  const secret = await (await keys()).get('approvalForm');
  const notFound = () => (wantsJson ? problem(404, 'Not found') : linkPage(404, notFoundPage(ctx)));
  const settled = (result: ResultKind, data: ApprovalPageData, detail?: string) =>
    wantsJson
      ? result === 'recorded'
        ? json(STATUS[result], { result, claimId: data.claim.claimId, outcome: outcomeOf(data) })
        : problemJson(STATUS[result], TITLES[result], {
            result,
            claimId: data.claim.claimId,
            outcome: outcomeOf(data),
            ...(detail === undefined ? {} : { detail }),
          })
      : linkPage(STATUS[result], resultPage(ctx, result, data));

  const forbidden = (detail: string) =>
    wantsJson ? problem(403, 'Forbidden', detail) : linkPage(403, forbiddenPage(ctx));
  const decided = (outcome: DecideOutcome) => {
    if (outcome.result === 'not-found') return notFound();
    if (outcome.result === 'not-eligible') return settled(outcome.result, outcome.page, outcome.reason);
    return settled(outcome.result, outcome.page);
  };

  const isPost = event.requestContext.http.method === 'POST';
  const fields = isPost ? formFields(event) : {};
  const sealed = fields.sealed ?? '';
  if (isPost && sealed !== '') {
    // The page's sealed form: decided without reading the link and the claim again (or refused).
    if (forgedPost(event, fields, { secret, subject: linkId, linkBaseUrl: deps.linkBaseUrl })) {
      return forbidden('the form token (csrf) is missing or wrong, or the request came from another site');
    }
    const opened = pageOfForm(openForm(secret, linkId, sealed), linkId, deps.now());
    if (opened === null) {
      return forbidden("the sealed form (sealed) is not the one this link's page gave, or was changed");
    }
    const input = decisionInput(fields);
    // An expired link, or a decision to correct: read the link, as without the sealed form.
    if (opened.page !== null && input.invalid === null) {
      tagClaim(opened.page.claim.claimId);
      return decided(await decideApproval(deps, { linkId, ...input.decision, page: opened.page }));
    }
  }

  const data = await viewApproval(deps, linkId);
  if (data === null) return notFound();
  tagClaim(data.claim.claimId);
  if (!isPost) {
    const csrf = csrfToken(secret, data.linkId);
    const form = sealedOf(secret, data);
    if (wantsJson) return json(200, jsonSummary(data, csrf, form));
    const result = stateResult(data);
    return result === null ? formPage(deps, ctx, data, csrf, form) : settled(result, data);
  }

  const forged = forgedPost(event, fields, { secret, subject: data.linkId, linkBaseUrl: deps.linkBaseUrl });
  if (forged) {
    return forbidden('the form token (csrf) is missing or wrong, or the request came from another site');
  }

  const input = decisionInput(fields);
  if (input.invalid !== null) {
    const result = stateResult(data);
    if (result !== null) return settled(result, data);
    return wantsJson
      ? problem(400, 'Invalid decision', MESSAGES.en[input.invalid])
      : linkPage(
          400,
          approvalForm(ctx, data, csrfToken(secret, data.linkId), input.invalid, sealedOf(secret, data)),
        );
  }
  return decided(await decideApproval(deps, { linkId: data.linkId, ...input.decision, page: data }));
}

/** The decision and reason a form posted, or what is wrong with them. */
function decisionInput(
  fields: Record<string, string>,
):
  | { invalid: null; decision: { decision: 'approve' | 'reject'; reason: string } }
  | { invalid: 'chooseDecision' | 'needReason' } {
  const decision = fields.decision;
  const reason = (fields.reason ?? '').trim().slice(0, 500);
  if (decision !== 'approve' && decision !== 'reject') return { invalid: 'chooseDecision' };
  if (decision === 'reject' && reason.length < 2) return { invalid: 'needReason' };
  return { invalid: null, decision: { decision, reason } };
}
