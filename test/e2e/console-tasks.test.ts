import { randomUUID } from 'node:crypto';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoClaimsStore } from '../../functions/adapters/dynamodb/claims-store.ts';
import { documentClient } from '../../functions/adapters/dynamodb/client.ts';
import { DynamoPaymentsStore } from '../../functions/adapters/dynamodb/payments-store.ts';
import { beijingDate, beijingYear } from '../../functions/domain/calendar.ts';
import { makeIdNumber } from '../../functions/domain/id-number.ts';
import { LOCAL_PII_HASH_KEY } from '../../functions/usecases/import-members.ts';
import { DEMO_MEMBER_ID, DEMO_MEMBER_UNIT_CODE } from '../../infra/local/demo-data.ts';
import { scanTables } from '../../infra/local/fraud-scan-cli.ts';
import { storeImportedClaim, validSubmission } from '../fixtures/claims.ts';
import { ARTIFACTS_DIR, type Browser, launchChromium } from '../support/browser.ts';
import { expectAccessible, signInToConsole } from '../support/console.ts';
import {
  type ApiClient,
  apiClient,
  decideAllLevels,
  startTestStack,
  type TestStack,
} from '../support/local-stack.ts';

const UNIT = DEMO_MEMBER_UNIT_CODE;
/** Rows a page of the console's batches list holds (BATCH_PAGE_SIZE of console/src/pages.ts). */
const BATCH_PAGE_SIZE = 20;
const shot = (name: string) => join(ARTIFACTS_DIR, `console-${name}.png`);

/** Each page's main task, done in the browser by the role it is for, against the local stack. */
describe('the staff console: each page’s main task end to end (Playwright + Debian Chromium)', () => {
  let stack: TestStack;
  let browser: Browser;
  let admin: ApiClient;
  let adminToken: string;
  let api: string;
  let files: string;
  /** A PAID claim of the demo member, with an open fraud flag (a paper-era claim shares its certificate). */
  let paidClaim: string;

  const asAdmin = async (path: string, init: RequestInit = {}) => {
    const res = await fetch(`${api}${path}`, {
      ...init,
      headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json', ...init.headers },
    });
    if (res.status >= 300) throw new Error(`${path}: ${res.status} ${await res.text()}`);
    return res;
  };

  beforeAll(async () => {
    browser = await launchChromium();
    stack = await startTestStack({ console: true });
    api = stack.runtime.apiUrl;
    files = await mkdtemp(join(tmpdir(), 'console-files-'));
    adminToken = await stack.token(['admin']);
    admin = apiClient(api, adminToken);

    // The demo member's claim, approved through its link and paid.
    const certificate = `CONSOLE-${randomUUID().slice(0, 8)}`;
    const member = apiClient(api, await stack.token(['member'], { memberId: DEMO_MEMBER_ID }));
    const submitted = await member.submit(
      validSubmission({ evidence: [{ kind: 'certificate', number: certificate }] }),
    );
    paidClaim = String(submitted.body.claimId);
    await member.waitFor(paidClaim, ['AWAITING_APPROVAL']);
    await decideAllLevels(member, stack.runtime.outboxDir, paidClaim);
    await member.waitFor(paidClaim, ['PAID']);

    // A paper-era claim of another member with the same certificate: the fraud scan flags the paid one.
    const claims = new DynamoClaimsStore(
      documentClient(stack.ddb),
      stack.runtime.tables.claims,
      stack.runtime.tables.registry,
    );
    await storeImportedClaim(claims, {
      claimId: `C01CONSOLEIMPORTED${randomUUID().replaceAll('-', '').slice(0, 9).toUpperCase()}`,
      memberId: 'M000002',
      unit: await stack.registry.getUnit(UNIT),
      at: new Date(Date.now() - 90 * 86_400_000).toISOString(),
      certificate,
      accountNumber: '6217000010098765432',
    });
    await scanTables(stack.ddb, stack.runtime.tables, { hashKey: LOCAL_PII_HASH_KEY });
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.close();
  });

  /** The page's message after an action: its text, or the error's. */
  const messageOf = async (page: Page, scope = page.locator('main')) => {
    await scope.locator('.message').first().waitFor();
    return scope.locator('.message').first().textContent();
  };

  it('staff find the paid claim by status and open it: its amounts, timeline and audit verification', async () => {
    const page = await signInToConsole(browser.context, api, 'staff', '/claims');
    await page.getByLabel('状态').selectOption('PAID');
    await page.getByLabel('单位代码').fill(UNIT);
    await page.getByRole('button', { name: '查找' }).click();
    const link = page.getByRole('link', { name: paidClaim });
    await Promise.all([
      page.waitForURL((url) => url.pathname === `/console/claims/${paidClaim}`),
      link.click(),
    ]);
    await expect.poll(() => page.locator('h1').textContent()).toBe(`申请 ${paidClaim}`);
    await expect.poll(() => page.locator('dd.status').textContent()).toBe('已支付');
    expect(await page.locator('main').textContent()).toContain('¥1,000.00');
    await expect.poll(() => page.locator('[data-chain]').textContent()).not.toBe('0');
    await page.screenshot({ path: shot('claim'), fullPage: true });
    await expectAccessible(page, 'a claim');
    await page.close();
  });

  it('staff resolve a correction ticket: the claim is rejected with the reason', async () => {
    // Prepare: a claim whose member name differs from the registry's waits for a correction.
    const mismatched = await admin.submit(
      validSubmission({
        memberId: 'M000003',
        memberName: '名字不符',
        evidence: [{ kind: 'certificate', number: `CONSOLE-T-${randomUUID().slice(0, 8)}` }],
      }),
    );
    const claimId = String(mismatched.body.claimId);
    await admin.waitFor(claimId, ['AWAITING_CORRECTION']);

    // Act
    const page = await signInToConsole(browser.context, api, 'staff', '/tickets');
    const ticket = page.locator('li.record', { hasText: claimId });
    await ticket.getByLabel('处理结果').selectOption('rejected');
    await ticket.getByLabel('原因').fill('会员姓名与登记不符，无法核实');
    await ticket.getByRole('button', { name: '处理工单' }).click();

    // Assess: the page says so, and the ticket is no longer open.
    expect(await messageOf(page)).toBe(`工单已处理。 申请 ${claimId}`);
    await expect
      .poll(
        async () =>
          (await ticket.count()) === 0 || (await ticket.locator('dd').first().textContent()) !== '待处理',
      )
      .toBe(true);
    await page.screenshot({ path: shot('ticket-resolved'), fullPage: true });
    await expectAccessible(page, 'tickets after resolving');
    expect((await admin.waitFor(claimId, ['REJECTED'])).status).toBe('REJECTED');
    await page.close();
  });

  it('staff of the unit above clear a fraud flag as the second person; the flag is CLEARED', async () => {
    const page = await signInToConsole(browser.context, api, 'staff', '/flags');
    // The claim's first flag (one rule may raise more than one).
    const flagId =
      (await page.locator(`li.record[data-claim="${paidClaim}"]`).first().getAttribute('data-flag')) ?? '';
    const flag = page.locator(`li.record[data-claim="${paidClaim}"][data-flag="${flagId}"]`);
    await flag.getByLabel('原因').fill('同一证书为纸质档案重复录入，已核实');
    await flag.getByRole('button', { name: '清除标记' }).click();

    expect(await messageOf(page)).toBe(`已记录。 申请 ${paidClaim}`);
    const cleared = (await (await asAdmin('/fraud/flags?state=CLEARED')).json()) as {
      flags: { claimId: string; flagId: string; state: string }[];
    };
    const open = (await (await asAdmin('/fraud/flags')).json()) as typeof cleared;
    expect({
      cleared: cleared.flags.some((f) => f.claimId === paidClaim && f.flagId === flagId),
      open: open.flags.filter((f) => f.claimId === paidClaim && f.flagId === flagId),
    }).toEqual({ cleared: true, open: [] });
    await expect.poll(() => flag.count()).toBe(0);
    await page.close();
  });

  it('staff set a budget allocation with a reason; the API has the new amount in fen', async () => {
    const year = beijingYear(new Date());
    const page = await signInToConsole(browser.context, api, 'staff', '/budgets');
    await page.getByLabel('单位代码').fill(UNIT);
    await page.getByRole('button', { name: '查看' }).click();
    await page.locator('table').waitFor();
    const form = page.getByRole('form', { name: '新分配额（元）' });
    const programId = await form.getByLabel('项目').inputValue();
    await form.getByLabel('新分配额（元）').fill('123456.78');
    await form.getByLabel('原因').fill('年中追加预算');
    await form.getByRole('button', { name: '保存' }).click();

    expect(await messageOf(page, form)).toBe('预算已保存。');
    const budgets = (await (await asAdmin(`/budgets/${UNIT}/${year}`)).json()) as {
      budgets: { programId: string; allocatedFen: number }[];
    };
    expect(budgets.budgets.find((b) => b.programId === programId)?.allocatedFen).toBe(12_345_678);
    await expect.poll(() => page.locator('table').textContent()).toContain('¥123,456.78');
    await page.close();
  });

  it('staff import a small member CSV with a progress bar and see the per-row report', async () => {
    const csv = [
      'name,idNumber,mobile,unitCode,joinedOn,status,leftOn,hardship,modelWorker,note',
      `王小明,${makeIdNumber('110108', '1990-05-06', 531)},17700001001,${UNIT},2021-03-01,在会,,否,否,`,
      `李小红,${makeIdNumber('110108', '1991-07-08', 542)},17700001002,${UNIT},2022-04-01,在会,,否,否,`,
      `张在外,${makeIdNumber('110105', '1985-01-02', 553)},17700001003,BJ-CY-001,2020-01-01,在会,,否,否,`,
      '',
    ].join('\n');
    const file = join(files, 'members.csv');
    await writeFile(file, csv);

    const page = await signInToConsole(browser.context, api, 'staff', '/members');
    await page.getByLabel('CSV 文件（UTF-8 或 GB18030）').setInputFiles(file);
    await page.getByRole('button', { name: '上传' }).click();
    await page.locator('#report-title').waitFor();

    expect(await page.locator('progress#import-progress').getAttribute('value')).toBe('100');
    expect(await page.locator('[data-count="rows"]').textContent()).toBe('3');
    expect(await page.locator('[data-count="created"]').textContent()).toBe('2');
    // The row outside the staff's subtree is refused, row by row, and named.
    expect(
      await page.locator('#report-title ~ section table, #report-title ~ * table').textContent(),
    ).toContain('4');
    await page.screenshot({ path: shot('member-import'), fullPage: true });
    await expectAccessible(page, 'members after an import');
    await page.close();
  });

  it('staff check a member list of megabytes: sent whole by POST /uploads with a progress bar, then imported by its uploadId (dry run)', async () => {
    const rows = 30_000;
    const lines = ['name,idNumber,mobile,unitCode,joinedOn,status,leftOn,hardship,modelWorker,note'];
    for (let i = 0; i < rows; i++) {
      const birth = new Date(Date.UTC(1970, 0, 1) + Math.floor(i / 900) * 86_400_000)
        .toISOString()
        .slice(0, 10);
      const id = makeIdNumber('110108', birth, 100 + (i % 900));
      lines.push(
        `会员${i},${id},177${String(i).padStart(8, '0')},${UNIT},2021-03-01,在会,,否,否,大型企业工会名单第${i}行`,
      );
    }
    const file = join(files, 'members-large.csv');
    await writeFile(file, `${lines.join('\n')}\n`);
    const bytes = (await readFile(file)).length;
    expect(bytes).toBeGreaterThan(2 * 1024 * 1024);

    const page = await signInToConsole(browser.context, api, 'staff', '/members');
    const sent: { method: string; path: string; body: string | null }[] = [];
    page.on('request', (r) => {
      const url = new URL(r.url());
      if (r.method() === 'POST')
        sent.push({
          method: r.method(),
          path: url.pathname + url.search,
          body: r.headers()['content-type']?.startsWith('application/json') ? r.postData() : null,
        });
    });
    await page.getByLabel('只检查，不写入').check();
    await page.getByLabel('CSV 文件（UTF-8 或 GB18030）').setInputFiles(file);
    await page.getByRole('button', { name: '上传' }).click();
    await page.locator('#report-title').waitFor();

    expect(await page.locator('progress#import-progress').getAttribute('value')).toBe('100');
    expect(await page.locator('[data-count="rows"]').textContent()).toBe(String(rows));
    // POST /uploads declared the file; the file went by the signed form; the import took its uploadId.
    const declared = sent.find((r) => r.path === '/uploads');
    expect(JSON.parse(declared?.body ?? '{}')).toMatchObject({ purpose: 'member-import', bytes });
    const imported = sent.find((r) => r.path === '/members/import?dryRun=true');
    expect(Object.keys(JSON.parse(imported?.body ?? '{}'))).toEqual(['uploadId']);
    const order = sent.map((r) => r.path);
    const declaredAt = order.indexOf('/uploads');
    expect(declaredAt).toBeGreaterThanOrEqual(0);
    // Between the two, the form with the file (multipart, to the signed URL).
    expect(order.indexOf('/members/import?dryRun=true') - declaredAt).toBe(2);
    expect(sent[declaredAt + 1]?.body).toBeNull();
    await page.close();
  });

  it('staff record a service visit', async () => {
    const page = await signInToConsole(browser.context, api, 'staff', '/visits');
    await page.getByLabel('会员编号').fill(DEMO_MEMBER_ID);
    await page.getByLabel('单位代码').fill(UNIT);
    await page.getByRole('button', { name: '提交' }).click();
    expect(await messageOf(page)).toMatch(/^已登记，记录编号 \S+/);
    await page.close();
  });

  it('staff cut the day’s batch, find it at the top of the list, open it and download its bank file; the bank’s result is uploaded; a second person confirms the return', async () => {
    const today = beijingDate(new Date());
    const page = await signInToConsole(browser.context, api, 'staff', '/batches');
    const cut = page.locator('section', { has: page.locator('#cut-title') });
    await cut.getByLabel('单位代码').fill(UNIT);
    await cut.getByLabel('日期').fill(today);
    await cut.getByRole('button', { name: '切批次' }).click();
    expect(await messageOf(page, cut)).toContain('批次编号');
    const opened = cut.getByRole('link', { name: /^打开批次 / });
    const batchId = ((await opened.textContent()) ?? '').replace(/^打开批次 /, '');
    expect(batchId).not.toBe('');

    // The list loads again with the new batch first (newest first).
    const list = page.locator('section', { has: page.locator('#list-title') });
    await expect.poll(() => list.locator('tr[data-batch]').first().getAttribute('data-batch')).toBe(batchId);

    // Opened from the list: the batch's lines, and its bank file through the browser's download.
    await Promise.all([
      page.waitForURL((url) => url.pathname === `/console/batches/${batchId}`),
      list.getByRole('link', { name: batchId }).click(),
    ]);
    await expect.poll(() => page.locator('h1').textContent()).toBe(`批次 ${batchId}`);
    await expect.poll(() => page.locator('main table').textContent()).toContain(paidClaim);
    const line = page.locator('main tr', { has: page.getByRole('link', { name: paidClaim }) });
    expect(await line.locator('td.status').textContent()).toBe('待银行结果');
    await expectAccessible(page, 'a payment batch');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: '下载银行文件' }).click(),
    ]);
    const bankFile = join(files, 'bank.csv');
    await download.saveAs(bankFile);
    const text = (await readFile(bankFile, 'utf8')).replace(/^\uFEFF/, '');
    expect(text).toContain(paidClaim);
    await Promise.all([
      page.waitForURL((url) => url.pathname === '/console/batches'),
      page.getByRole('link', { name: '返回支付批次' }).click(),
    ]);

    // The bank returns the payout: the upload waits for a second person.
    const [head = '', ...rest] = text.split('\r\n');
    const result = [
      `${head},结果(Result),原因(Reason)`,
      ...rest
        .filter((l) => l !== '')
        .map((l) => (l.startsWith('合计') ? `${l},,` : `${l},RETURNED,账户已销户`)),
      '',
    ].join('\r\n');
    const resultFile = join(files, 'result.csv');
    await writeFile(resultFile, result);
    const reconcile = page.locator('section', { has: page.locator('#reconcile-title') });
    await reconcile.getByLabel('回盘文件（CSV，UTF-8）').setInputFiles(resultFile);
    await reconcile.getByRole('button', { name: '上传' }).click();
    await reconcile.locator('[data-count="waiting"]').waitFor();
    expect(await reconcile.locator('[data-count="waiting"]').textContent()).toBe('1');
    const reconciliationId = await reconcile.getByLabel('回盘编号').inputValue();
    expect(reconciliationId).not.toBe('');

    // The uploader cannot confirm their own upload.
    await reconcile.getByRole('button', { name: '确认退回（第二人）' }).click();
    expect(await messageOf(page, reconcile)).toContain('403');
    await page.close();

    // Another member of staff does.
    const second = await signInToConsole(browser.context, api, 'staff2', '/batches');
    const confirm = second.locator('section', { has: second.locator('#reconcile-title') });
    await confirm.getByLabel('回盘编号').fill(reconciliationId);
    await confirm.getByRole('button', { name: '确认退回（第二人）' }).click();
    expect(await messageOf(second, confirm)).toBe('已确认。');
    const batch = (await (
      await asAdmin(`/payment-batches/${batchId}`, { headers: { accept: 'application/json' } })
    ).json()) as { lines: { claimId: string; status: string }[] };
    expect(batch.lines.find((l) => l.claimId === paidClaim)?.status).toBe('RETURNED');
    await second.goto(`${api}/console/batches/${batchId}`);
    const returned = second.locator('main tr', { has: second.getByRole('link', { name: paidClaim }) });
    await expect.poll(() => returned.locator('td.status').textContent()).toBe('已退回');
    expect(await second.locator('[data-total="RETURNED"]').textContent()).toMatch(/^1 · ¥1,000\.00$/);
    await second.close();
  });

  it('staff page through the batches newest first and open an earlier one', async () => {
    // Earlier batches of the unit, one a day back, as cuts leave them: more than a page of the list.
    const payments = new DynamoPaymentsStore(documentClient(stack.ddb), stack.runtime.tables.claims);
    const unit = await stack.registry.getUnit(UNIT);
    if (unit === null) throw new Error(`no unit ${UNIT}`);
    const earlier = Array.from({ length: BATCH_PAGE_SIZE + 2 }, (_, i) => {
      const at = new Date(Date.now() - (i + 2) * 86_400_000);
      return {
        batchId: `B-${UNIT}-${beijingDate(at).replaceAll('-', '')}-09`,
        unitCode: UNIT,
        unitPath: unit.path,
        date: beijingDate(at),
        status: 'cut' as const,
        createdAt: at.toISOString(),
        createdBy: 'finance-earlier',
        count: 2,
        totalFen: 1234_56 + i,
      };
    });
    for (const batch of earlier) await payments.createBatch(batch);

    const page = await signInToConsole(browser.context, api, 'staff', '/batches');
    const list = page.locator('section', { has: page.locator('#list-title') });
    const ids = () =>
      list.locator('tr[data-batch]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-batch')));
    await expect.poll(async () => (await ids()).length).toBe(BATCH_PAGE_SIZE);
    await expectAccessible(page, 'the payment batches list');
    // "More" until the list ends: each click adds rows or ends it (the console follows the API's empty pages).
    const more = list.getByRole('button', { name: '更多' });
    for (let clicks = 0; (await more.count()) > 0; clicks++) {
      expect(clicks).toBeLessThan(5);
      const shownBefore = (await ids()).length;
      await more.click();
      await expect
        .poll(async () => (await more.count()) === 0 || (await ids()).length > shownBefore)
        .toBe(true);
    }
    // Every earlier batch once, newest first.
    const seeded = new Set(earlier.map((b) => b.batchId));
    const shown = (await ids()).filter((id) => id !== null && seeded.has(id));
    expect(shown).toEqual(earlier.map((b) => b.batchId));

    const oldest = earlier.at(-1);
    if (oldest === undefined) throw new Error('no batch');
    await Promise.all([
      page.waitForURL((url) => url.pathname === `/console/batches/${oldest.batchId}`),
      list.getByRole('link', { name: oldest.batchId }).click(),
    ]);
    const facts = page.locator('dl.facts');
    await expect.poll(() => facts.textContent()).toContain(oldest.date);
    expect(await facts.textContent()).toContain(`¥1,234.${String(56 + earlier.length - 1)}`);
    expect(await facts.textContent()).toContain('finance-earlier');
    await page.close();
  });

  it('an approver sees the claim waiting for them and opens its approval page', async () => {
    const member = apiClient(api, await stack.token(['member'], { memberId: DEMO_MEMBER_ID }));
    const submitted = await member.submit(
      validSubmission({
        evidence: [{ kind: 'certificate', number: `CONSOLE-A-${randomUUID().slice(0, 8)}` }],
      }),
    );
    const claimId = String(submitted.body.claimId);
    await member.waitFor(claimId, ['AWAITING_APPROVAL']);

    const page = await signInToConsole(browser.context, api, 'approver', '/approvals');
    const row = page.locator('tr', { hasText: claimId });
    await row.waitFor();
    expect(await row.textContent()).toContain('¥1,000.00');
    await Promise.all([
      page.waitForURL(/\/a\//),
      row.getByRole('link', { name: `去审批 ${claimId}` }).click(),
    ]);
    expect(await page.locator('body').textContent()).toContain(claimId);
    await page.close();
  });

  it('an auditor starts an export, follows it to DONE and downloads its manifest', async () => {
    const page = await signInToConsole(browser.context, api, 'auditor', '/exports');
    const year = String(beijingYear(new Date()));
    await page.getByLabel('年度').fill(year);
    await page.getByRole('button', { name: '启动导出' }).click();
    const started = await messageOf(page);
    const exportId = /导出已启动。 (\S+)/.exec(started ?? '')?.[1] ?? '';
    expect(exportId).not.toBe('');

    const item = page.locator('li.record', { hasText: exportId });
    await expect
      .poll(async () => {
        await page.getByRole('button', { name: '刷新' }).click();
        return item.locator('.status').textContent();
      })
      .toBe('DONE');
    const link = item.getByRole('link', { name: 'manifest.json' });
    const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
    const saved = join(files, 'manifest.json');
    await download.saveAs(saved);
    expect(JSON.parse(await readFile(saved, 'utf8'))).toMatchObject({ exportId });
    await page.close();
  });
});
