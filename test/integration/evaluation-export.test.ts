import { randomUUID } from 'node:crypto';
import { cp, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { PutItemCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { beijingYear } from '../../functions/domain/calendar.ts';
import { downloadSignature } from '../../functions/domain/evaluation/download-link.ts';
import type { ExportManifest } from '../../functions/domain/evaluation/manifest.ts';
import type { PublishedRow } from '../../functions/domain/evaluation/rows.ts';
import { localKeys } from '../../infra/local/local-idp.ts';
import { localExportPublicKey, verifyExportDir } from '../../infra/local/verify-export-cli.ts';
import { validSubmission } from '../fixtures/claims.ts';
import { ARTIFACTS_DIR, type Browser, launchChromium } from '../support/browser.ts';
import { apiClient, decideAllLevels, startTestStack, type TestStack, until } from '../support/local-stack.ts';

interface ExportView {
  exportId: string;
  status: string;
  period: { year: number; month?: number };
  requestedBy: { kind: string; id: string };
  files?: { name: string; sha256: string; bytes: number }[];
  manifest?: ExportManifest;
  downloads?: Record<string, string>;
}

describe('evaluation export (DynamoDB Local + the ASL engine + the local HTTP API)', () => {
  let stack: TestStack;
  let browser: Browser | undefined;
  const year = beijingYear(new Date());

  beforeAll(async () => {
    stack = await startTestStack();
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await stack.close();
  });

  async function call(method: string, path: string, token: string, body?: unknown) {
    const res = await fetch(`${stack.runtime.apiUrl}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  }

  async function waitDone(exportId: string, token: string): Promise<ExportView> {
    return until(`export ${exportId} to finish`, async () => {
      const { status, body } = await call('GET', `/exports/${exportId}`, token);
      expect(status).toBe(200);
      return body.status === 'RUNNING' ? undefined : (body as unknown as ExportView);
    });
  }

  it('exports on demand for an auditor: three files and a signed manifest that verifies; members get 403', async () => {
    // Prepare: one claim paid through the workflow, and a confirmed fraud flag on it (the flags contract).
    const api = apiClient(stack.runtime.apiUrl, await stack.token(['member'], { memberId: 'M000001' }));
    const submitted = await api.submit(
      validSubmission({ evidence: [{ kind: 'certificate', number: `JS-EXP-${randomUUID().slice(0, 8)}` }] }),
    );
    const claimId = String(submitted.body.claimId);
    await api.waitFor(claimId, ['AWAITING_APPROVAL']);
    await decideAllLevels(api, stack.runtime.outboxDir, claimId);
    await api.waitFor(claimId, ['PAID']);
    await stack.ddb.send(
      new PutItemCommand({
        TableName: stack.runtime.tables.claims,
        Item: {
          pk: { S: `CLAIM#${claimId}` },
          sk: { S: 'FLAG#velocity' },
          rule: { S: 'velocity' },
          score: { N: '0.9' },
          state: { S: 'CONFIRMED' },
          raisedAt: { S: new Date().toISOString() },
        },
      }),
    );
    const auditor = await stack.token(['auditor'], { sub: 'auditor-1' });
    const member = await stack.token(['member'], { memberId: 'M000001' });

    // Act
    const forbidden = await call('POST', '/exports', member, { year });
    const bad = await call('POST', '/exports', auditor, { year: 2014, month: 13 });
    const accepted = await call('POST', '/exports', auditor, { year });

    // Assess
    expect(forbidden.status).toBe(403);
    expect(bad.status).toBe(400);
    expect(accepted.status).toBe(202);
    const exportId = String(accepted.body.exportId);
    const done = await waitDone(exportId, auditor);
    expect(done).toMatchObject({
      status: 'DONE',
      period: { year },
      requestedBy: { kind: 'auditor', id: 'auditor-1' },
    });
    const names = [`evaluation-${year}.csv`, `evaluation-${year}.jsonl`, `evaluation-${year}.html`];
    expect(done.files?.map((f) => f.name)).toEqual(names);
    expect(done.manifest?.files.map((f) => f.sha256)).toEqual(done.files?.map((f) => f.sha256));

    // The files as the evaluator downloads them, checked with the public key alone.
    const folder = join(stack.dataDir, 'exports', exportId);
    const { key } = await localExportPublicKey(stack.dataDir);
    expect((await verifyExportDir(folder, key)).exitCode).toBe(0);
    for (const name of [...names, 'manifest.json']) {
      const link = done.downloads?.[name] ?? '';
      const res = await fetch(link);
      expect(res.status, name).toBe(200);
      expect(Buffer.from(await res.arrayBuffer()).equals(await readFile(join(folder, name)))).toBe(true);
    }

    // The claim paid is the year's only one: a group of one member, so even the city row shows no
    // figures (small-group suppression), while the registry's own figure stays.
    const lines = (await readFile(join(folder, names[1] ?? ''), 'utf8'))
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as PublishedRow & { record: string });
    const city = lines.find((l) => l.record === 'cell' && l.level === 'city' && l.program === 'skill-boost');
    expect(city).toMatchObject({
      suppressed: true,
      claimsSubmitted: null,
      claimsPaid: null,
      payments: null,
      amountPaidFen: null,
      fraudFlagsRaised: null,
    });
    expect(city?.registeredMembers).toBeGreaterThan(0);
    // No personal data: not the member id, name, mobile or bank account of the claimant.
    const registered = await stack.registry.getMember('M000001');
    const everything = (await Promise.all(names.map((n) => readFile(join(folder, n), 'utf8')))).join('\n');
    for (const value of ['M000001', registered?.name ?? '', registered?.mobile ?? '', '6222020200112233445'])
      expect(everything).not.toContain(value);
    expect(lines.filter((l) => l.record === 'member')).toHaveLength(0);

    // A flipped byte in a copy is named by the verify command.
    const copy = join(stack.dataDir, 'tampered');
    await cp(folder, copy, { recursive: true });
    const csv = await readFile(join(copy, names[0] ?? ''));
    csv[csv.length - 3] = (csv[csv.length - 3] ?? 0) ^ 1;
    await writeFile(join(copy, names[0] ?? ''), csv);
    const tampered = await verifyExportDir(copy, key);
    expect(tampered.exitCode).toBe(1);
    expect(tampered.lines).toContain(`FAIL ${names[0]}: SHA-256 differs from the manifest`);

    // Listed for auditors, not for members.
    const listed = await call('GET', '/exports', auditor);
    expect((listed.body.exports as ExportView[]).map((e) => e.exportId)).toContain(exportId);
    expect((await call('GET', '/exports', member)).status).toBe(403);
    expect((await call('GET', `/exports/${exportId}`, member)).status).toBe(403);
  });

  it('serves a download only by an unexpired link with our signature', async () => {
    // Prepare
    const auditor = await stack.token(['auditor']);
    const accepted = await call('POST', '/exports', auditor, { year, month: new Date().getUTCMonth() + 1 });
    expect(accepted.status).toBe(202);
    const done = await waitDone(String(accepted.body.exportId), auditor);
    expect(done.status).toBe('DONE');
    const link = new URL(done.downloads?.['manifest.json'] ?? '');
    const { keys } = await localKeys(stack.dataDir);
    const base = `${link.origin}${link.pathname}`;
    const past = Math.floor(Date.now() / 1000) - 60;
    const expiredSig = downloadSignature(keys.exportDownload, done.exportId, 'manifest.json', past);

    // Act
    const good = await fetch(link);
    const forged = await fetch(`${base}?expires=${link.searchParams.get('expires')}&sig=${'A'.repeat(43)}`);
    const extended = await fetch(`${base}?expires=${past + 10_000_000}&sig=${link.searchParams.get('sig')}`);
    const expired = await fetch(`${base}?expires=${past}&sig=${expiredSig}`);
    const otherFile = await fetch(
      `${link.origin}/exports/${done.exportId}/files/evaluation-${year}.csv?${link.searchParams}`,
    );

    // Assess
    expect(good.status).toBe(200);
    expect(forged.status).toBe(403);
    expect(extended.status).toBe(403);
    expect(expired.status).toBe(410);
    expect(otherFile.status).toBe(403);
  });

  it('opens the HTML report offline in headless Chromium: both charts, no request beyond the file', async () => {
    if (browser === undefined) throw new Error('set-up failed');
    // Prepare
    const auditor = await stack.token(['auditor']);
    const accepted = await call('POST', '/exports', auditor, { year });
    const done = await waitDone(String(accepted.body.exportId), auditor);
    const file = join(stack.dataDir, 'exports', done.exportId, `evaluation-${year}.html`);
    const page = await browser.context.newPage();
    await page.setViewportSize({ width: 1280, height: 900 });
    const requests: string[] = [];
    page.on('request', (r) => requests.push(r.url()));

    // Act
    await page.goto(pathToFileURL(file).href);

    // Assess
    expect(await page.locator('h1').textContent()).toContain(`第三方评估统计 ${year}`);
    expect(await page.locator('figure svg').count()).toBe(2);
    expect(await page.locator('figure svg rect').count()).toBeGreaterThan(17);
    expect(await page.locator('script').count()).toBe(0);
    expect(requests).toEqual([pathToFileURL(file).href]);
    await page.screenshot({ path: join(ARTIFACTS_DIR, 'evaluation-report.png'), fullPage: true });
  });
});
