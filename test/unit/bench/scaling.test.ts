import { describe, expect, it } from 'vitest';
import { parseLastLine } from '../../../bench/scaling.ts';

describe('scaling output', () => {
  it('reads the figures from the last line of a script', () => {
    const out = 'scanning…\n{"section":"fraud-scan","claims":10000,"seconds":1.5,"peakRssMiB":80.2}\n';
    expect(parseLastLine(out, 'fraud-scan')).toEqual({ claims: 10000, seconds: 1.5, peakRssMiB: 80.2 });
  });

  it('refuses another section, missing figures, or a last line that is not JSON', () => {
    expect(parseLastLine('{"section":"export","seconds":1,"peakRssMiB":2}', 'fraud-scan')).toBeNull();
    expect(parseLastLine('{"section":"export","seconds":1}', 'export')).toBeNull();
    expect(parseLastLine('{"section":"export","seconds":1,"peakRssMiB":2}\ndone', 'export')).toBeNull();
    expect(parseLastLine('', 'export')).toBeNull();
  });
});
