import { beijingDate } from '../domain/calendar.ts';
import { Conflict, Forbidden, Invalid } from '../domain/errors.ts';
import type { Identity } from '../domain/identity.ts';
import { newClaimId } from '../domain/ids.ts';
import { versionInForce } from '../domain/programs/versions.ts';
import { isInSubtree } from '../domain/registry.ts';
import { log } from '../logging/logger.ts';
import type { ServiceVisit } from '../ports/visits-store.ts';
import { fieldErrors } from '../schemas/field-errors.ts';
import { ServiceVisitBody } from '../schemas/service-visits.ts';
import { actorOf, staffScope } from './access.ts';
import type { Deps } from './deps.ts';
import { feedbackLink } from './member-notify.ts';
import { smsTexts } from './sms-texts.ts';

/** The member gets a satisfaction link for the visit by SMS; a message that cannot go out changes nothing. */
async function sendVisitFeedbackLink(
  deps: Pick<Deps, 'feedback' | 'notifier' | 'now' | 'linkBaseUrl' | 'linkKey'>,
  visit: ServiceVisit,
  mobile: string,
): Promise<void> {
  if (mobile === '') return;
  try {
    const link = await feedbackLink(
      deps,
      { kind: 'visit', id: visit.visitId },
      visit.memberId,
      visit.program,
    );
    await deps.notifier.send({
      idempotencyKey: `visit:${visit.visitId}:feedback:${visit.memberId}:sms`,
      channel: 'sms',
      to: mobile,
      subject: `service visit feedback ${visit.visitId}`,
      text: smsTexts.visitFeedback(link),
      links: [link],
    });
  } catch (error) {
    log.warn('satisfaction link not sent', {
      visitId: visit.visitId,
      error: error instanceof Error ? error.name : 'unknown',
    });
  }
}

/**
 * POST /service-visits: union staff record a member's use of a service program at their station or
 * home (culture & sports, health, rehab, counselling, nursing rooms, legal consultation). Counts for
 * real-name coverage; pays nothing.
 */
export async function recordServiceVisit(
  deps: Pick<
    Deps,
    'visits' | 'registry' | 'programs' | 'now' | 'feedback' | 'notifier' | 'linkBaseUrl' | 'linkKey'
  >,
  request: { identity: Identity; idempotencyKey: string | undefined; body: unknown },
): Promise<{ visitId: string; created: boolean }> {
  const { identity } = request;
  const parsed = ServiceVisitBody.safeParse(request.body);
  const keyOk =
    request.idempotencyKey !== undefined && /^[A-Za-z0-9_.:-]{8,128}$/.test(request.idempotencyKey);
  const errors = [
    ...(keyOk
      ? []
      : [
          {
            field: 'Idempotency-Key',
            message: 'header of 8 to 128 characters of A-Z a-z 0-9 _ . : - is required',
          },
        ]),
    ...(parsed.success ? [] : fieldErrors(parsed.error)),
  ];
  if (!parsed.success || !keyOk || errors.length > 0 || request.idempotencyKey === undefined)
    throw new Invalid(errors);
  const body = parsed.data;
  const now = deps.now();
  if (body.visitedOn > beijingDate(now))
    throw new Invalid([{ field: 'visitedOn', message: 'must not be in the future' }]);

  if (!identity.roles.includes('staff') && !identity.roles.includes('admin')) {
    throw new Forbidden('union staff record service visits');
  }
  const unit = await deps.registry.getUnit(body.unitCode);
  if (unit === null) throw new Invalid([{ field: 'unitCode', message: 'is not a known union unit' }]);
  if (!identity.roles.includes('admin')) {
    const scope = await staffScope(deps.registry, identity);
    if (scope === null || !isInSubtree(unit.path, scope))
      throw new Forbidden(`unit ${unit.code} is outside your scope`);
  }
  const version = versionInForce(await deps.programs.listVersions(), body.program, body.visitedOn);
  if (version === null || version.retired) {
    throw new Invalid([{ field: 'program', message: 'is not a program in force on that date' }]);
  }
  const service = version.benefits.find((b) => b.id === body.service);
  if (service === undefined || service.amount.kind !== 'service') {
    const services = version.benefits.filter((b) => b.amount.kind === 'service').map((b) => b.id);
    throw new Invalid([
      {
        field: 'service',
        message:
          services.length > 0
            ? `must be one of ${services.join(', ')}`
            : 'this program pays money: submit a claim',
      },
    ]);
  }
  const member = await deps.registry.getMember(body.memberId);
  if (member === null)
    throw new Invalid([{ field: 'memberId', message: 'is not in the real-name registry' }]);
  if (member.status !== 'active')
    throw new Invalid([{ field: 'memberId', message: `membership is ${member.status}` }]);

  const visit: ServiceVisit = {
    visitId: `V${newClaimId(now).slice(1)}`,
    program: body.program,
    service: body.service,
    memberId: body.memberId,
    unitCode: unit.code,
    unitPath: unit.path,
    visitedOn: body.visitedOn,
    recordedAt: now.toISOString(),
    recordedBy: actorOf(identity),
    note: body.note,
  };
  const result = await deps.visits.record(visit, request.idempotencyKey);
  if (result.recorded) {
    await sendVisitFeedbackLink(deps, visit, member.mobile);
    return { visitId: visit.visitId, created: true };
  }
  if (!result.sameBody) throw new Conflict('this Idempotency-Key was already used with a different body');
  return { visitId: result.visitId, created: false };
}
