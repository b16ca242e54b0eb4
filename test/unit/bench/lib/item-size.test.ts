import { describe, expect, it } from 'vitest';
import { itemSize, transactWriteUnits } from '../../../../bench/lib/item-size.ts';

describe('item size and transaction units', () => {
  it('counts names and values by the published rules', () => {
    expect(itemSize({ pk: 'abc' })).toBe(5);
    expect(itemSize({ n: 12345 })).toBe(1 + 4); // five digits: three bytes, plus one
    expect(itemSize({ ok: true, none: null })).toBe(2 + 1 + 4 + 1);
    expect(itemSize({ name: '王芳' })).toBe(4 + 6);
    expect(itemSize({ m: { a: 'x' }, l: ['y', 'z'] })).toBe(1 + 3 + 1 + 1 + 1 + (1 + 3 + 2 + 2));
    expect(itemSize({ gone: undefined })).toBe(0);
  });

  it('two write units per 1 KB of each item of a transaction, per table; updates and checks as 1 KB', () => {
    expect(
      transactWriteUnits([
        { Put: { TableName: 'claims', Item: { pk: 'a', body: 'x'.repeat(1500) } } },
        { Update: { TableName: 'claims', Key: { pk: 'b' } } },
        { ConditionCheck: { TableName: 'registry', Key: { pk: 'c' } } },
        { Delete: { TableName: 'registry', Key: { pk: 'd' } } },
      ]),
    ).toEqual({ claims: 4 + 2, registry: 2 + 2 });
  });
});
