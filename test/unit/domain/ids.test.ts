import { describe, expect, it } from 'vitest';
import {
  claimLinkSeed,
  isLinkToken,
  LINK_TOKEN_LENGTH,
  LINK_TOKEN_PATTERN,
  linkHash,
  linkHashCandidates,
  linkIdFromSeed,
  newClaimLinkSeed,
  newLinkSeed,
  newLinkToken,
} from '../../../functions/domain/ids.ts';

describe('ids', () => {
  describe('link tokens', () => {
    it('still take the 16-character tokens sent before, and nothing else', () => {
      const token = newLinkToken();
      expect(isLinkToken(token)).toBe(true);
      expect(isLinkToken(token.slice(0, 16))).toBe(true);
      for (const bad of [
        token.slice(0, 15),
        token.slice(0, 17),
        token.slice(0, 21),
        `${token}x`,
        `${token.slice(0, 21)}-`,
      ])
        expect(isLinkToken(bad)).toBe(false);
    });

    it("look a 22-character id up by its own hash, then by its first 16's (the id derived from the same seed before)", () => {
      const id = linkIdFromSeed('ids-test-key', newLinkSeed());
      expect(linkHashCandidates(id)).toEqual([linkHash(id), linkHash(id.slice(0, 16))]);
      expect(linkHashCandidates(id.slice(0, 16))).toEqual([linkHash(id.slice(0, 16))]);
      expect(linkHashCandidates('../../etc/passwd')).toEqual([]);
    });

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

  describe("a claim's link seed", () => {
    it('is 128 random bits, base64url, different on each claim', () => {
      const seed = newClaimLinkSeed();
      expect(seed).toMatch(/^[A-Za-z0-9_-]{22}$/);
      expect(Buffer.from(seed, 'base64url')).toHaveLength(16);
      expect(new Set(Array.from({ length: 2000 }, () => newClaimLinkSeed())).size).toBe(2000);
    });

    it('derives the same link seed for the same purpose again, another for another purpose or claim seed', () => {
      const seed = newClaimLinkSeed();
      const derived = claimLinkSeed(seed, ['approval', 'C1', 1, 'A-1', 3]);
      expect(derived).toMatch(/^[A-Za-z0-9_-]{22}$/);
      expect(claimLinkSeed(seed, ['approval', 'C1', 1, 'A-1', 3])).toBe(derived);
      for (const other of [
        claimLinkSeed(seed, ['approval', 'C1', 1, 'A-1', 4]),
        claimLinkSeed(seed, ['approval', 'C1', 2, 'A-1', 3]),
        claimLinkSeed(seed, ['approval', 'C1', 1, 'A-2', 3]),
        claimLinkSeed(seed, ['documents-wait', 'C1']),
        claimLinkSeed(newClaimLinkSeed(), ['approval', 'C1', 1, 'A-1', 3]),
      ])
        expect(other).not.toBe(derived);
    });
  });
});
