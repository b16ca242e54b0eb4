import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoClaimsStore } from '../../functions/adapters/dynamodb/claims-store.ts';
import { documentClient } from '../../functions/adapters/dynamodb/client.ts';
import type { Claim } from '../../functions/domain/claim.ts';
import { DEMO_MEMBER_ID, DEMO_MEMBER_UNIT_CODE } from '../../infra/local/demo-data.ts';
import { scanTables } from '../../infra/local/fraud-scan-cli.ts';
import { storeImportedClaim, validSubmission } from '../fixtures/claims.ts';
import { claimants, demo, demoMemberName } from '../fixtures/demo.ts';
import {
  type ApiClient,
  apiClient,
  approvalLink,
  decideAllLevels,
  startTestStack,
  type TestStack,
} from '../support/local-stack.ts';

const HASH_KEY = 'local-only-pii-hash-key';
const unit = demo.units.find((u) => u.code === DEMO_MEMBER_UNIT_CODE);
const district = demo.units.find((u) => u.code === unit?.parentCode);
const others = claimants((m) => m.unitCode === DEMO_MEMBER_UNIT_CODE && m.memberId !== DEMO_MEMBER_ID);
const SHARED_ACCOUNT = '6217000010098765432';
const DUPLICATE_CERTIFICATE = 'JS-2025-110108-7777';

interface FlagJson {
  claimId: string;
  flagId: string;
  rule: string;
  state: string;
  review: boolean;
  what: { zh: string; en: string };
}

describe('fraud scan, holds and the review list (DynamoDB Local + the ASL engine)', () => {
  let stack: TestStack;
  let admin: ApiClient;
  let claims: DynamoClaimsStore;
  let auditorToken: string;
  let districtToken: string;
  let grassrootsToken: string;
  const scan = (overlapMs = 0) =>
    scanTables(stack.ddb, stack.runtime.tables, { hashKey: HASH_KEY, overlapMs });

  /** A claim from before the system (a paper-era import): stored as it stands, holding no evidence number. */
  async function seedClaim(
    claimId: string,
    memberId: string,
    status: Claim['status'],
    evidence: string,
    account: string,
  ): Promise<void> {
    const at = new Date(Date.now() - 60 * 86_400_000).toISOString();
    await storeImportedClaim(claims, {
      claimId,
      memberId,
      unit: unit ?? null,
      at,
      certificate: evidence,
      accountNumber: account,
      status,
    });
  }

  async function submit(memberId: string, certificate: string, account: string): Promise<string> {
    const res = await admin.submit(
      validSubmission({
        memberId,
        evidence: [{ kind: 'certificate', number: certificate }],
        // Each paid under the member's own name (the real-name payee rule), to one shared account.
        payee: { name: demoMemberName(memberId) ?? '', bankName: '中国建设银行', accountNumber: account },
      }),
    );
    expect(res.status).toBe(202);
    const claimId = String(res.body.claimId);
    await admin.waitFor(claimId, ['AWAITING_APPROVAL']);
    return claimId;
  }

  async function flags(token: string, query: string): Promise<{ status: number; flags: FlagJson[] }> {
    const res = await fetch(`${stack.runtime.apiUrl}/fraud/flags?${query}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    const body = (await res.json()) as { flags?: FlagJson[] };
    return { status: res.status, flags: body.flags ?? [] };
  }

  async function decide(token: string, flag: FlagJson, action: 'clear' | 'confirm', reason = '已核实') {
    return fetch(`${stack.runtime.apiUrl}/fraud/flags/${flag.claimId}/${flag.flagId}/${action}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ reason }),
    });
  }

  beforeAll(async () => {
    if (unit === undefined || district === undefined || others.length < 5)
      throw new Error('demo data changed');
    stack = await startTestStack();
    claims = new DynamoClaimsStore(
      documentClient(stack.ddb),
      stack.runtime.tables.claims,
      stack.runtime.tables.registry,
    );
    admin = apiClient(stack.runtime.apiUrl, await stack.token(['admin']));
    auditorToken = await stack.token(['auditor']);
    districtToken = await stack.token(['staff'], { unitCode: district.code, sub: 'staff-district' });
    grassrootsToken = await stack.token(['staff'], { unitCode: unit.code, sub: 'staff-grassroots' });
  });
  afterAll(async () => {
    await stack?.close();
  });

  it('flags a duplicate certificate and a shared account, holds the claims in flight until higher-tier staff decide', async () => {
    // Prepare: a paid claim with the certificate, two claims of other members paid to the shared account…
    const [m2, m3, m4, m5] = others;
    if (m2 === undefined || m3 === undefined || m4 === undefined || m5 === undefined)
      throw new Error('members');
    await seedClaim(
      'C01FRAUDPAIDDUPLICATE000001',
      m2.memberId,
      'PAID',
      DUPLICATE_CERTIFICATE,
      '6222000011112222333',
    );
    await seedClaim(
      'C01FRAUDSHAREDACCOUNT000002',
      m3.memberId,
      'PAID',
      'JS-2025-110108-0002',
      SHARED_ACCOUNT,
    );
    await seedClaim(
      'C01FRAUDSHAREDACCOUNT000003',
      m4.memberId,
      'REJECTED',
      'JS-2025-110108-0003',
      SHARED_ACCOUNT,
    );
    // …and two claims in flight: one with the same certificate and the shared account, one with the account.
    const held = await submit(DEMO_MEMBER_ID, DUPLICATE_CERTIFICATE.toLowerCase(), SHARED_ACCOUNT);
    const confirmed = await submit(m5.memberId, 'JS-2026-110108-0005', SHARED_ACCOUNT);

    // Act: the scan
    const first = await scan();

    // Assess: both rules matched; the claims in flight are held, the paid ones go to review
    expect(first.rules['evidence-reuse']).toBe(2);
    expect(first.rules['shared-payee']).toBe(4);
    const open = (await flags(auditorToken, 'state=OPEN')).flags;
    const heldFlags = open.filter((f) => f.claimId === held);
    expect(heldFlags.map((f) => f.rule)).toEqual(expect.arrayContaining(['evidence-reuse', 'shared-payee']));
    expect(heldFlags.find((f) => f.rule === 'evidence-reuse')?.what.en).toContain(
      `certificate ${DUPLICATE_CERTIFICATE}`,
    );
    const review = (await flags(auditorToken, 'state=OPEN&review=true')).flags;
    expect(review.map((f) => `${f.claimId} ${f.rule}`).sort()).toEqual([
      'C01FRAUDPAIDDUPLICATE000001 evidence-reuse',
      'C01FRAUDSHAREDACCOUNT000002 shared-payee',
    ]);
    expect((await flags(grassrootsToken, 'state=OPEN&review=true')).status).toBe(403);
    const heldClaim = (await admin.claim(held)).body;
    expect(heldClaim.fraudHold).toMatchObject({ open: heldFlags.length, confirmed: 0 });

    // The approval page shows the flag
    const link = await approvalLink(stack.runtime.outboxDir, held);
    const page = await (await fetch(`${link}?lang=en`)).text();
    expect(page).toContain('Fraud flags');
    expect(page).toContain(`certificate ${DUPLICATE_CERTIFICATE}`);

    // Approved, the claim waits ON_HOLD: payout refuses while held
    await decideAllLevels(admin, stack.runtime.outboxDir, held);
    const onHold = await admin.waitFor(held, ['ON_HOLD']);
    expect(onHold.payout ?? null).toBeNull();
    expect((onHold.amounts as { paidFen?: number } | undefined)?.paidFen ?? 0).toBe(0);

    // Staff of the claim's own unit may not clear it; the district's staff may, with a reason
    const [firstFlag, ...rest] = heldFlags;
    if (firstFlag === undefined) throw new Error('no flag');
    expect((await decide(grassrootsToken, firstFlag, 'clear')).status).toBe(403);
    expect((await decide(districtToken, firstFlag, 'clear', '')).status).toBe(400);
    expect((await decide(districtToken, firstFlag, 'clear')).status).toBe(200);
    expect((await decide(districtToken, firstFlag, 'clear')).status).toBe(409);
    expect((await admin.claim(held)).body.status).toBe('ON_HOLD');
    for (const flag of rest) expect((await decide(districtToken, flag, 'clear')).status).toBe(200);
    const paid = await admin.waitFor(held, ['PAID']);
    const timeline = paid.timeline as { action: string; actor: { id: string }; reason: string }[];
    expect(timeline.filter((e) => e.action === 'fraud-flag-cleared')).toHaveLength(heldFlags.length);
    expect(timeline.find((e) => e.action === 'fraud-flag-cleared')?.actor.id).toBe('staff-district');
    expect(timeline.some((e) => e.action === 'held')).toBe(true);

    // A confirmed flag rejects the other claim
    await decideAllLevels(admin, stack.runtime.outboxDir, confirmed);
    await admin.waitFor(confirmed, ['ON_HOLD']);
    const toConfirm = (await flags(districtToken, 'state=OPEN')).flags.find((f) => f.claimId === confirmed);
    if (toConfirm === undefined) throw new Error('no flag on the second claim');
    expect((await decide(districtToken, toConfirm, 'confirm', '账户为他人所有')).status).toBe(200);
    const rejected = await admin.waitFor(confirmed, ['REJECTED']);
    expect(rejected.payout ?? null).toBeNull();
    expect((await flags(auditorToken, 'state=CONFIRMED')).flags.map((f) => f.claimId)).toEqual([confirmed]);

    // A second scan raises nothing new
    const second = await scan();
    expect(second.raised).toBe(0);
    expect(second.since).toBe(first.until);

    // A claim changed after the cursor: the next scan reads only what changed since
    const later = await submit(others[4]?.memberId ?? '', 'JS-2026-110108-0009', SHARED_ACCOUNT);
    const third = await scan();
    expect(third.since).toBe(second.until);
    expect(third.raised).toBe(1);
    expect(third.rules).toEqual({ 'shared-payee': 1 });
    expect(third.claims).toBeLessThan(first.claims);
    expect((await flags(auditorToken, 'state=OPEN')).flags.filter((f) => f.claimId === later)).toHaveLength(
      1,
    );
  });
});
