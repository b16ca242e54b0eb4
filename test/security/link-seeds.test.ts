import { createHash, createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { linkIdFromSeed } from '../../functions/domain/ids.ts';
import { localKeys } from '../../infra/local/local-idp.ts';
import { validSubmission } from '../fixtures/claims.ts';
import { claimants } from '../fixtures/demo.ts';
import {
  apiClient,
  approvalLink,
  outboxFor,
  startTestStack,
  type TestStack,
  until,
} from '../support/local-stack.ts';
import { tableItems } from '../support/table-items.ts';

/**
 * Seeds an attacker who holds the link key (a leaked key, an operator) could try for a claim whose id
 * they know, from what is not secret: the claim id, the purpose, a level, an approver id and the claim's
 * version; plainly, or derived the way the claim's own seed is (HMAC-SHA-256, base64url) with anything
 * but the claim's random link seed as the key.
 */
function guessedSeeds(claimId: string, purpose: string, extras: readonly (string | number)[][]): string[] {
  const seeds = [`${purpose}:${claimId}`, claimId];
  for (const extra of [[], ...extras]) {
    const parts = [purpose, claimId, ...extra];
    seeds.push(parts.join(':'), parts.join('\0'));
    for (const key of ['', claimId, purpose]) {
      seeds.push(createHmac('sha256', key).update(parts.join('\0'), 'utf8').digest('base64url').slice(0, 22));
    }
  }
  return seeds;
}

describe('link seeds: the link key and a claim id do not give the claim its links', () => {
  let stack: TestStack;
  let linkKey: string;

  beforeAll(async () => {
    stack = await startTestStack();
    linkKey = (await localKeys(stack.dataDir)).keys.linkId;
  });
  afterAll(async () => {
    await stack.close();
  });

  /** The claim's item as stored, and its view as the member gets it. */
  async function storedClaim(claimId: string): Promise<Record<string, unknown>> {
    const items = await tableItems(stack.ddb, stack.runtime.tables.claims);
    const item = items.find((i) => i.type === 'claim' && i.claimId === claimId);
    if (item === undefined) throw new Error(`no item of ${claimId}`);
    return item;
  }

  it('1 the upload link of a claim waiting for its documents is not computed from the link key and its id', async () => {
    // Prepare: a death benefit waits for its two documents; its member gets the upload link by SMS.
    const [member] = claimants((m) => m.unitCode === 'BJ-HD-001').slice(5);
    if (member === undefined) throw new Error('demo data: a claimant of BJ-HD-001');
    const api = apiClient(stack.runtime.apiUrl, await stack.token(['member'], { memberId: member.memberId }));
    const res = await api.submit(
      validSubmission({
        memberId: member.memberId,
        program: 'accident-protection',
        benefit: 'death',
        evidence: [{ kind: 'death-certificate', number: `SW-SEED-${Date.now()}` }],
      }),
    );
    expect(res.status).toBe(202);
    const claimId = String(res.body.claimId);
    const link = await until(
      `the upload link of ${claimId}`,
      async () =>
        (await outboxFor(stack.runtime.outboxDir, claimId)).find(
          (m) => m.subject === `claim documents ${claimId}`,
        )?.links[0],
    );
    const token = link.split('/u/')[1] ?? '';
    // The link works: it is the claim's upload page.
    await until(
      `the upload link of ${claimId} to be stored`,
      async () =>
        (await fetch(link, { headers: { accept: 'application/json' } })).status === 200 || undefined,
    );
    // Act: the attacker computes what they can from the key and the id.
    const tried = guessedSeeds(claimId, 'documents-wait', []).map((seed) => linkIdFromSeed(linkKey, seed));
    // Assess
    expect(tried).not.toContain(token);
    // The claim holds a random link seed of at least 128 bits, which no view of it shows.
    const seed = String((await storedClaim(claimId)).linkSeed);
    expect(seed).toMatch(/^[A-Za-z0-9_-]{22,}$/);
    expect(Buffer.from(seed, 'base64url').length).toBeGreaterThanOrEqual(16);
    expect(JSON.stringify((await api.claim(claimId)).body)).not.toContain(seed);
  });

  it('2 an approval link is not computed from the link key, the claim id, the level, the approver and the version', async () => {
    // Prepare: a one-level claim; its approvers get their links by e-mail.
    const [member] = claimants((m) => m.unitCode === 'BJ-HD-001').slice(6);
    if (member === undefined) throw new Error('demo data: a claimant of BJ-HD-001');
    const api = apiClient(stack.runtime.apiUrl, await stack.token(['member'], { memberId: member.memberId }));
    const res = await api.submit(
      validSubmission({
        memberId: member.memberId,
        evidence: [{ kind: 'certificate', number: `JS-SEED-${Date.now()}` }],
      }),
    );
    expect(res.status).toBe(202);
    const claimId = String(res.body.claimId);
    await api.waitFor(claimId, ['AWAITING_APPROVAL']);
    const link = await approvalLink(stack.runtime.outboxDir, claimId);
    const linkId = link.split('/a/')[1] ?? '';
    const page = await fetch(link, { headers: { accept: 'application/json' } });
    expect(page.status).toBe(200);
    // The approvers of the level, as the link items name them.
    const items = await tableItems(stack.ddb, stack.runtime.tables.claims);
    const approverIds = items
      .filter((i) => i.type === 'link' && i.claimId === claimId)
      .map((i) => String(i.approverId));
    expect(approverIds.length).toBeGreaterThan(0);
    // Act: every approver, level 1 and 2, versions 1 to 10.
    const extras = approverIds.flatMap((approverId) =>
      [1, 2].flatMap((level) => Array.from({ length: 10 }, (_, v) => [level, approverId, v + 1])),
    );
    const tried = guessedSeeds(claimId, 'approval', extras).map((seed) => linkIdFromSeed(linkKey, seed));
    // Assess
    expect(tried).not.toContain(linkId);
    // Nor is the stored link keyed by anything but the hash of an id derived from a secret seed.
    const hash = createHash('sha256').update(linkId, 'utf8').digest('hex');
    expect(items.some((i) => i.type === 'link' && String(i.pk) === `LINK#${hash}`)).toBe(true);
    // The approver's page (HTML and JSON, its sealed form included) never shows the claim's link seed.
    const seed = String((await storedClaim(claimId)).linkSeed);
    expect(seed).toMatch(/^[A-Za-z0-9_-]{22,}$/);
    expect(await page.text()).not.toContain(seed);
    expect(await (await fetch(`${link}?lang=en`)).text()).not.toContain(seed);
  });
});
