import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validSubmission } from '../fixtures/claims.ts';
import { ARTIFACTS_DIR, type Browser, launchChromium } from '../support/browser.ts';
import { apiClient, approvalLink, startTestStack, type TestStack } from '../support/local-stack.ts';

const shot = (name: string) => join(ARTIFACTS_DIR, `approval-${name}.png`);

describe('approval page in a browser (Playwright + Debian Chromium)', () => {
  let stack: TestStack | undefined;
  let browser: Browser | undefined;

  beforeAll(async () => {
    browser = await launchChromium();
    stack = await startTestStack();
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.close();
  });

  it('opens the link from the outbox, switches language, approves once, and then says "already decided"', async () => {
    if (stack === undefined || browser === undefined) throw new Error('set-up failed');
    // Prepare: a claim waiting for its grassroots approver, and the link from the e-mail.
    const api = apiClient(stack.runtime.apiUrl, await stack.token(['member'], { memberId: 'M000001' }));
    const submitted = await api.submit(
      validSubmission({ evidence: [{ kind: 'certificate', number: 'JS-BROWSER-1' }] }),
    );
    const claimId = String(submitted.body.claimId);
    await api.waitFor(claimId, ['AWAITING_APPROVAL']);
    const link = await approvalLink(stack.runtime.outboxDir, claimId);
    const page = await browser.context.newPage();
    const staleTab = await browser.context.newPage();

    // Act + Assess: the page in Chinese, with the claim.
    const opened = await page.goto(link);
    expect(opened?.status()).toBe(200);
    await expect.poll(() => page.locator('html').getAttribute('lang')).toBe('zh-CN');
    const zhText = await page.locator('body').textContent();
    expect(zhText).toContain(claimId);
    expect(zhText).toContain('¥1000.00');
    expect(zhText).toContain('第 1 级，共 1 级');
    await page.screenshot({ path: shot('1-zh'), fullPage: true });

    // The switch to English.
    await Promise.all([page.waitForURL(/\?lang=en$/), page.getByRole('link', { name: 'English' }).click()]);
    const enText = await page.locator('body').textContent();
    expect(enText).toContain('Approve a claim');
    expect(enText).toContain(claimId);
    expect(enText).toContain('level 1 of 1');
    await page.screenshot({ path: shot('2-en'), fullPage: true });

    // A second tab with the form open, as an approver who opened the link twice.
    await staleTab.goto(`${link}?lang=en`);

    // Approve.
    await page.getByLabel('Reason (required to reject)').fill('材料齐全 documents complete');
    const [approved] = await Promise.all([
      page.waitForResponse((r) => r.request().method() === 'POST'),
      page.getByRole('button', { name: 'Approve' }).click(),
    ]);
    await page.waitForLoadState();
    expect(approved.status()).toBe(200);
    expect(await page.locator('h1').textContent()).toBe('Your decision is recorded');
    await page.screenshot({ path: shot('3-recorded'), fullPage: true });

    // Back to the link: it no longer offers a form.
    await page.goBack();
    await page.waitForLoadState();
    expect(await page.locator('h1').textContent()).toBe(
      'This claim was already decided; nothing was changed',
    );
    expect(await page.locator('form').count()).toBe(0);
    await page.screenshot({ path: shot('4-back'), fullPage: true });

    // Try again from the tab still showing the form.
    const [again] = await Promise.all([
      staleTab.waitForResponse((r) => r.request().method() === 'POST'),
      staleTab.getByRole('button', { name: 'Approve' }).click(),
    ]);
    await staleTab.waitForLoadState();
    expect(again.status()).toBe(409);
    expect(await staleTab.locator('h1').textContent()).toBe(
      'This claim was already decided; nothing was changed',
    );
    await staleTab.screenshot({ path: shot('5-already-decided'), fullPage: true });

    const paid = await api.waitFor(claimId, ['PAID']);
    expect(
      (paid.timeline as { actor: { kind: string } }[]).filter((e) => e.actor.kind === 'approver'),
    ).toHaveLength(1);
  });
});
