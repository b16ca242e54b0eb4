import { type ArchivedEvent, compareWithArchive } from '../domain/audit-archive.ts';
import { type ChainVerification, verifyChain } from '../domain/audit-chain.ts';
import type { AuditEvent, Claim } from '../domain/claim.ts';
import { NotFound } from '../domain/errors.ts';
import type { Identity } from '../domain/identity.ts';
import { CLAIM_ID_PATTERN } from '../domain/ids.ts';
import type { AuditArchive } from '../ports/audit-archive.ts';
import type { ClaimsStore } from '../ports/claims-store.ts';
import { canRead } from './access.ts';
import type { Deps } from './deps.ts';

export interface ClaimAuditView {
  readonly claimId: string;
  /** Every audit event of the claim in order, each with its prevHash and hash. */
  readonly events: readonly AuditEvent[];
  readonly verification: ClaimVerification;
}

/** What the claim item says of its chain: the head a verification must end at. */
export type ChainHead = Pick<Claim, 'claimId' | 'version' | 'lastEventHash'>;

/** A claim's chain verified in the table and, when an archive is configured, against the archive. */
export interface ClaimVerification extends ChainVerification {
  /** Distinct events the archive holds of the claim (null: no archive configured). */
  readonly archived: number | null;
  /** Chained events not archived yet, within the grace period (not a break). */
  readonly pendingArchive: number;
}

/**
 * The one verification of a claim's record, used by GET /claims/{id}/audit and by `npm run verify-audit`:
 * the chain of its events in the table ending at the head its claim item records (null: the claim item
 * is gone), compared with the archived copies when an archive is given. The first break is the one at
 * the lowest seq.
 */
export function verifyClaimRecord(
  input: {
    readonly head: ChainHead | null;
    readonly events: readonly AuditEvent[];
    readonly archived: readonly ArchivedEvent[] | null;
  },
  now: Date,
): ClaimVerification {
  const { head, events, archived } = input;
  const chain = verifyChain(
    events,
    head === null ? {} : { lastSeq: head.version, lastHash: head.lastEventHash ?? null },
  );
  if (archived === null) return { ...chain, archived: null, pendingArchive: 0 };
  const against = compareWithArchive({ claimExists: head !== null, events, archived }, now);
  const breaks = [chain.firstBroken, against.firstBroken].filter((b) => b !== null);
  const firstBroken = breaks.sort((a, b) => a.seq - b.seq)[0] ?? null;
  return {
    ...chain,
    valid: firstBroken === null,
    firstBroken,
    archived: against.archived,
    pendingArchive: against.pending,
  };
}

/**
 * A claim item and its events read as of one moment: read again while a change lands between the two
 * reads (the events would run past the head read before them), so a claim in flight is not mistaken
 * for a broken one.
 */
export async function readClaimRecord(
  claims: Pick<ClaimsStore, 'get' | 'timeline'>,
  claimId: string,
): Promise<{ claim: Claim | null; events: AuditEvent[] }> {
  for (let attempt = 0; ; attempt++) {
    const claim = await claims.get(claimId);
    const events = await claims.timeline(claimId);
    const last = events.at(-1)?.seq ?? 0;
    if (claim === null || last <= claim.version || attempt >= 4) return { claim, events };
  }
}

/**
 * GET /claims/{claimId}/audit: the hash chain of the claim's audit events and whether it verifies.
 * Read as GET /claims/{claimId}: members their own claims, staff their subtree's, auditors and admins all.
 */
export async function claimAudit(
  deps: Pick<Deps, 'claims' | 'registry' | 'now' | 'auditArchive'>,
  request: { identity: Identity; claimId: string },
): Promise<ClaimAuditView> {
  if (!CLAIM_ID_PATTERN.test(request.claimId)) throw new NotFound(`no claim ${request.claimId}`);
  // The archive is read first: an event written meanwhile is then in the table and not yet in what was
  // read of the archive (pending), never the other way round (which would look like a deleted event).
  const archived = (await deps.auditArchive?.eventsOf(request.claimId)) ?? null;
  const { claim, events } = await readClaimRecord(deps.claims, request.claimId);
  // A claim the caller may not see is reported exactly like one that does not exist.
  if (claim === null || !(await canRead(deps.registry, request.identity, claim))) {
    throw new NotFound(`no claim ${request.claimId}`);
  }
  return {
    claimId: claim.claimId,
    events,
    verification: verifyClaimRecord({ head: claim, events, archived }, deps.now()),
  };
}

/** Where every claim's chain can be read from, one claim at a time (a scan of the claims table). */
export interface AuditChainSource {
  chains(): AsyncIterable<{ readonly head: ChainHead; readonly events: readonly AuditEvent[] }>;
  /** The events of one claim, whether or not its claim item exists. */
  eventsOf(claimId: string): Promise<AuditEvent[]>;
}

export interface AllChainsReport {
  readonly verified: number;
  /** Chains that do not verify, with their first broken event. */
  readonly broken: readonly {
    readonly claimId: string;
    readonly seq: number;
    readonly reason: string;
  }[];
  /** Claims whose first events were written before chaining and otherwise verify. */
  readonly unchained: readonly string[];
  /** Claims that verify but have events not archived yet, within the grace period. */
  readonly pendingArchive: readonly string[];
}

/**
 * Verifies every claim's chain: the core of `npm run verify-audit`. With an archive, every claim's chain
 * is compared with its archived copy, and claims the archive holds but the table lost are broken too.
 */
export async function verifyAllChains(
  source: AuditChainSource,
  options: { readonly archive?: AuditArchive | null; readonly now?: Date } = {},
): Promise<AllChainsReport> {
  const archive = options.archive ?? null;
  const now = options.now ?? new Date();
  let verified = 0;
  const broken: { claimId: string; seq: number; reason: string }[] = [];
  const unchained: string[] = [];
  const pending: string[] = [];
  const seen = new Set<string>();
  // The archive is read before the table: events written during the run are then pending, not missing.
  const snapshot = new Map<string, ArchivedEvent[]>();
  if (archive !== null) {
    for await (const record of archive.all()) {
      const records = snapshot.get(record.claimId) ?? [];
      records.push(record);
      snapshot.set(record.claimId, records);
    }
  }
  const check = async (claimId: string, head: ChainHead | null, events: readonly AuditEvent[]) => {
    verified++;
    seen.add(claimId);
    const archived = archive === null ? null : (snapshot.get(claimId) ?? []);
    const result = verifyClaimRecord({ head, events, archived }, now);
    if (result.firstBroken !== null) broken.push({ claimId, ...result.firstBroken });
    else if (result.unchained > 0) unchained.push(claimId);
    if (result.firstBroken === null && result.pendingArchive > 0) pending.push(claimId);
  };
  for await (const { head, events } of source.chains()) await check(head.claimId, head, events);
  for (const claimId of snapshot.keys()) {
    if (!seen.has(claimId)) await check(claimId, null, await source.eventsOf(claimId));
  }
  broken.sort((a, b) => a.claimId.localeCompare(b.claimId));
  unchained.sort();
  pending.sort();
  return { verified, broken, unchained, pendingArchive: pending };
}
