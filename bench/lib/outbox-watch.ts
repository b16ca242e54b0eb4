import { type FSWatcher, mkdirSync, watch } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';

export interface OutboxMessage {
  readonly channel: 'email' | 'sms';
  readonly to: string;
  readonly subject: string;
  readonly text: string;
  readonly links: readonly string[];
}

const CLAIM_ID = /C[0-9A-Z]{26}/g;

interface Waiter {
  readonly claimId: string;
  readonly match: (m: OutboxMessage) => boolean;
  readonly resolve: (m: OutboxMessage) => void;
}

/**
 * Reads the local outbox as it fills: each new message once, as soon as the folder reports it (and a
 * full listing every `intervalMs` while someone waits, in case a report was missed), indexed by the claim
 * IDs its text names. A driver waits on it for a claim's message without reading the whole folder again
 * for each claim. The listing is only the safety net: it reads the whole folder, which grows with the
 * run, so it is rare (the folder's reports carry the messages).
 */
export class OutboxWatch {
  private readonly seen = new Set<string>();
  private readonly byClaim = new Map<string, OutboxMessage[]>();
  private waiters: Waiter[] = [];
  private readonly timer: NodeJS.Timeout;
  private readonly watcher: FSWatcher;
  private polling = false;
  private readonly reading = new Set<Promise<void>>();
  readonly messages: OutboxMessage[] = [];

  constructor(
    private readonly dir: string,
    intervalMs = 2_000,
  ) {
    mkdirSync(dir, { recursive: true });
    this.watcher = watch(dir, (_event, file) => {
      if (file !== null && this.isMessage(file)) this.track(this.read(file));
    });
    this.timer = setInterval(() => void this.poll(), intervalMs);
  }

  private isMessage(file: string): boolean {
    return file.endsWith('.json') && !file.startsWith('.') && !this.seen.has(file);
  }

  /** The first message about a claim that matches, waiting up to `timeoutMs` for it to be sent. */
  next(claimId: string, match: (m: OutboxMessage) => boolean, timeoutMs = 60_000): Promise<OutboxMessage> {
    const found = this.byClaim.get(claimId)?.find(match);
    if (found !== undefined) return Promise.resolve(found);
    return new Promise((resolve, reject) => {
      const timeout = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        reject(new Error(`no outbox message for ${claimId} within ${timeoutMs} ms`));
      }, timeoutMs);
      const waiter: Waiter = {
        claimId,
        match,
        resolve: (m) => {
          clearTimeout(timeout);
          resolve(m);
        },
      };
      this.waiters.push(waiter);
    });
  }

  /** Reads what is new now, when someone waits (the timer calls it). */
  private async poll(): Promise<void> {
    if (this.polling || this.waiters.length === 0) return;
    this.polling = true;
    try {
      await this.list();
    } finally {
      this.polling = false;
    }
  }

  /** Every message sent so far read: reads still under way finished, then the folder listed once more. */
  async settle(): Promise<void> {
    await Promise.all(this.reading);
    await this.list();
  }

  private async list(): Promise<void> {
    const files = await readdir(this.dir).catch(() => [] as string[]);
    await Promise.all(files.filter((f) => this.isMessage(f)).map((f) => this.track(this.read(f))));
  }

  private track(read: Promise<void>): Promise<void> {
    this.reading.add(read);
    void read.finally(() => this.reading.delete(read));
    return read;
  }

  private async read(file: string): Promise<void> {
    this.seen.add(file);
    const text = await readFile(join(this.dir, file), 'utf8').catch(() => null);
    if (text === null) {
      this.seen.delete(file); // reported before it was there: the next listing reads it
      return;
    }
    const message = JSON.parse(text) as OutboxMessage;
    this.messages.push(message);
    for (const claimId of new Set(`${message.subject}\n${message.text}`.match(CLAIM_ID) ?? [])) {
      const list = this.byClaim.get(claimId) ?? [];
      list.push(message);
      this.byClaim.set(claimId, list);
      for (const waiter of this.waiters.filter((w) => w.claimId === claimId && w.match(message))) {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        waiter.resolve(message);
      }
    }
  }

  stop(): void {
    clearInterval(this.timer);
    this.watcher.close();
  }
}
