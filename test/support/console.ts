import AxeBuilder from '@axe-core/playwright';
import type { BrowserContext, Page } from 'playwright-core';
import { expect } from 'vitest';

/** The demo identities of the local IdP's sign-in page (infra/local/local-oauth.ts). */
export type ConsoleIdentity = 'staff' | 'staff2' | 'approver' | 'auditor' | 'admin';

/**
 * Opens the console in a fresh page and signs in through the local /authorize page as `identity`: the
 * console sends the browser there (code + PKCE) and comes back signed in at `path`.
 */
export async function signInToConsole(
  context: BrowserContext,
  apiUrl: string,
  identity: ConsoleIdentity,
  path = '/',
): Promise<Page> {
  const page = await context.newPage();
  await page.goto(`${apiUrl}/console${path}`);
  await page.waitForURL(/\/local-idp\/authorize\?/);
  await page.locator(`input[name="identity"][value="${identity}"]`).check();
  await Promise.all([
    page.waitForURL((url) => url.pathname === `/console${path}`),
    page.locator('button[type="submit"]').click(),
  ]);
  await page.locator('header.top').waitFor();
  return page;
}

/** Axe's rules on the page as it stands: no serious or critical violation. */
export async function expectAccessible(page: Page, what: string): Promise<void> {
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
    .analyze();
  const bad = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(
    bad.map(
      (v) =>
        `${what}: ${v.id} (${v.impact}) ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join('; ')}`,
    ),
  ).toEqual([]);
}

/**
 * At a phone's width (390 px) the page does not scroll sideways: no element of the page but the tables'
 * own scrolling regions reaches past the screen's edge (those that do are named).
 */
export async function expectFitsPhone(page: Page, what: string): Promise<void> {
  await page.setViewportSize({ width: 390, height: 844 });
  const wider = await page.evaluate(`[...document.querySelectorAll('body *')]
    .filter((e) => !e.closest('.table-wrap') && e.getBoundingClientRect().right > 391)
    .map((e) => e.tagName.toLowerCase() + (e.className ? '.' + e.className : '') + ' ' + Math.round(e.getBoundingClientRect().right))`);
  expect({ what, wider }).toEqual({ what, wider: [] });
  expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
}
