/**
 * `npm run payments -- batch --unit CODE --date YYYY-MM-DD --out FILE`: cuts (or finds) a paying unit's
 * daily batch and writes its bank file; `npm run payments -- reconcile --file BANK-RESULT.csv`: imports
 * the bank's result through the bank's channel (applied at once, with the file's checksum). Against the
 * running local stack (npm start), as an admin of the finance office.
 */
import { realpathSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoBudgetsStore } from '../../functions/adapters/dynamodb/budgets-store.ts';
import { DynamoClaimsStore } from '../../functions/adapters/dynamodb/claims-store.ts';
import { documentClient } from '../../functions/adapters/dynamodb/client.ts';
import { DynamoFeedbackStore } from '../../functions/adapters/dynamodb/feedback-store.ts';
import { DynamoMessageLog } from '../../functions/adapters/dynamodb/message-log.ts';
import { DynamoPaymentsStore } from '../../functions/adapters/dynamodb/payments-store.ts';
import { DynamoRegistryStore } from '../../functions/adapters/dynamodb/registry-store.ts';
import { LocalAuditArchive, localArchiveFile } from '../../functions/adapters/local-audit-archive.ts';
import { OnceNotifier } from '../../functions/adapters/notify/once-notifier.ts';
import { OutboxNotifier } from '../../functions/adapters/notify/outbox-notifier.ts';
import { DomainError } from '../../functions/domain/errors.ts';
import type { Identity } from '../../functions/domain/identity.ts';
import { fenToYuan } from '../../functions/domain/payments/yuan.ts';
import type { Deps } from '../../functions/usecases/deps.ts';
import { cutBatch, downloadBatch } from '../../functions/usecases/payment-batches.ts';
import { reconcilePayments } from '../../functions/usecases/reconcile-payments.ts';
import { LOCAL_CREDENTIALS } from './dynamodb-local.ts';
import { localKeys } from './local-idp.ts';
import { STACK_OPTIONS, STACK_USAGE, stackOrExit } from './stack-file.ts';

export type PaymentsCliDeps = Pick<
  Deps,
  | 'claims'
  | 'payments'
  | 'registry'
  | 'notifier'
  | 'feedback'
  | 'now'
  | 'linkBaseUrl'
  | 'budgets'
  | 'auditArchive'
  | 'linkKey'
  | 'payeeKey'
>;

/** The finance office at the command line: an admin, named in the batch's audit events. */
export const CLI_IDENTITY: Identity = {
  subject: 'payments-cli',
  roles: ['admin'],
  memberId: null,
  unitCode: null,
  approverId: null,
};

export interface PaymentsCommandResult {
  readonly lines: readonly string[];
  /** 0 done; 1 lines refused or a file refused; 2 a usage problem. */
  readonly exitCode: 0 | 1 | 2;
}

const yuan = (fen: number) => `CNY ${fenToYuan(fen)}`;

/** The command without its process: `batch` writes the bank file, `reconcile` imports the bank's result. */
export async function paymentsCommand(
  deps: PaymentsCliDeps,
  command: { kind: 'batch'; unit: string; date: string; out: string } | { kind: 'reconcile'; file: string },
  identity: Identity = CLI_IDENTITY,
): Promise<PaymentsCommandResult> {
  if (command.kind === 'batch') {
    const { created, batch, refused } = await cutBatch(deps, {
      identity,
      body: { unitCode: command.unit, date: command.date },
    });
    const { text } = await downloadBatch(deps, { identity, batchId: batch.batchId });
    await writeFile(command.out, text, 'utf8');
    return {
      lines: [
        ...refused.map(
          (l) => `REFUSED ${l.payoutId} (claim ${l.claimId}, ${yuan(l.amountFen)}): ${l.reasons.join('; ')}`,
        ),
        `batch ${batch.batchId} (${created ? 'cut now' : `cut before, at ${batch.createdAt}`}): ` +
          `${batch.count} payouts, ${yuan(batch.totalFen)} → ${command.out}`,
      ],
      exitCode: refused.length > 0 ? 1 : 0,
    };
  }
  // The command line stands for the bank's own channel (it runs with operator rights on the machine):
  // every line applies at once, recorded with the file's checksum and `channel bank`.
  const report = await reconcilePayments(deps, {
    identity,
    text: await readFile(command.file, 'utf8'),
    channel: { kind: 'bank' },
  });
  const lines = [
    ...report.fileErrors.map((e) => `FILE REFUSED: ${e}`),
    ...report.applied.map(
      (l) => `row ${l.row} ${l.payoutId} ${l.result} (claim ${l.claimId}, ${yuan(l.amountFen)}): applied`,
    ),
    ...report.unchanged.map((l) => `row ${l.row} ${l.payoutId} ${l.result}: already applied, unchanged`),
    ...report.refused.map((l) => `row ${l.row} ${l.payoutId || '-'} REFUSED ${l.code}: ${l.reason}`),
  ];
  const s = report.summary;
  lines.push(
    `${s.lines} lines: ${s.confirmed} confirmed, ${s.returned} returned, ${s.unchanged} unchanged, ${s.refused} refused`,
  );
  return { lines, exitCode: report.fileErrors.length > 0 || report.refused.length > 0 ? 1 : 0 };
}

const usage = `Payment batches for the bank, against the running local stack (npm start).
  npm run payments -- batch --unit CODE --date YYYY-MM-DD --out FILE
  npm run payments -- reconcile --file BANK-RESULT.csv
${STACK_USAGE}
A batch takes only the payouts whose amount and payee match the claim's audit chain, the approved amount
and the budget ledger; the others are listed as REFUSED, flagged for review and left out.
Exit status: 0 done, 1 lines (or the whole file) refused, 2 a usage or connection problem (or no running stack).`;

async function main(): Promise<void> {
  const fail = (message: string): never => {
    process.stderr.write(`${message}\n`);
    process.exit(2);
  };
  let parsed: ReturnType<typeof parseArgs<{ allowPositionals: true; options: typeof options }>>;
  const options = {
    unit: { type: 'string' },
    date: { type: 'string' },
    out: { type: 'string' },
    file: { type: 'string' },
    ...STACK_OPTIONS,
    help: { type: 'boolean', default: false },
  } as const;
  try {
    parsed = parseArgs({ allowPositionals: true, options });
  } catch (error) {
    return fail(`${(error as Error).message}\n\n${usage}`);
  }
  const { values, positionals } = parsed;
  if (values.help) {
    process.stdout.write(`${usage}\n`);
    return;
  }
  const [kind] = positionals;
  let command: Parameters<typeof paymentsCommand>[1];
  if (kind === 'batch' && values.unit && values.date && values.out) {
    command = { kind, unit: values.unit, date: values.date, out: resolve(values.out) };
  } else if (kind === 'reconcile' && values.file) {
    command = { kind, file: resolve(values.file) };
  } else {
    return fail(usage);
  }
  const stack = stackOrExit(values);
  const endpoint = stack.dynamoEndpoint;
  const { claims, registry } = stack.tables;
  const client = new DynamoDBClient({
    endpoint,
    region: 'us-east-1',
    credentials: LOCAL_CREDENTIALS,
    maxAttempts: 5,
  });
  try {
    await client.send(new DescribeTableCommand({ TableName: claims }));
  } catch (error) {
    fail(
      `DynamoDB Local does not answer at ${endpoint}: start the local stack with npm start (${(error as Error).message})`,
    );
  }
  const doc = documentClient(client);
  const { keys } = await localKeys(stack.dataDir);
  const archive = new LocalAuditArchive(localArchiveFile(stack.dataDir));
  const deps: PaymentsCliDeps = {
    claims: new DynamoClaimsStore(doc, claims, registry, archive),
    budgets: new DynamoBudgetsStore(doc, registry),
    auditArchive: archive,
    payments: new DynamoPaymentsStore(doc, claims),
    registry: new DynamoRegistryStore(doc, registry),
    feedback: new DynamoFeedbackStore(doc, claims),
    notifier: new OnceNotifier(new DynamoMessageLog(doc, claims), new OutboxNotifier(stack.outboxDir)),
    now: () => new Date(),
    linkBaseUrl: stack.apiUrl,
    linkKey: async () => keys.linkId,
    payeeKey: async () => keys.payeeAccountHash,
  };
  try {
    const result = await paymentsCommand(deps, command);
    process.stdout.write(`${result.lines.join('\n')}\n`);
    process.exitCode = result.exitCode;
  } catch (error) {
    if (error instanceof DomainError) {
      const fields = error.errors.map((e) => `\n  ${e.field}: ${e.message}`).join('');
      fail(`${error.title}: ${error.detail}${fields}`);
    }
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') fail((error as Error).message);
    throw error;
  } finally {
    client.destroy();
  }
}

const entry = process.argv[1];
if (entry !== undefined && realpathSync(entry) === fileURLToPath(import.meta.url)) await main();
