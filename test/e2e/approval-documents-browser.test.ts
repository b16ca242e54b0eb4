import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validSubmission } from '../fixtures/claims.ts';
import { pdfInvoice, sha256 } from '../fixtures/documents.ts';
import { photoJpeg } from '../fixtures/images.ts';
import { ARTIFACTS_DIR, type Browser, launchChromium } from '../support/browser.ts';
import { apiClient, approvalLink, startTestStack, type TestStack } from '../support/local-stack.ts';

const shot = (name: string) => join(ARTIFACTS_DIR, `approval-documents-${name}.png`);

/** What the test reads of an `<img>` in the page (the project compiles without the DOM's types). */
interface LoadedImage {
  readonly complete: boolean;
  readonly naturalWidth: number;
  readonly naturalHeight: number;
}

const VIEWPORTS = {
  phone: { width: 390, height: 844 },
  desktop: { width: 1280, height: 900 },
} as const;

describe('approval page documents in a browser (Playwright + Debian Chromium)', () => {
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

  it('shows the photo as a loaded thumbnail and the PDF as a link, in Chinese and English, on a phone and a desktop', async () => {
    if (stack === undefined || browser === undefined) throw new Error('set-up failed');
    // Prepare: a claim with a sideways phone photo and a PDF, waiting for its approver.
    const token = await stack.token(['member'], { memberId: 'M000001' });
    const api = apiClient(stack.runtime.apiUrl, token);
    const submitted = await api.submit(
      validSubmission({ evidence: [{ kind: 'certificate', number: 'JS-BROWSER-DOCS-1' }] }),
    );
    const claimId = String(submitted.body.claimId);
    await api.waitFor(claimId, ['AWAITING_APPROVAL']);
    const files = [
      { contentType: 'image/jpeg', bytes: await photoJpeg({ orientation: 6, seed: 7 }) },
      { contentType: 'application/pdf', bytes: new Uint8Array(pdfInvoice('Certificate JS-BROWSER-DOCS-1')) },
    ];
    for (const file of files) {
      const asked = await fetch(`${stack.runtime.apiUrl}/claims/${claimId}/documents`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({
          kind: 'certificate',
          contentType: file.contentType,
          bytes: file.bytes.length,
          sha256: sha256(file.bytes),
        }),
      });
      const target = (await asked.json()) as { url: string; fields: Record<string, string> };
      const form = new FormData();
      for (const [name, value] of Object.entries(target.fields)) form.append(name, value);
      form.append('file', new Blob([file.bytes]), 'scan');
      expect((await fetch(target.url, { method: 'POST', body: form })).status).toBe(204);
    }
    const link = await approvalLink(stack.runtime.outboxDir, claimId);
    const page = await browser.context.newPage();
    const refused: string[] = [];
    page.on('console', (m) => {
      if (/Content Security Policy/i.test(m.text())) refused.push(m.text());
    });

    for (const [size, viewport] of Object.entries(VIEWPORTS)) {
      await page.setViewportSize(viewport);
      for (const lang of ['zh', 'en'] as const) {
        // Act
        const opened = await page.goto(`${link}?lang=${lang}`);
        expect(opened?.status()).toBe(200);

        // Assess: the list, with its labels in the page's language.
        const list = page.locator('section.docs');
        await expect.poll(() => list.locator('li.doc').count()).toBe(2);
        const text = (await list.textContent()) ?? '';
        if (lang === 'zh') {
          expect(text).toContain('材料文件');
          expect(text).toContain('证书 · JPEG');
          expect(text).toContain('打开 PDF 文件');
        } else {
          expect(text).toContain('Documents');
          expect(text).toContain('Certificate · PDF');
          expect(text).toContain('Open the PDF file');
        }
        // The thumbnail loads (through the audited route and its signed link), upright: taller than wide.
        const img = list.locator('img');
        await expect.poll(() => img.evaluate((el) => (el as unknown as LoadedImage).complete)).toBe(true);
        const natural = await img.evaluate((el) => {
          const image = el as unknown as LoadedImage;
          return { width: image.naturalWidth, height: image.naturalHeight };
        });
        expect(natural.width).toBe(320);
        expect(natural.height).toBe(480);
        // The PDF is a plain link to the document route.
        const pdfLink = list.locator('a.doc-link');
        expect(await pdfLink.getAttribute('href')).toMatch(/\/documents\/[A-Za-z0-9_-]{22}\?lang=/);
        await page.screenshot({ path: shot(`${size}-${lang}`), fullPage: true });
      }
    }
    expect(refused).toEqual([]);

    // The PDF link opens the document (a new tab, by its 5-minute signed link).
    const [tab] = await Promise.all([
      browser.context.waitForEvent('page'),
      page.locator('a.doc-link').click(),
    ]);
    await tab.waitForLoadState();
    expect(tab.url()).toContain('/local-bucket/documents/claims/');
    await tab.close();

    // Every view was recorded on the claim.
    const claim = (await api.claim(claimId)).body;
    const views = (claim.timeline as { action: string }[]).filter((e) => /viewed/.test(e.action));
    expect(views.filter((e) => e.action === 'document-thumbnail-viewed').length).toBeGreaterThanOrEqual(4);
    expect(views.filter((e) => e.action === 'document-viewed')).toHaveLength(1);
  });
});
