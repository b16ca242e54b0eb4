import type { Actor, Claim } from '../domain/claim.ts';
import type { Identity } from '../domain/identity.ts';
import { isInSubtree } from '../domain/registry.ts';
import type { RegistryStore } from '../ports/registry-store.ts';

/** The unit path a staff identity serves, or null when it serves none. */
export async function staffScope(registry: RegistryStore, identity: Identity): Promise<string | null> {
  if (!identity.roles.includes('staff') || identity.unitCode === null) return null;
  return (await registry.getUnit(identity.unitCode))?.path ?? null;
}

/** Can this identity see (and act for) a claim of this member in this unit? */
export async function canActFor(
  registry: RegistryStore,
  identity: Identity,
  memberId: string,
  unitPath: string | null,
): Promise<boolean> {
  if (identity.roles.includes('admin')) return true;
  if (identity.roles.includes('member') && identity.memberId === memberId) return true;
  if (unitPath === null) return false;
  const scope = await staffScope(registry, identity);
  return scope !== null && isInSubtree(unitPath, scope);
}

export async function canRead(registry: RegistryStore, identity: Identity, claim: Claim): Promise<boolean> {
  if (identity.roles.includes('auditor')) return true;
  return canActFor(registry, identity, claim.memberId, claim.unitPath);
}

export function actorOf(identity: Identity): Actor {
  const kind = identity.roles.includes('admin')
    ? 'admin'
    : identity.roles.includes('staff')
      ? 'staff'
      : 'member';
  return { kind, id: identity.subject };
}
