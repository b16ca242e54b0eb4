/**
 * Text encodings of the CSV files unions export from Excel: UTF-8 (with or without a byte-order mark)
 * or GB18030/GBK (Excel on Chinese Windows saves "CSV" in the system code page, GBK, a subset of GB18030).
 *
 * `auto` decides from the start of the file: a UTF-8 BOM means UTF-8; otherwise the bytes from the first
 * non-ASCII byte on (a few KiB of them, across chunk boundaries) are tried as strict UTF-8; if they are not
 * valid UTF-8 the file is GB18030. GBK text is almost never valid UTF-8 for more than a character or two.
 */
import { TextDecoder } from 'node:util';

export const ENCODING_OPTIONS = ['auto', 'utf8', 'gb18030'] as const;
export type EncodingOption = (typeof ENCODING_OPTIONS)[number];
export type Encoding = 'utf8' | 'gb18030';

/** Bytes looked at after the first non-ASCII byte before `auto` decides. */
export const DETECT_LOOKAHEAD_BYTES = 4096;

const UTF8_BOM = [0xef, 0xbb, 0xbf] as const;

export class TextEncodingError extends Error {
  override readonly name = 'TextEncodingError';
  constructor(
    readonly encoding: Encoding,
    /** Bytes of the file decoded before the chunk that failed. */
    readonly byteOffset: number,
  ) {
    super(
      encoding === 'utf8'
        ? `文件在第 ${byteOffset} 字节附近不是有效的 UTF-8，请指定编码 gb18030 / the file is not valid UTF-8 near byte ${byteOffset}; choose encoding gb18030`
        : `文件在第 ${byteOffset} 字节附近不是有效的 GB18030 / the file is not valid GB18030 near byte ${byteOffset}; choose encoding utf8`,
    );
  }
}

function startsWithBom(bytes: Uint8Array): boolean {
  return bytes[0] === UTF8_BOM[0] && bytes[1] === UTF8_BOM[1] && bytes[2] === UTF8_BOM[2];
}

/** Could `bytes` (shorter than a BOM) still turn out to start with one? */
function couldBeBom(bytes: Uint8Array): boolean {
  for (let i = 0; i < bytes.length; i++) if (bytes[i] !== UTF8_BOM[i]) return false;
  return true;
}

function firstNonAscii(bytes: Uint8Array): number {
  for (let i = 0; i < bytes.length; i++) if ((bytes[i] ?? 0) >= 0x80) return i;
  return -1;
}

function isUtf8(bytes: Uint8Array, final: boolean): boolean {
  try {
    // stream: a multi-byte sequence cut off at the end of the look-ahead is not an error.
    new TextDecoder('utf-8', { fatal: true }).decode(bytes, { stream: !final });
    return true;
  } catch {
    return false;
  }
}

/**
 * The encoding of a file that starts with `head`, or null when `head` does not yet tell (it is all ASCII,
 * or too little follows the first non-ASCII byte) and more of the file follows (`final` false).
 */
export function detectEncoding(head: Uint8Array, final: boolean): Encoding | null {
  if (head.length < UTF8_BOM.length && couldBeBom(head) && !final) return null;
  if (startsWithBom(head)) return 'utf8';
  const k = firstNonAscii(head);
  if (k === -1) return final ? 'utf8' : null;
  if (!final && head.length - k < DETECT_LOOKAHEAD_BYTES) return null;
  return isUtf8(head.subarray(k, k + DETECT_LOOKAHEAD_BYTES), final) ? 'utf8' : 'gb18030';
}

function decoderFor(encoding: Encoding): TextDecoder {
  return new TextDecoder(encoding === 'utf8' ? 'utf-8' : 'gb18030', { fatal: true });
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  if (a.length === 0) return b;
  const out = new Uint8Array(a.length + b.length);
  out.set(a, 0);
  out.set(b, a.length);
  return out;
}

/**
 * Decodes a byte stream to text chunks, dropping a leading byte-order mark. With `auto`, ASCII before
 * the first non-ASCII byte is passed on at once (it reads the same in both encodings), so an undecided
 * file never holds more than the look-ahead in memory. `onEncoding` hears the encoding once it is known.
 */
export async function* decodeText(
  bytes: AsyncIterable<Uint8Array>,
  option: EncodingOption,
  onEncoding?: (encoding: Encoding) => void,
): AsyncGenerator<string> {
  let encoding: Encoding | null = option === 'auto' ? null : option;
  let decoder: TextDecoder | null = null;
  let pending: Uint8Array = new Uint8Array(0);
  /** Bytes handed to the decoder (or passed on as ASCII) so far. */
  let offset = 0;
  let atStart = true;

  const decode = (chunk: Uint8Array, final: boolean): string => {
    decoder ??= decoderFor(encoding ?? 'utf8');
    let text: string;
    try {
      text = decoder.decode(chunk, { stream: !final });
    } catch (error) {
      throw Object.assign(new TextEncodingError(encoding ?? 'utf8', offset), { cause: error });
    }
    offset += chunk.length;
    if (atStart && text.length > 0) {
      atStart = false;
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    }
    return text;
  };

  if (encoding !== null) onEncoding?.(encoding);
  for await (const chunk of bytes) {
    if (encoding !== null) {
      const text = decode(chunk, false);
      if (text !== '') yield text;
      continue;
    }
    pending = concat(pending, chunk);
    encoding = detectEncoding(pending, false);
    if (encoding !== null) {
      onEncoding?.(encoding);
      const text = decode(pending, false);
      pending = new Uint8Array(0);
      if (text !== '') yield text;
      continue;
    }
    // Undecided: pass on the ASCII before the first non-ASCII byte; keep the rest (and a possible BOM).
    if (offset === 0 && couldBeBom(pending.subarray(0, UTF8_BOM.length))) continue;
    const k = firstNonAscii(pending);
    const ascii = k === -1 ? pending.length : k;
    if (ascii > 0) {
      const text = Buffer.from(pending.buffer, pending.byteOffset, ascii).toString('latin1');
      offset += ascii;
      atStart = false;
      pending = pending.slice(ascii);
      yield text;
    }
  }
  if (encoding === null) {
    encoding = detectEncoding(pending, true) ?? 'utf8';
    onEncoding?.(encoding);
  }
  const text = decode(pending, true);
  if (text !== '') yield text;
}
