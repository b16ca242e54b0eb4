import { randomUUID } from 'node:crypto';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoClaimsStore } from '../../functions/adapters/dynamodb/claims-store.ts';
import { documentClient } from '../../functions/adapters/dynamodb/client.ts';
import { DynamoPaymentsStore } from '../../functions/adapters/dynamodb/payments-store.ts';
import { DynamoProgramsStore } from '../../functions/adapters/dynamodb/programs-store.ts';
import { beijingDate, beijingYear } from '../../functions/domain/calendar.ts';
import { makeIdNumber } from '../../functions/domain/id-number.ts';
import { EVIDENCE_LABELS } from '../../functions/domain/programs/labels.ts';
import { versionInForce } from '../../functions/domain/programs/versions.ts';
import { LOCAL_PII_HASH_KEY } from '../../functions/usecases/import-members.ts';
import { DEMO_MEMBER_ID, DEMO_MEMBER_UNIT_CODE } from '../../infra/local/demo-data.ts';
import { scanTables } from '../../infra/local/fraud-scan-cli.ts';
import { storeAwaitingApproval, storeImportedClaim, validSubmission } from '../fixtures/claims.ts';
import { ARTIFACTS_DIR, type Browser, launchChromium } from '../support/browser.ts';
import { expectAccessible, expectFitsPhone, signInToConsole } from '../support/console.ts';
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
    // The list comes from an index that may lag the resolution (DynamoDB's indexes are eventually
    // consistent): the reload after it is answered with the list as it was, ticket still open.
    const stale = await page.evaluate(async (url) => {
      const session = JSON.parse(sessionStorage.getItem('console.session') ?? 'null') as { idToken: string };
      return (await fetch(url, { headers: { authorization: `Bearer ${session.idToken}` } })).text();
    }, `${api}/tickets`);
    expect(stale).toContain(claimId);
    await page.route(/\/tickets$/, (route) =>
      route.request().method() === 'GET'
        ? route.fulfill({ status: 200, contentType: 'application/json', body: stale })
        : route.fallback(),
    );
    await ticket.getByRole('button', { name: '处理工单' }).click();

    // Assess: the page says so, and the ticket resolved here is no longer listed, even so.
    expect(await messageOf(page)).toBe(`工单已处理。 申请 ${claimId}`);
    await expect.poll(() => ticket.count()).toBe(0);
    await page.unroute(/\/tickets$/);
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

  it('staff propose new bank details for the returned claim, are refused as their own second person, and a second person confirms: the claim is paid again', async () => {
    // The bank returned the claim's payout (the batch above): it waits for new payee details.
    await admin.waitFor(paidClaim, ['PAYOUT_RETURNED']);
    const page = await signInToConsole(browser.context, api, 'staff', '/payee');
    const returned = page.locator('section', { has: page.locator('#returned-title') });
    await returned.getByRole('button', { name: `选择 ${paidClaim}` }).click();
    const claim = page.locator('section', { has: page.locator('#payee-title') });
    await expect.poll(() => claim.locator('dd.status').textContent()).toBe('付款退回');
    expect(await claim.textContent()).toContain('银行退回付款');

    const propose = page.getByRole('form', { name: '提出新的收款账户' });
    // The payee's name is the member's registered one, as the claim has it.
    expect(await propose.getByLabel('收款人姓名').inputValue()).not.toBe('');
    await propose.getByLabel('开户银行').fill('中国建设银行北京海淀支行');
    await propose.getByLabel('银行账号').fill('6217 0000 1001 2345 678');
    await propose.getByRole('button', { name: '提交更正' }).click();
    const proposed = (await messageOf(page, propose)) ?? '';
    const changeId = /更正编号 (\S+)$/.exec(proposed)?.[1] ?? '';
    expect(changeId).not.toBe('');
    // The claim shows the change waiting, and the confirmation form has it.
    await expect.poll(() => claim.locator('[data-pending]').getAttribute('data-pending')).toBe(changeId);
    // Masked: the last four digits only, from the API's read of the claim's payee.
    const pendingText = (await claim.locator('[data-pending]').textContent()) ?? '';
    expect(pendingText).toMatch(/\*+5678/);
    expect(pendingText).not.toContain('62170000100123');
    expect(await claim.locator(`[data-change="${changeId}"]`).textContent()).toContain('待确认');
    const confirm = page.getByRole('form', { name: '确认更正（第二人）' });
    await expect.poll(() => confirm.getByLabel('更正编号').inputValue()).toBe(changeId);

    // The proposer cannot confirm their own change: the API's refusal is shown, nothing changes.
    await confirm.getByRole('button', { name: '确认更正（第二人）' }).click();
    const refused = (await messageOf(page, confirm)) ?? '';
    expect(refused).toContain('403');
    expect(refused).toContain('another person must');
    expect((await admin.claim(paidClaim)).body.status).toBe('PAYOUT_RETURNED');
    await expectAccessible(page, 'payee correction, refused');
    await expectFitsPhone(page, 'payee correction with a claim chosen');
    await page.screenshot({ path: shot('payee-refused-390'), fullPage: true });
    await page.close();

    // Another member of staff finds the claim, sees the change waiting and confirms it.
    const second = await signInToConsole(browser.context, api, 'staff2', '/payee');
    await second.getByLabel('申请编号').fill(paidClaim);
    await second.getByRole('button', { name: '查看' }).click();
    const confirmed = second.getByRole('form', { name: '确认更正（第二人）' });
    await expect.poll(() => confirmed.getByLabel('更正编号').inputValue()).toBe(changeId);
    await confirmed.getByRole('button', { name: '确认更正（第二人）' }).click();
    expect(await messageOf(second, confirmed)).toBe('已确认，申请将重新付款。付款轮次 2');
    // The claim no longer waits for details: it leaves the list of returned claims.
    await expect.poll(() => second.getByRole('button', { name: `选择 ${paidClaim}` }).count()).toBe(0);
    const paid = await admin.waitFor(paidClaim, ['PAID']);
    expect(paid.payee).toMatchObject({
      bankName: '中国建设银行北京海淀支行',
      accountMasked: expect.stringMatching(/5678$/),
    });
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

  it('an approver sees the claim waiting for them, which were assigned to them and which to a colleague (first), in both languages, and opens its approval page', async () => {
    const member = apiClient(api, await stack.token(['member'], { memberId: DEMO_MEMBER_ID }));
    const submitted = await member.submit(
      validSubmission({
        evidence: [{ kind: 'certificate', number: `CONSOLE-A-${randomUUID().slice(0, 8)}` }],
      }),
    );
    const claimId = String(submitted.body.claimId);
    await member.waitFor(claimId, ['AWAITING_APPROVAL']);
    // The signed-in approver (A-BJ-HD-001-1) and their colleague 邓明: a level sent first to the colleague
    // an hour before one assigned to the approver; the assigned one is listed first.
    const claims = new DynamoClaimsStore(
      documentClient(stack.ddb),
      stack.runtime.tables.claims,
      stack.runtime.tables.registry,
    );
    const hoursAgo = (h: number) => new Date(Date.now() - h * 3_600_000);
    const theirs = await storeAwaitingApproval(claims, {
      openedAt: hoursAgo(3),
      assignedTo: 'A-BJ-HD-001-2',
    });
    const mine = await storeAwaitingApproval(claims, { openedAt: hoursAgo(2), assignedTo: 'A-BJ-HD-001-1' });
    const level = await claims.getApprovalRequest(claimId, 1);

    const page = await signInToConsole(browser.context, api, 'approver', '/approvals');
    const row = page.locator('tr', { hasText: claimId });
    await row.waitFor();
    expect(await row.textContent()).toContain('¥1,000.00');
    const rowOf = (id: string) => page.locator('tr', { hasText: id });
    expect(await rowOf(mine).getAttribute('data-assigned')).toBe('you');
    expect(await rowOf(mine).textContent()).toContain('分配给您');
    expect(await rowOf(theirs).getAttribute('data-assigned')).toBe('colleague');
    expect(await rowOf(theirs).textContent()).toContain('同事 邓明 未处理时可审批');
    expect(await row.getAttribute('data-assigned')).toBe(
      level?.assignedTo === 'A-BJ-HD-001-1' ? 'you' : level?.assignedTo === undefined ? 'none' : 'colleague',
    );
    const order = await page
      .locator('tbody tr')
      .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-assigned')));
    expect(order.indexOf('colleague')).toBeGreaterThan(order.lastIndexOf('you'));
    expect(await page.getByRole('columnheader', { name: '分配' }).count()).toBe(1);
    await expectAccessible(page, 'the approvals queue');
    await page.getByRole('button', { name: 'Switch to English' }).click();
    await expect.poll(() => rowOf(mine).textContent()).toContain('Assigned to you');
    expect(await rowOf(theirs).textContent()).toContain('You may also decide (sent to 邓明)');
    await expectAccessible(page, 'the approvals queue in English');
    await page.getByRole('button', { name: '切换到中文' }).click();
    await expect.poll(() => rowOf(mine).textContent()).toContain('分配给您');
    await Promise.all([
      page.waitForURL(/\/a\//),
      row.getByRole('link', { name: `去审批 ${claimId}` }).click(),
    ]);
    expect(await page.locator('body').textContent()).toContain(claimId);
    await page.close();
  });

  it('an approver names a deputy of their unit for a period and ends it; naming themselves is refused; an admin chooses them from the unit’s approvers and reads the changes', async () => {
    const approverId = 'A-BJ-HD-001-1';
    const deputyId = 'A-BJ-HD-001-2';
    const until = beijingDate(new Date(Date.now() + 6 * 86_400_000));
    const page = await signInToConsole(browser.context, api, 'approver', '/deputies');
    const panel = page.locator('section', { has: page.locator('#deputy-title') });
    // Their own approver number is shown at once.
    await expect.poll(() => panel.locator('[data-deputy]').count()).toBe(1);
    expect(await panel.locator('#deputy-title').textContent()).toContain(approverId);

    const set = page.getByRole('form', { name: '设置代理人' });
    await set.getByLabel('代理人的审批人编号').fill(approverId);
    await set.getByLabel('代理结束日期').fill(until);
    await set.getByLabel('原因').fill('年假');
    await set.getByRole('button', { name: '设置代理人' }).click();
    const refused = (await messageOf(page, set)) ?? '';
    expect(refused).toContain('400');
    expect(refused).toContain('deputyApproverId');

    await set.getByLabel('代理人的审批人编号').fill(deputyId);
    await set.getByRole('button', { name: '设置代理人' }).click();
    await expect.poll(() => set.locator('.message').textContent()).toBe('代理人已设置。');
    await expect.poll(() => panel.locator('[data-deputy]').getAttribute('data-deputy')).toBe(deputyId);
    expect(await panel.locator('[data-deputy]').textContent()).toContain(`– ${until} · 今天在代理期间`);
    // The unit's list shows the deputy beside the approver.
    const row = page.locator(`[data-approver="${approverId}"]`);
    expect(await row.textContent()).toContain(deputyId);
    expect(await row.textContent()).toContain('今天在代理期间');
    const audit = (await (await asAdmin(`/audit/approver/${approverId}`)).json()) as {
      events: { after?: { deputyApproverId: string; to: string } | null }[];
    };
    expect(audit.events.at(-1)?.after).toMatchObject({ deputyApproverId: deputyId, to: until });
    await expectFitsPhone(page, 'a deputy set');
    await page.screenshot({ path: shot('deputy-set-390'), fullPage: true });
    await expectAccessible(page, 'a deputy set');

    const end = page.getByRole('form', { name: '结束代理' });
    await end.getByRole('button', { name: '结束代理' }).click();
    expect(await messageOf(page, end)).toBe('代理已结束。');
    await expect.poll(() => panel.locator('[data-deputy]').getAttribute('data-deputy')).toBe('');
    await page.close();

    // An admin lists the unit's approvers and chooses one: no deputy now, and both changes with who made them.
    const adminPage = await signInToConsole(browser.context, api, 'admin', '/deputies');
    await adminPage.getByRole('textbox', { name: '单位代码' }).fill(UNIT);
    await adminPage.getByRole('button', { name: '查看' }).click();
    const listed = adminPage.locator('section', { has: adminPage.locator('#unit-approvers-title') });
    await expect.poll(() => listed.locator(`[data-approver="${deputyId}"]`).count()).toBe(1);
    expect(await listed.locator(`[data-approver="${approverId}"]`).textContent()).toContain('没有代理人。');
    await listed.getByRole('button', { name: `选择 ${approverId}` }).click();
    const history = adminPage.locator('section', { has: adminPage.locator('#deputy-title') });
    await expect.poll(() => history.locator('tbody tr').count()).toBeGreaterThanOrEqual(2);
    expect(await history.locator('[data-deputy]').textContent()).toBe('没有代理人。');
    expect(await history.locator('tbody tr').nth(1).textContent()).toContain(deputyId);
    await adminPage.close();
  });

  it('staff read a program’s amounts in CNY and its required documents by name, in Chinese and English; an admin changes an amount and a required document with the form, confirms the changes and sees refused fields named (or as JSON)', async () => {
    const { programs } = (await (await asAdmin('/programs')).json()) as {
      programs: {
        programId: string;
        inForce: {
          zh: string;
          benefits: {
            id: string;
            en: string;
            amount: { kind: string; fen?: number };
            requiredDocuments?: string[];
          }[];
        } & Record<string, unknown>;
      }[];
    };
    const skill = programs.find((p) => p.programId === 'skill-boost');
    const technician = skill?.inForce.benefits.find((b) => b.id === 'technician');
    if (skill === undefined || technician?.amount.fen === undefined)
      throw new Error('no skill-boost technician');
    const withDocuments = programs
      .flatMap((p) => p.inForce.benefits.map((b) => ({ programId: p.programId, benefit: b })))
      .find(({ benefit }) => (benefit.requiredDocuments ?? []).length > 1);
    if (withDocuments === undefined) throw new Error('no benefit with required documents');

    const page = await signInToConsole(browser.context, api, 'staff', '/programs');
    const item = page.locator('li[data-program="skill-boost"]');
    await item.locator('summary').first().click();
    const row = item.locator('tr[data-benefit="technician"]');
    expect(technician.amount).toEqual({ kind: 'fixed', fen: 100_000 });
    expect(await row.locator('td.amount').textContent()).toBe('定额 ¥1,000.00');
    const other = page.locator(`li[data-program="${withDocuments.programId}"]`);
    await other.locator('summary').first().click();
    const required = other.locator(`tr[data-benefit="${withDocuments.benefit.id}"] td.required`);
    const names = (lang: 'zh' | 'en') =>
      (withDocuments.benefit.requiredDocuments ?? []).map((k) => EVIDENCE_LABELS[k]?.[lang]).join('、');
    expect(await required.textContent()).toBe(names('zh'));
    // Staff read; only admins get the form to add a version (the API refuses the others).
    expect(await page.getByText('新增版本（管理员）').count()).toBe(0);
    await expectAccessible(page, 'programs');
    await page.getByRole('button', { name: 'Switch to English' }).click();
    await expect.poll(() => required.textContent()).toBe(names('en'));
    expect(await row.locator('td.amount').textContent()).toBe('fixed ¥1,000.00');
    await page.evaluate("localStorage.removeItem('console.lang')");
    await page.close();

    // An admin changes a fixed amount and a required document with the form, in CNY and by name.
    const adminPage = await signInToConsole(browser.context, api, 'admin', '/programs');
    let posts = 0;
    adminPage.on('request', (r) => {
      if (r.method() === 'POST' && r.url().endsWith('/programs/skill-boost/versions')) posts += 1;
    });
    const program = adminPage.locator('li[data-program="skill-boost"]');
    await program.locator('summary').first().click();
    await program.getByText('新增版本（管理员）').click();
    const form = adminPage.getByRole('form', { name: '新增版本（管理员） skill-boost' });
    const fields = form.locator('fieldset[data-benefit-form="technician"]');
    expect(await fields.getByLabel('金额（元）').inputValue()).toBe('1000');
    const changed = `form-${randomUUID().slice(0, 8)}`;
    await form.getByLabel('新版本号').fill(changed);
    await form.getByLabel('生效日期').fill('2098-07-01');
    // Three decimals are refused in the form, next to the field, and nothing is sent.
    await fields.getByLabel('金额（元）').fill('1200.005');
    await form.getByRole('button', { name: '检查修改' }).click();
    const amountError = fields.locator('[data-field="benefits.0.amount.fen"] .field-error');
    await expect.poll(() => amountError.textContent()).toBe('请填写金额（元），最多两位小数，例如 12.30');
    expect(await fields.getByLabel('金额（元）').getAttribute('aria-invalid')).toBe('true');
    expect(await form.locator('[data-form-errors]').textContent()).toContain('技师证书补贴 · 金额（元）');
    await expectAccessible(adminPage, 'the version form with a refused field');
    expect(posts).toBe(0);

    // A rule only the API checks (a cap below the fixed amount): its refusal is shown next to the field.
    await fields.getByLabel('金额（元）').fill('1200');
    await fields.getByLabel('年度上限（每人）: 不限').uncheck();
    await fields.getByLabel('年度上限（元）').fill('500');
    await form.getByRole('button', { name: '检查修改' }).click();
    await form.getByRole('button', { name: '确认保存' }).click();
    const capError = fields.locator('[data-field="benefits.0.annualCapFen"] .field-error');
    await expect.poll(() => capError.textContent()).toContain('must be at least the fixed amount');
    expect(await form.locator('[data-form-errors]').textContent()).toContain('技师证书补贴 · 年度上限（元）');
    expect(posts).toBe(1);
    await fields.getByLabel('年度上限（每人）: 不限').check();
    await fields.getByRole('group', { name: '必须上传的材料' }).getByLabel('证书').check();
    await form.getByRole('button', { name: '检查修改' }).click();
    const changes = form.locator('[data-changes] li');
    await expect
      .poll(() => changes.allTextContents())
      .toEqual([
        `版本号: ${skill.inForce.version} → ${changed}`,
        `生效日期: ${skill.inForce.effectiveFrom} → 2098-07-01`,
        '技师证书补贴 · 金额: CNY 1000 → 1200',
        '技师证书补贴 · 必须上传的材料: — → 证书',
      ]);
    await adminPage.screenshot({ path: shot('program-form'), fullPage: true });
    await expectAccessible(adminPage, 'the version form with its changes to confirm');
    await form.getByRole('button', { name: '确认保存' }).click();
    await expect.poll(() => form.locator('.message').textContent()).toBe('版本已新增。');
    expect(posts).toBe(2);
    await expect
      .poll(() => program.locator('dl.facts').first().textContent())
      .toContain(`${changed} (2098-07-01)`);
    const listed = (await (await asAdmin('/programs')).json()) as {
      programs: { programId: string; versions: { version: string; effectiveFrom: string }[] }[];
    };
    expect(listed.programs.find((p) => p.programId === 'skill-boost')?.versions).toContainEqual({
      version: changed,
      effectiveFrom: '2098-07-01',
      retired: false,
    });
    // From its date on, the new version is the one in force, with every field the form did not show kept.
    const stored = new DynamoProgramsStore(documentClient(stack.ddb), stack.runtime.tables.registry);
    const inForce = versionInForce(await stored.listVersions(), 'skill-boost', '2098-07-01');
    expect(inForce).toEqual({
      ...skill.inForce,
      version: changed,
      effectiveFrom: '2098-07-01',
      benefits: skill.inForce.benefits.map((b) =>
        b.id === 'technician'
          ? { ...b, amount: { kind: 'fixed', fen: 120_000 }, requiredDocuments: ['certificate'] }
          : b,
      ),
    });

    // The form in English and on a phone.
    await adminPage.getByRole('button', { name: 'Switch to English' }).click();
    const english = adminPage.getByRole('form', { name: 'Add a version (admins) skill-boost' });
    await expect.poll(() => english.getByRole('button', { name: 'Review the changes' }).count()).toBe(1);
    expect(
      await english.locator('fieldset[data-benefit-form="technician"] legend').first().textContent(),
    ).toBe('Benefit Technician certificate subsidy (technician)');
    await expectAccessible(adminPage, 'the version form in English');
    await expectFitsPhone(adminPage, 'the version form in English');
    await expectAccessible(adminPage, 'the version form in English on a phone');
    await adminPage.getByRole('button', { name: '切换到中文' }).click();
    await expectAccessible(adminPage, 'the version form on a phone');
    await adminPage.setViewportSize({ width: 1280, height: 900 });

    // Advanced: the version as JSON, for a field the form lacks; the API's refusal names the field.
    await program.getByText('高级：以 JSON 编辑（金额单位为分）').click();
    const json = adminPage.getByRole('form', { name: '高级：以 JSON 编辑（金额单位为分） skill-boost' });
    const version = {
      ...skill.inForce,
      version: `console-${randomUUID().slice(0, 8)}`,
      effectiveFrom: '2099-01-01',
    };
    const wrong = structuredClone(version);
    const first = wrong.benefits[0];
    if (first === undefined) throw new Error('no benefit');
    first.amount = { kind: 'fixed', fen: -1 };
    await json.getByLabel('版本内容（JSON）').fill(JSON.stringify(wrong));
    await json.getByRole('button', { name: '保存' }).click();
    const problem = (await messageOf(adminPage, json)) ?? '';
    expect(problem).toContain('400');
    expect(problem).toContain('benefits.0.amount.fen');
    await json.getByLabel('版本内容（JSON）').fill(JSON.stringify(version));
    await json.getByRole('button', { name: '保存' }).click();
    await expect.poll(() => json.locator('.message').textContent()).toBe('版本已新增。');
    await expect
      .poll(() => program.locator('dl.facts').first().textContent())
      .toContain(`${version.version} (2099-01-01)`);
    await adminPage.close();
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
