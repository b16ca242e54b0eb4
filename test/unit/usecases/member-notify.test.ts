import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { NotifyStepInput } from '../../../functions/schemas/steps.ts';
import { MEMBER_NOTICES } from '../../../functions/usecases/member-notify.ts';
import { smsTexts } from '../../../functions/usecases/sms-texts.ts';

const ROOT = join(import.meta.dirname, '../../..');

function sourcesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory()
      ? sourcesUnder(join(dir, entry.name))
      : entry.name.endsWith('.ts')
        ? [join(dir, entry.name)]
        : [],
  );
}

/** Every `"notice"` parameter a state of the workflow passes to NotifyMember. */
function aslNotices(node: unknown): string[] {
  if (Array.isArray(node)) return node.flatMap(aslNotices);
  if (node === null || typeof node !== 'object') return [];
  return Object.entries(node).flatMap(([key, value]) =>
    key === 'notice' && typeof value === 'string' ? [value] : aslNotices(value),
  );
}

describe('member notices', () => {
  describe('MEMBER_NOTICES', () => {
    it('is exactly the notices a step still sends: the workflow’s states and the use cases’ calls', () => {
      // Prepare: what the ASL passes, and what the code passes to notifyMember.
      const asl = aslNotices(JSON.parse(readFileSync(join(ROOT, 'workflows/claim.asl.json'), 'utf8')));
      const calls = sourcesUnder(join(ROOT, 'functions')).flatMap((file) =>
        [...readFileSync(file, 'utf8').matchAll(/notifyMember\([^)]*?notice: '([a-z-]+)'/g)].map(
          (m) => m[1] ?? '',
        ),
      );
      // Assess
      expect(asl).toEqual(['rejected']);
      expect([...MEMBER_NOTICES].sort()).toEqual([...new Set([...asl, ...calls])].sort());
      expect([...MEMBER_NOTICES].sort()).toEqual(['paid', 'rejected', 'returned']);
    });

    it('is what the NotifyMember function accepts: a notice no step sends is refused', () => {
      for (const notice of MEMBER_NOTICES) {
        expect(NotifyStepInput.safeParse({ claimId: 'C1', notice }).success, notice).toBe(true);
      }
      for (const notice of ['received', 'approved']) {
        expect(NotifyStepInput.safeParse({ claimId: 'C1', notice }).success, notice).toBe(false);
      }
    });

    it('leaves no SMS text for a notice no step sends', () => {
      expect(Object.keys(smsTexts)).not.toContain('received');
      expect(Object.keys(smsTexts)).not.toContain('approved');
    });
  });
});
