import { SESv2Client } from '@aws-sdk/client-sesv2';
import { SFNClient } from '@aws-sdk/client-sfn';
import { SNSClient } from '@aws-sdk/client-sns';
import { DynamoBudgetsStore } from './adapters/dynamodb/budgets-store.ts';
import { DynamoClaimsStore } from './adapters/dynamodb/claims-store.ts';
import { documentClient } from './adapters/dynamodb/client.ts';
import { DynamoDelegationsStore } from './adapters/dynamodb/delegations-store.ts';
import { DynamoFeedbackStore } from './adapters/dynamodb/feedback-store.ts';
import { DynamoFraudStore } from './adapters/dynamodb/fraud-store.ts';
import { DynamoFundsQueue } from './adapters/dynamodb/funds-queue.ts';
import { DynamoMessageLog } from './adapters/dynamodb/message-log.ts';
import { DynamoPaymentsStore } from './adapters/dynamodb/payments-store.ts';
import { DynamoProgramsStore } from './adapters/dynamodb/programs-store.ts';
import { DynamoRegistryStore } from './adapters/dynamodb/registry-store.ts';
import { DynamoTicketsStore } from './adapters/dynamodb/tickets-store.ts';
import { DynamoUsageLedger } from './adapters/dynamodb/usage-ledger.ts';
import { DynamoVisitsStore } from './adapters/dynamodb/visits-store.ts';
import { LocalAuditArchive } from './adapters/local-audit-archive.ts';
import { AwsNotifier } from './adapters/notify/aws-notifier.ts';
import { OnceNotifier } from './adapters/notify/once-notifier.ts';
import { OutboxNotifier } from './adapters/notify/outbox-notifier.ts';
import { SfnWorkflow } from './adapters/sfn-workflow.ts';
import { ENV, requireEnv } from './config.ts';
import { lazy } from './lazy.ts';
import type { Notifier } from './ports/notifier.ts';
import type { Workflow } from './ports/workflow.ts';
import type { Deps } from './usecases/deps.ts';

/** How long a level's links live when the workflow does not say (it passes the program's escalateAfterSeconds). */
export const APPROVAL_TTL_SECONDS = 72 * 3600;

function notifierFromEnv(): Notifier {
  const mode = process.env[ENV.notifyMode] ?? 'aws';
  if (mode === 'outbox') {
    const echo = process.env[ENV.outboxEcho] === '0' ? () => undefined : undefined;
    return new OutboxNotifier(requireEnv(ENV.outboxDir), echo);
  }
  return new AwsNotifier(new SESv2Client({}), new SNSClient({}), requireEnv(ENV.sesFromAddress));
}

/**
 * The adapters a handler runs with, built from the environment once per container (SDK clients at
 * module scope, reused across invocations). Parts a function has no permission or variable for are
 * built only when first used.
 */
export const appDeps = lazy((): Deps => {
  const doc = documentClient();
  const claimsTable = process.env[ENV.claimsTable] ?? '';
  const registryTable = process.env[ENV.registryTable] ?? '';
  // Each keyed message is recorded before and after it goes to the provider (OnceNotifier).
  const notifier = lazy(() => new OnceNotifier(new DynamoMessageLog(doc, claimsTable), notifierFromEnv()));
  const workflow = lazy(() => new SfnWorkflow(new SFNClient({}), process.env[ENV.stateMachineArn] ?? ''));
  const lazyWorkflow: Workflow = {
    startClaim: (claimId, payoutRound) => workflow().startClaim(claimId, payoutRound),
    sendTaskSuccess: (token, output) => workflow().sendTaskSuccess(token, output),
  };
  // Locally every committed event is appended to the archive file; in AWS the table's stream archives
  // events, and the functions that verify read the bucket (functions/audit-archive-wiring.ts).
  const archiveFile = process.env[ENV.auditArchiveFile];
  const localArchive = archiveFile ? new LocalAuditArchive(archiveFile) : undefined;
  return {
    claims: new DynamoClaimsStore(doc, claimsTable, registryTable, localArchive),
    registry: new DynamoRegistryStore(doc, registryTable),
    programs: new DynamoProgramsStore(doc, registryTable),
    budgets: new DynamoBudgetsStore(doc, registryTable),
    visits: new DynamoVisitsStore(doc, claimsTable),
    tickets: new DynamoTicketsStore(doc, claimsTable),
    usage: new DynamoUsageLedger(doc, claimsTable),
    delegations: new DynamoDelegationsStore(doc, registryTable),
    fundsQueue: new DynamoFundsQueue(doc, claimsTable),
    workflow: lazyWorkflow,
    feedback: new DynamoFeedbackStore(doc, claimsTable),
    fraud: new DynamoFraudStore(doc, claimsTable),
    notifier: { send: (message) => notifier().send(message) },
    now: () => new Date(),
    linkBaseUrl: (process.env[ENV.linkBaseUrl] ?? '').replace(/\/+$/, ''),
    // Imported when first used: only the functions that derive link ids read the key (and its client).
    linkKey: async () => (await import('./key-wiring.ts')).appKeys().get('linkId'),
    approvalTtlSeconds: APPROVAL_TTL_SECONDS,
    payments: new DynamoPaymentsStore(doc, claimsTable),
    auditArchive: localArchive ?? null,
  };
});
