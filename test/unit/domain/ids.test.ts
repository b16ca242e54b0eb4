import { describe, expect, it } from 'vitest';
import {
  LINK_TOKEN_LENGTH,
  LINK_TOKEN_PATTERN,
  linkIdFromSeed,
  newLinkSeed,
  newLinkToken,
} from '../../../functions/domain/ids.ts';

describe('ids', () => {
  describe('link tokens', () => {
    it('carry at least 128 bits: 22 base62 characters, derived or random', () => {
      expect(LINK_TOKEN_LENGTH * Math.log2(62)).toBeGreaterThanOrEqual(128);
      const derived = linkIdFromSeed('ids-test-key', newLinkSeed());
      const random = newLinkToken();
      expect(derived).toMatch(LINK_TOKEN_PATTERN);
      expect(random).toMatch(LINK_TOKEN_PATTERN);
      expect(derived).toHaveLength(22);
    });

    it('derive the same token from the same seed and key, another from another key', () => {
      const seed = newLinkSeed();
      expect(linkIdFromSeed('key-a', seed)).toBe(linkIdFromSeed('key-a', seed));
      expect(linkIdFromSeed('key-b', seed)).not.toBe(linkIdFromSeed('key-a', seed));
    });

    it('are all different over many draws', () => {
      const tokens = new Set(Array.from({ length: 2000 }, () => newLinkToken()));
      expect(tokens.size).toBe(2000);
    });
  });
});
