import { describe, expect, it } from 'vitest';
import { openForm, sealForm } from '../../../functions/http/sealed-form.ts';

const SECRET = 'unit-test-link-secret-0123456789abcdef';
const LINK = 'Ab3dEf6hIj9kLm2nOp5qRs';
const VALUE = {
  v: 1,
  linkId: LINK,
  level: 2,
  taskToken: 'task-token-that-stays-hidden',
  claim: { note: '王芳' },
};

describe('sealed form', () => {
  describe('sealForm / openForm', () => {
    it('opens what it sealed, for the same link and secret', () => {
      // Act
      const sealed = sealForm(SECRET, LINK, VALUE);
      // Assess
      expect(sealed).toMatch(/^[A-Za-z0-9_-]+$/);
      expect(openForm(SECRET, LINK, sealed)).toEqual(VALUE);
    });

    it('hides what it carries, and seals the same value differently each time', () => {
      const one = sealForm(SECRET, LINK, VALUE);
      const two = sealForm(SECRET, LINK, VALUE);
      expect(one).not.toBe(two);
      for (const text of [one, Buffer.from(one, 'base64url').toString('latin1')]) {
        expect(text).not.toContain('task-token');
        expect(text).not.toContain(LINK);
      }
    });

    it('refuses a form sealed for another link or under another secret', () => {
      const sealed = sealForm(SECRET, LINK, VALUE);
      expect(openForm(SECRET, 'Zz9yXw8vUt7sRq6pOn5mLk', sealed)).toBeNull();
      expect(openForm('another-secret-0123456789abcdef0123', LINK, sealed)).toBeNull();
    });

    it('refuses any changed byte, a cut form, and text that is no sealed form', () => {
      const sealed = sealForm(SECRET, LINK, VALUE);
      const raw = Buffer.from(sealed, 'base64url');
      for (let i = 0; i < raw.length; i++) {
        const changed = Buffer.from(raw);
        changed[i] = (changed[i] ?? 0) ^ 0x01;
        expect(openForm(SECRET, LINK, changed.toString('base64url'))).toBeNull();
      }
      expect(openForm(SECRET, LINK, sealed.slice(0, -2))).toBeNull();
      expect(openForm(SECRET, LINK, '')).toBeNull();
      expect(openForm(SECRET, LINK, 'not a form!')).toBeNull();
      expect(openForm(SECRET, LINK, 'A'.repeat(70_000))).toBeNull();
    });
  });
});
