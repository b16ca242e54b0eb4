import { describe, expect, it } from 'vitest';
import { confirmedChangeOf } from '../../../../functions/domain/payments/payee-change.ts';

describe('confirmedChangeOf', () => {
  const changes = [
    { changeId: 'a', status: 'SUPERSEDED', round: 2 },
    { changeId: 'b', status: 'CONFIRMED', round: 2 },
    { changeId: 'c', status: 'PENDING', round: 3 },
    { changeId: 'd', status: 'CONFIRMED', round: 4 },
  ];

  it('takes the change a second person confirmed for the round', () => {
    expect(confirmedChangeOf(changes, 2)?.changeId).toBe('b');
    expect(confirmedChangeOf(changes, 4)?.changeId).toBe('d');
  });

  it('takes none where the round has only pending or superseded changes, or none at all', () => {
    expect(confirmedChangeOf(changes, 3)).toBeUndefined();
    expect(confirmedChangeOf(changes, 5)).toBeUndefined();
    expect(confirmedChangeOf([{ status: 'CONFIRMED' }], 2)).toBeUndefined();
  });
});
