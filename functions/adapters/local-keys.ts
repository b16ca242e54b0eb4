import { readFile } from 'node:fs/promises';
import type { KeyPurpose, Keys } from '../ports/keys.ts';

/**
 * Keys of the local runtime, from the JSON file it keeps in its data folder (`{ "<purpose>": "<key>" }`),
 * read once; `defaults` stand in for purposes the file does not name (the fixed local ID-number hash key
 * the demo data is hashed with).
 */
export class LocalKeys implements Keys {
  private values: Promise<Readonly<Record<string, unknown>>> | undefined;

  constructor(
    private readonly file: string,
    private readonly defaults: Readonly<Partial<Record<KeyPurpose, string>>> = {},
  ) {}

  async get(purpose: KeyPurpose): Promise<string> {
    this.values ??= readFile(this.file, 'utf8').then((text) => JSON.parse(text) as Record<string, unknown>);
    const value = (await this.values)[purpose] ?? this.defaults[purpose];
    if (typeof value !== 'string' || value === '')
      throw new Error(`the local key file has no ${purpose} key`);
    return value;
  }
}
