import { randomUUID } from 'node:crypto';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Notifier, OutboundMessage } from '../../ports/notifier.ts';
import { emailHtml } from './email-html.ts';

/** The local stand-in for SES and SNS: one JSON file a message, and a console line. */
export class OutboxNotifier implements Notifier {
  constructor(
    private readonly dir: string,
    private readonly print: (line: string) => void = (line) => console.log(line),
  ) {}

  async send(message: OutboundMessage): Promise<void> {
    const sentAt = new Date().toISOString();
    const file = `${sentAt.replace(/[:.]/g, '-')}-${message.channel}-${randomUUID().slice(0, 8)}.json`;
    // E-mails carry their HTML part too, as SES would send it.
    const html =
      message.channel === 'email' ? { html: message.html ?? emailHtml(message.text, message.links) } : {};
    const body = JSON.stringify({ sentAt, ...message, ...html }, null, 2);
    const tmp = join(this.dir, `.${file}.tmp`);
    // The folder is made when a message finds it missing, not before every message.
    await writeFile(tmp, body, 'utf8').catch(async (error: NodeJS.ErrnoException) => {
      if (error.code !== 'ENOENT') throw error;
      await mkdir(this.dir, { recursive: true });
      await writeFile(tmp, body, 'utf8');
    });
    await rename(tmp, join(this.dir, file));
    this.print(`[outbox] ${message.channel} to ${message.to}: ${message.subject} ${message.links.join(' ')}`);
  }
}
