import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { apiLang, problemTitle, ZH_TITLES } from '../../../functions/http/problem-titles.ts';

/** Every `.ts` file under `dir`. */
function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory()
      ? sources(join(dir, entry.name))
      : entry.name.endsWith('.ts')
        ? [join(dir, entry.name)]
        : [],
  );
}

describe('problem titles', () => {
  describe('apiLang', () => {
    it.each([
      [undefined, 'en'],
      ['', 'en'],
      ['zh', 'zh'],
      ['zh-CN', 'zh'],
      ['zh-Hant-TW', 'zh'],
      ['en-GB', 'en'],
      ['fr, de;q=0.8', 'en'],
      ['en;q=0.5, zh;q=0.9', 'zh'],
      ['zh;q=0.4, en-US;q=0.6', 'en'],
      ['fr, zh-CN;q=0.3', 'zh'],
      ['zh;q=0, en;q=0.1', 'en'],
    ])('answers %o in %s', (header, lang) => {
      expect(apiLang(header)).toBe(lang);
    });
  });

  describe('problemTitle', () => {
    it('keeps the English title in English and gives the Chinese one in Chinese', () => {
      expect(problemTitle('Not found', 'en')).toBe('Not found');
      expect(problemTitle('Not found', 'zh')).toBe('未找到');
    });

    it('answers a title it has no Chinese for in English rather than not at all', () => {
      expect(problemTitle('Something new', 'zh')).toBe('Something new');
    });

    it('has a Chinese title for every title an error in functions/ is thrown with', () => {
      const thrown = new Set<string>();
      for (const file of sources('functions')) {
        const text = readFileSync(file, 'utf8');
        for (const match of text.matchAll(/\btitle: '([^']+)'/g)) thrown.add(match[1] ?? '');
        for (const match of text.matchAll(/new HttpError\(\s*\d{3},\s*'([^']+)'/g))
          thrown.add(match[1] ?? '');
        for (const match of text.matchAll(/super\('([^']+)', /g)) thrown.add(match[1] ?? '');
      }
      // the pages' own titles are Chinese already or are bilingual page headings, not problems
      for (const page of [
        '确认收款账户更改',
        '服务满意度评价',
        'How satisfied are you?',
        'Confirm the new payee details',
        '上传申请材料',
        'Upload your documents',
        // the OpenAPI document's own title
        'Union benefit claims API',
      ]) {
        thrown.delete(page);
      }

      expect(thrown.size).toBeGreaterThan(20);
      expect([...thrown].filter((title) => ZH_TITLES[title] === undefined)).toEqual([]);
    });
  });
});
