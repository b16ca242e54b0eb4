import { describe, expect, it } from 'vitest';
import { EVIDENCE_NAMES } from '../../../console/src/evidence.ts';
import { EVIDENCE_LABELS } from '../../../functions/domain/programs/labels.ts';

describe('console evidence names', () => {
  it('name every evidence kind as the API’s pages do, in Chinese and English', () => {
    expect(EVIDENCE_NAMES).toEqual(EVIDENCE_LABELS);
  });
});
