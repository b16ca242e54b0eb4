import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '..', '..');
const README = join(ROOT, 'README.md');
const DOCS = join(ROOT, 'docs');

const docsPages = (): string[] =>
  readdirSync(DOCS)
    .filter((name) => name.endsWith('.md'))
    .map((name) => join(DOCS, name));

/** GitHub's heading anchors: lower case, punctuation dropped, spaces to hyphens. */
function slug(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-');
}

function anchorsOf(markdown: string): Set<string> {
  const withoutCode = markdown.replace(/```[\s\S]*?```/g, '');
  return new Set([...withoutCode.matchAll(/^#{1,6}\s+(.+)$/gm)].map((m) => slug(m[1] ?? '')));
}

/** Every Markdown link target outside code blocks and code spans. */
function linksOf(markdown: string): string[] {
  const text = markdown.replace(/```[\s\S]*?```/g, '').replace(/`[^`\n]*`/g, '');
  return [...text.matchAll(/\]\(([^)\s]+)\)/g)].map((m) => m[1] ?? '');
}

function brokenLinks(file: string): string[] {
  const markdown = readFileSync(file, 'utf8');
  const broken: string[] = [];
  for (const target of linksOf(markdown)) {
    if (/^[a-z]+:/i.test(target)) continue; // absolute URLs are not ours to check offline
    const [path = '', anchor] = target.split('#');
    const linked = path === '' ? file : resolve(dirname(file), path);
    if (!existsSync(linked)) {
      broken.push(`${target} (no such file)`);
      continue;
    }
    if (
      anchor !== undefined &&
      linked.endsWith('.md') &&
      !anchorsOf(readFileSync(linked, 'utf8')).has(anchor)
    ) {
      broken.push(`${target} (no such heading)`);
    }
  }
  return broken.map((b) => `${relative(ROOT, file)}: ${b}`);
}

describe('README and docs', () => {
  it('keeps the README a front door of at most 12,000 bytes', () => {
    expect(readFileSync(README).byteLength).toBeLessThanOrEqual(12_000);
  });

  it('starts the README with the two commands a newcomer runs', () => {
    const firstBlock = /```sh\n([\s\S]*?)```/.exec(readFileSync(README, 'utf8'))?.[1] ?? '';
    expect(firstBlock).toContain('npm install && npm start');
    expect(firstBlock).toContain('npm test');
  });

  it('links every docs page from the README', () => {
    const links = new Set(linksOf(readFileSync(README, 'utf8')).map((l) => l.split('#')[0]));
    const unlinked = docsPages()
      .map((page) => relative(ROOT, page))
      .filter((page) => !links.has(page));
    expect(unlinked).toEqual([]);
  });

  it('has no broken relative link or anchor in the README or any docs page', () => {
    expect([README, ...docsPages()].flatMap(brokenLinks)).toEqual([]);
  });

  it('finds a broken link when there is one', () => {
    expect(slug('The real-name member registry (实名制)')).toBe('the-real-name-member-registry-实名制');
    expect(linksOf('see [x](docs/nope.md) and `[y](z.md)`')).toEqual(['docs/nope.md']);
  });
});
