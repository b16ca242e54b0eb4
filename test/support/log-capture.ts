import { vi } from 'vitest';

export interface CapturedLogs {
  /** Everything written to stdout and stderr (and through `console`) since the capture began. */
  text(): string;
  /** The lines that are JSON objects (the functions' structured log lines). */
  records(): Record<string, unknown>[];
  restore(): void;
}

/**
 * Captures what the process writes, as the functions' log group would receive it: the Powertools logger
 * writes to process.stdout/stderr through its own Console, other code through `console`. Nothing is
 * passed on to the terminal while the capture runs.
 */
export function captureLogs(): CapturedLogs {
  const chunks: string[] = [];
  const keep = (chunk: unknown) => {
    chunks.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString('utf8'));
    return true;
  };
  const spies = [
    vi.spyOn(process.stdout, 'write').mockImplementation(keep),
    vi.spyOn(process.stderr, 'write').mockImplementation(keep),
    ...(['log', 'info', 'warn', 'error', 'debug'] as const).map((method) =>
      vi.spyOn(console, method).mockImplementation((...args: unknown[]) => {
        keep(`${args.map(String).join(' ')}\n`);
      }),
    ),
  ];
  const text = () => chunks.join('');
  return {
    text,
    records: () =>
      text()
        .split('\n')
        .filter((line) => line.startsWith('{'))
        .flatMap((line) => {
          try {
            return [JSON.parse(line) as Record<string, unknown>];
          } catch {
            return [];
          }
        }),
    restore: () => {
      for (const spy of spies) spy.mockRestore();
    },
  };
}
