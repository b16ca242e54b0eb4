import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARTIFACTS_DIR, type Browser, launchChromium } from '../support/browser.ts';
import { startTestStack, type TestStack } from '../support/local-stack.ts';

describe('API docs page in a browser (Playwright + Debian Chromium)', () => {
  let stack: TestStack | undefined;
  let browser: Browser | undefined;

  beforeAll(async () => {
    browser = await launchChromium();
    stack = await startTestStack({ demoData: false });
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.close();
  });

  it('shows every operation without a token, jumps to one from the index, and links the JSON document', async () => {
    if (stack === undefined || browser === undefined) throw new Error('set-up failed');
    const page = await browser.context.newPage();
    const scripts: string[] = [];
    page.on('request', (request) => {
      if (request.resourceType() === 'script') scripts.push(request.url());
    });

    // Act: open the page as anyone would, with no token.
    const opened = await page.goto(`${stack.runtime.apiUrl}/docs`);

    // Assess: the page lists the routes; the index leads to an operation with its security and answers.
    expect(opened?.status()).toBe(200);
    await expect.poll(() => page.title()).toBe('Union benefit claims API');
    await page.getByRole('link', { name: 'GET /claims/{claimId}', exact: true }).click();
    await expect.poll(() => page.url()).toMatch(/#get-claims-claimId-$/);
    const operation = page.locator('#get-claims-claimId-');
    await expect.poll(() => operation.isVisible()).toBe(true);
    const text = (await operation.textContent()) ?? '';
    expect(text).toContain('Bearer token (JWT)');
    expect(text).toContain('application/problem+json');
    expect(text).toContain('claimId: string');
    await page.screenshot({ path: join(ARTIFACTS_DIR, 'api-docs.png') });

    // The link to the machine-readable document.
    const [answer] = await Promise.all([
      page.waitForResponse((r) => r.url().endsWith('/openapi.json')),
      page.getByRole('link', { name: 'openapi.json', exact: true }).click(),
    ]);
    expect(answer.status()).toBe(200);
    const document = (await answer.json()) as { openapi: string; paths: Record<string, unknown> };
    expect(document.openapi).toBe('3.1.0');
    expect(Object.keys(document.paths)).toContain('/claims/{claimId}');
    expect(scripts).toEqual([]);
    await page.close();
  });
});
