import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  DETECT_LOOKAHEAD_BYTES,
  decodeText,
  detectEncoding,
  type Encoding,
  type EncodingOption,
  TextEncodingError,
} from '../../../../functions/domain/member-import/encoding.ts';

const FIXTURES = join(import.meta.dirname, '..', '..', '..', 'fixtures', 'members');
const fixture = (name: string) => readFile(join(FIXTURES, name));

/** 张伟,王芳 in GB18030 (GBK) bytes. */
const GB_NAMES = Buffer.from('d5c5ceb02ccdf5b7bc', 'hex');

async function* pieces(bytes: Uint8Array, size: number): AsyncGenerator<Uint8Array> {
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
}

async function decode(
  bytes: Uint8Array,
  option: EncodingOption = 'auto',
  size = 1 << 20,
): Promise<{ text: string; encoding: Encoding | null }> {
  let encoding: Encoding | null = null;
  let text = '';
  for await (const chunk of decodeText(pieces(bytes, size), option, (e) => {
    encoding = e;
  })) {
    text += chunk;
  }
  return { text, encoding };
}

describe('member-import encoding', () => {
  describe('detectEncoding', () => {
    it('takes a UTF-8 byte-order mark as UTF-8', () => {
      expect(detectEncoding(Buffer.from('\uFEFFname', 'utf8'), false)).toBe('utf8');
    });

    it('waits while the start is ASCII or a possible BOM, and decides at the end', () => {
      expect(detectEncoding(Buffer.from('name,idNumber\n', 'ascii'), false)).toBeNull();
      expect(detectEncoding(Buffer.from([0xef, 0xbb]), false)).toBeNull();
      expect(detectEncoding(Buffer.from('name,idNumber\n', 'ascii'), true)).toBe('utf8');
    });

    it('waits for enough bytes after the first non-ASCII byte', () => {
      const head = Buffer.concat([Buffer.from('a,'), GB_NAMES]);
      expect(detectEncoding(head, false)).toBeNull();
      expect(detectEncoding(head, true)).toBe('gb18030');
    });

    it('tells GB18030 from UTF-8 by whether the bytes are valid UTF-8', () => {
      const utf8 = Buffer.from(`h\n${'张伟,王芳\n'.repeat(400)}`, 'utf8');
      const gb = Buffer.concat([Buffer.from('h\n'), ...Array.from({ length: 500 }, () => GB_NAMES)]);
      expect(utf8.length).toBeGreaterThan(DETECT_LOOKAHEAD_BYTES);
      expect(detectEncoding(utf8, false)).toBe('utf8');
      expect(detectEncoding(gb, false)).toBe('gb18030');
    });

    it('does not take a UTF-8 character cut off at the end of the look-ahead for GB18030', () => {
      // Prepare: 4096 bytes after the first non-ASCII byte end in the middle of a 3-byte character.
      const text = Buffer.from(`${'中'.repeat(1365)}文`, 'utf8').subarray(0, 4097);
      expect(detectEncoding(text, false)).toBe('utf8');
    });
  });

  describe('decodeText', () => {
    it('reads the UTF-8 fixture with a BOM and drops the BOM', async () => {
      const { text, encoding } = await decode(await fixture('members-utf8-bom.csv'));
      expect(encoding).toBe('utf8');
      expect(text.startsWith('姓名,')).toBe(true);
      expect(text).toContain('阿依古丽·买买提');
    });

    it('reads the UTF-8 fixture without a BOM', async () => {
      const { text, encoding } = await decode(await fixture('members-utf8.csv'));
      expect(encoding).toBe('utf8');
      expect(text.startsWith('name,')).toBe(true);
      expect(text).toContain('欧阳晓燕');
    });

    it('reads the GB18030 fixture as the same text as its UTF-8 twin', async () => {
      const gb = await decode(await fixture('members-gb18030.csv'));
      const utf8 = await decode(await fixture('members-utf8-bom.csv'));
      expect(gb.encoding).toBe('gb18030');
      expect(gb.text).toBe(utf8.text);
    });

    it('gives the same text for any chunk size, across chunk boundaries', async () => {
      for (const name of ['members-utf8-bom.csv', 'members-utf8.csv', 'members-gb18030.csv']) {
        const bytes = await fixture(name);
        const whole = await decode(bytes);
        for (const size of [1, 2, 3, 7, 64]) expect(await decode(bytes, 'auto', size)).toEqual(whole);
      }
    });

    it('passes a long ASCII start on before it decides', async () => {
      const bytes = Buffer.concat([Buffer.from(`${'a,b\n'.repeat(10_000)}`), GB_NAMES]);
      const { text, encoding } = await decode(bytes, 'auto', 1000);
      expect(encoding).toBe('gb18030');
      expect(text.endsWith('a,b\n张伟,王芳')).toBe(true);
    });

    it('uses a forced encoding', async () => {
      expect((await decode(GB_NAMES, 'gb18030')).text).toBe('张伟,王芳');
      expect((await decode(Buffer.from('\uFEFF张伟', 'utf8'), 'utf8')).text).toBe('张伟');
    });

    it('fails on bytes that are not UTF-8 when UTF-8 is forced', async () => {
      await expect(decode(GB_NAMES, 'utf8')).rejects.toBeInstanceOf(TextEncodingError);
    });

    it('fails when a file decided as UTF-8 turns out not to be', async () => {
      const bytes = Buffer.concat([Buffer.from(`张伟\n${'x'.repeat(DETECT_LOOKAHEAD_BYTES)}\n`), GB_NAMES]);
      await expect(decode(bytes, 'auto', 512)).rejects.toThrow(/not valid UTF-8/);
    });
  });
});
