import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handler as operationsGauge } from '../../functions/handlers/operations-gauge.ts';
import { SCHEDULES } from '../../infra/schedules.ts';
import { validSubmission } from '../fixtures/claims.ts';
import { ARTIFACTS_DIR, type Browser, launchChromium } from '../support/browser.ts';
import {
  type ConsoleIdentity,
  expectAccessible,
  expectFitsPhone,
  signInToConsole,
} from '../support/console.ts';
import { PAGES_OF_ROLE } from '../support/console-pages.ts';
import { invoke } from '../support/lambda.ts';
import { apiClient, decideAllLevels, startTestStack, type TestStack } from '../support/local-stack.ts';

const DOCS = join(import.meta.dirname, '..', '..', 'docs', 'console');
/**
 * The home page's screenshots go to test-artifacts on every run, and to the docs page's tracked PNGs only
 * when asked (`npm run docs:screenshots` sets CONSOLE_SCREENSHOTS=docs), so a test run leaves the tree clean.
 */
const homeShots = (name: string) => [
  join(ARTIFACTS_DIR, `console-${name}.png`),
  ...(process.env.CONSOLE_SCREENSHOTS === 'docs' ? [join(DOCS, `${name}.png`)] : []),
];
const screenshot = async (page: Page, name: string) => {
  const image = await page.screenshot({ fullPage: true });
  for (const path of homeShots(name)) await writeFile(path, image);
};

/** The pages whose phone layout each role's run checks (the newest; the home page is checked below). */
const PHONE_CHECKED = ['/payee', '/deputies', '/programs'];

describe('the staff console in a browser: sign-in per role, languages, every page accessible', () => {
  let stack: TestStack | undefined;
  let browser: Browser | undefined;

  beforeAll(async () => {
    browser = await launchChromium();
    stack = await startTestStack({ console: true });
    // A paid claim, and the hourly job's figures, so that the home page has something to chart.
    const member = apiClient(stack.runtime.apiUrl, await stack.token(['member'], { memberId: 'M000001' }));
    const submitted = await member.submit(
      validSubmission({ evidence: [{ kind: 'certificate', number: 'CONSOLE-HOME-1' }] }),
    );
    const claimId = String(submitted.body.claimId);
    await member.waitFor(claimId, ['AWAITING_APPROVAL']);
    await decideAllLevels(member, stack.runtime.outboxDir, claimId);
    await member.waitFor(claimId, ['PAID']);
    await invoke(operationsGauge as never, SCHEDULES.find((s) => s.id === 'operations-gauge')?.input);
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.close();
  });

  it('opens in Chinese, switches to English and remembers it, and signs out', async () => {
    if (stack === undefined || browser === undefined) throw new Error('set-up failed');
    const page = await signInToConsole(browser.context, stack.runtime.apiUrl, 'admin');
    expect(await page.locator('html').getAttribute('lang')).toBe('zh-CN');
    await expect.poll(() => page.locator('h1').textContent()).toBe('欢迎使用工会服务工作台');
    // The plan's figures, charted: four charts, each an image with its title.
    await expect.poll(() => page.locator('svg.chart[role="img"]').count()).toBe(4);
    expect(await page.locator('#figures-title').textContent()).toBe('计划指标');
    await page.setViewportSize({ width: 1280, height: 1000 });
    await screenshot(page, 'home-zh');
    await expectAccessible(page, 'home (zh)');

    await page.getByRole('button', { name: 'Switch to English' }).click();
    await expect.poll(() => page.locator('h1').textContent()).toBe('Welcome to the union services console');
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    await expect.poll(() => page.locator('#figures-title').textContent()).toBe("The plan's figures");
    await screenshot(page, 'home-en');
    await expectAccessible(page, 'home (en)');

    // Remembered: a reload stays in English, and the session (this tab's) stays signed in.
    await page.reload();
    await expect.poll(() => page.locator('h1').textContent()).toBe('Welcome to the union services console');

    // Phone width: the menu and the page fit without sideways scrolling.
    await page.setViewportSize({ width: 390, height: 844 });
    expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
    await page.screenshot({ path: join(ARTIFACTS_DIR, 'console-home-390.png'), fullPage: true });

    await page.getByRole('button', { name: 'Sign out' }).click();
    await expect.poll(() => page.locator('[role="status"]').textContent()).toBe('You have signed out.');
    expect(await page.evaluate("sessionStorage.getItem('console.session')")).toBeNull();
    await page.evaluate("localStorage.removeItem('console.lang')");
    await page.close();
  });

  for (const [identity, pages] of Object.entries(PAGES_OF_ROLE) as [ConsoleIdentity, readonly string[]][]) {
    it(`${identity}: signs in, sees the menu of the role, and every page passes axe (no serious or critical violation)`, async () => {
      if (stack === undefined || browser === undefined) throw new Error('set-up failed');
      const page = await signInToConsole(browser.context, stack.runtime.apiUrl, identity);
      const menu = await Promise.all((await page.locator('nav a').all()).map((a) => a.getAttribute('href')));
      expect(menu).toEqual(['/console/', ...pages.map((p) => `/console${p}`)]);
      for (const path of pages) {
        await page.locator(`nav a[href="/console${path}"]`).click();
        await page.waitForURL((url) => url.pathname === `/console${path}`);
        // The page's data has arrived (or it says there is none): nothing is still loading.
        await expect.poll(() => page.getByText('正在加载…').count()).toBe(0);
        await expect.poll(() => page.evaluate('document.activeElement?.id')).toBe('page-title');
        await expectAccessible(page, `${identity} ${path}`);
        if (PHONE_CHECKED.includes(path)) {
          // On a phone: nothing scrolls sideways but the tables' own scrolling regions.
          await expectFitsPhone(page, `${identity} ${path}`);
          await page.screenshot({
            path: join(ARTIFACTS_DIR, `console-${identity}${path.replaceAll('/', '-')}-390.png`),
            fullPage: true,
          });
          await page.setViewportSize({ width: 1280, height: 800 });
        }
      }
      await page.close();
    });
  }
});
