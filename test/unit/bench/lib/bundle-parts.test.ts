import { describe, expect, it } from 'vitest';
import { bundleParts, packageOf } from '../../../../bench/lib/bundle-parts.ts';

describe('bundle parts', () => {
  it('names the innermost npm package of an input file, scoped or not, else the project', () => {
    expect(packageOf('node_modules/zod/v4/core/schemas.js')).toBe('zod');
    expect(packageOf('node_modules/@aws-sdk/client-sns/dist-es/index.js')).toBe('@aws-sdk/client-sns');
    expect(packageOf('node_modules/@aws-sdk/core/node_modules/@smithy/core/dist/a.js')).toBe('@smithy/core');
    expect(packageOf('functions/handlers/get-claim.ts')).toBe('(project code)');
  });

  it('sums the bytes in the output by package, the largest first', () => {
    expect(
      bundleParts({
        'functions/a.ts': { bytesInOutput: 10 },
        'node_modules/zod/a.js': { bytesInOutput: 300 },
        'node_modules/zod/b.js': { bytesInOutput: 200 },
        'functions/b.ts': { bytesInOutput: 5 },
      }),
    ).toEqual([
      { part: 'zod', bytes: 500 },
      { part: '(project code)', bytes: 15 },
    ]);
  });
});
