import { Forbidden, NotFound } from '../domain/errors.ts';
import type { Identity } from '../domain/identity.ts';
import { isInSubtree } from '../domain/registry.ts';
import type { CorrectionTicket } from '../ports/tickets-store.ts';
import { staffScope } from './access.ts';
import type { Deps } from './deps.ts';

/**
 * The ticket `<claimId>-<round>` as staff act on it: admins, and staff whose unit's subtree holds the
 * ticket's unit (403 otherwise); an id that names no ticket is 404.
 */
export async function ticketToActOn(
  deps: Pick<Deps, 'tickets' | 'registry'>,
  identity: Identity,
  ticketId: string,
): Promise<CorrectionTicket> {
  const match = /^(C[0-9A-Z]{26})-(\d{1,2})$/.exec(ticketId);
  const ticket = match === null ? null : await deps.tickets.get(String(match[1]), Number(match[2]));
  if (ticket === null) throw new NotFound(`no ticket ${ticketId}`);
  if (!identity.roles.includes('admin')) {
    const scope = await staffScope(deps.registry, identity);
    if (scope === null || !isInSubtree(ticket.unitPath, scope))
      throw new Forbidden('this ticket is outside your scope');
  }
  return ticket;
}
