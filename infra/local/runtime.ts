import { join } from 'node:path';
import { DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb';
import { DEFAULT_REGISTRY_CACHE_SECONDS } from '../../functions/adapters/cached-registry.ts';
import { documentClient, dynamoClientHooks } from '../../functions/adapters/dynamodb/client.ts';
import { scanPages } from '../../functions/adapters/dynamodb/query.ts';
import { DynamoRegistryStore } from '../../functions/adapters/dynamodb/registry-store.ts';
import { localArchiveFile } from '../../functions/adapters/local-audit-archive.ts';
import { ENV } from '../../functions/config.ts';
import { FINAL_STATUSES } from '../../functions/domain/claim.ts';
import { appKeys, exportDeps, resetParts } from '../../functions/wiring.ts';
import { EXECUTION_ENDED_RULE, matchesExecutionEnded } from '../execution-events.ts';
import { FUNCTIONS, type FunctionId } from '../functions.ts';
import { ROUTES } from '../routes.ts';
import { SCHEDULES } from '../schedules.ts';
import type { TABLES } from '../tables.ts';
import { createTables } from './create-tables.ts';
import { buildDemoData, DEMO_MEMBER_ID } from './demo-data.ts';
import { localDocumentBucket } from './document-bucket.ts';
import { type DynamoLocal, LOCAL_CREDENTIALS, startDynamoLocal } from './dynamodb-local.ts';
import { type FaultInjector, type FaultSpec, faultInjector } from './faults.ts';
import { claimWorkflowDefinition, loadHandlers, localFunctionArn, localSubstitutions } from './handlers.ts';
import { startHttpApi } from './http-api.ts';
import { localIdp, localKeys } from './local-idp.ts';
import { startScheduler } from './scheduler.ts';
import { LocalStepFunctions, startSfnServer } from './stepfunctions/index.ts';
import type { TaskClock } from './stepfunctions/timers.ts';
import { unsignedHandlerClients } from './unsigned-requests.ts';

export interface RuntimeConfig {
  readonly dataDir: string;
  readonly host: string;
  readonly apiPort: number;
  readonly sfnPort: number;
  readonly dynamoPort: number;
  /** Use this DynamoDB endpoint instead of starting DynamoDB Local (tests share one). */
  readonly dynamoEndpoint?: string;
  readonly tablePrefix?: string;
  readonly demoData: boolean;
  /** Base of approval links; defaults to the local API's URL. */
  readonly linkBaseUrl?: string;
  /** Faster Retry intervals (ms) for tests. */
  readonly retryIntervalOverrides?: Record<string, number | number[]>;
  /** Compresses workflow time for tests: Task timeouts and Wait seconds are multiplied by it (default 1). */
  readonly timeScale?: number;
  /** Arms the workflow's callback timeouts instead of real time (tests move it on themselves). */
  readonly callbackClock?: TaskClock;
  /** The clock the local documents bucket checks its signed links' expiry with (tests move it on). */
  readonly documentClock?: () => Date;
  readonly log: (line: string) => void;
  /** Print a console line for each outbox message (default true). */
  readonly echoOutbox?: boolean;
  /** Run the scheduled jobs of infra/schedules.ts on their cron expressions (default false; `npm start` does). */
  readonly scheduler?: boolean;
  /** Fault injection in the handlers (infra/local/faults.ts); off when absent. */
  readonly faults?: FaultSpec;
  /**
   * Seconds the handlers keep units, approvers and program versions they read (REGISTRY_CACHE_SECONDS;
   * default 60, as in AWS). Tests that change the registry under a running stack pass 0.
   */
  readonly registryCacheSeconds?: number;
  /** The console's built folder, served under /console/ (default: none). */
  readonly consoleDir?: string | null;
}

export interface Runtime {
  readonly apiUrl: string;
  readonly sfnUrl: string;
  readonly dynamoEndpoint: string;
  readonly stateMachineArn: string;
  readonly tables: Record<keyof typeof TABLES, string>;
  readonly engine: LocalStepFunctions;
  readonly outboxDir: string;
  readonly recovered: { redriven: string[]; started: string[]; closed: string[] };
  /** The fault injector when `faults` was given, with its counts. */
  readonly faults: FaultInjector | null;
  stop(): Promise<void>;
}

export const REGION = 'us-east-1';
export const STATE_MACHINE_NAME = 'ClaimWorkflow';

/** Claims not in a final state, from the table (claims live there before their execution starts). */
async function openClaims(client: DynamoDBClient, table: string): Promise<string[]> {
  const ids: string[] = [];
  const pages = scanPages(documentClient(client), {
    TableName: table,
    FilterExpression: 'sk = :meta AND NOT (#status IN (:f1, :f2, :f3))',
    ExpressionAttributeNames: { '#status': 'status' },
    ExpressionAttributeValues: Object.fromEntries([
      [':meta', 'META'],
      ...[...FINAL_STATUSES].map((s, i) => [`:f${i + 1}`, s]),
    ]),
    ProjectionExpression: 'claimId',
  });
  for await (const page of pages)
    for (const item of page.Items ?? []) if (typeof item.claimId === 'string') ids.push(item.claimId);
  return ids;
}

/**
 * The whole system on one machine: DynamoDB Local, the tables of infra/tables.ts, demo data on an
 * empty database, the claim workflow on the local Step Functions endpoint with the handlers in-process,
 * and the HTTP API of infra/routes.ts. Claims left open by a crash are driven on again: their executions resume
 * where they stood; a claim whose execution ended without ending it (stopped, timed out) is closed.
 */
export async function startRuntime(config: RuntimeConfig): Promise<Runtime> {
  const { log } = config;
  const stops: (() => Promise<void>)[] = [];
  const stopAll = async () => {
    for (const stop of stops.reverse())
      await stop().catch((e: unknown) => log(`stop: ${(e as Error).message}`));
  };
  try {
    let dynamo: DynamoLocal | null = null;
    if (config.dynamoEndpoint === undefined) {
      dynamo = await startDynamoLocal({
        port: config.dynamoPort,
        dataDir: join(config.dataDir, 'dynamodb'),
        log,
      });
      stops.push(() => (dynamo as DynamoLocal).stop());
    }
    const dynamoEndpoint = config.dynamoEndpoint ?? dynamo?.endpoint ?? '';
    const client = new DynamoDBClient({
      endpoint: dynamoEndpoint,
      region: REGION,
      credentials: LOCAL_CREDENTIALS,
    });
    stops.push(async () => client.destroy());
    const { names: tables, created } = await createTables(client, config.tablePrefix);
    if (created.length > 0) log(`created tables ${created.join(', ')}`);

    const hashKey = process.env.PII_HASH_KEY ?? 'local-only-pii-hash-key';
    const registry = new DynamoRegistryStore(documentClient(client), tables.registry);
    const empty = (await client.send(new ScanCommand({ TableName: tables.registry, Limit: 1 }))).Count === 0;
    if (empty && config.demoData) {
      const demo = buildDemoData({ hashKey });
      await registry.putAll(demo);
      log(
        `loaded demo data: ${demo.units.length} union units, ${demo.approvers.length} approvers, ${demo.members.length} members, ${demo.budgets.length} budgets`,
      );
    }

    const outboxDir = join(config.dataDir, 'outbox');
    const stateMachineArn = `arn:aws:states:${REGION}:000000000000:stateMachine:${STATE_MACHINE_NAME}`;
    // The handlers' clients talk to DynamoDB Local only, which does not check signatures.
    const endUnsigned = unsignedHandlerClients();
    stops.push(async () => endUnsigned());
    const faults = config.faults === undefined ? null : faultInjector(config.faults);
    if (faults !== null) {
      const hook = (client: DynamoDBClient) => client.middlewareStack.use(faults.dynamodbPlugin);
      dynamoClientHooks.add(hook);
      stops.push(async () => void dynamoClientHooks.delete(hook));
      log(`fault injection on: ${JSON.stringify(faults.spec)}`);
    }
    const handlers = await loadHandlers(faults ?? undefined);
    const lambdas: Record<string, (event: unknown) => Promise<unknown>> = {};
    for (const id of Object.keys(FUNCTIONS) as FunctionId[])
      lambdas[localFunctionArn(id, REGION)] = handlers[id];
    const engine = new LocalStepFunctions({
      stateMachineName: STATE_MACHINE_NAME,
      definition: await claimWorkflowDefinition(localSubstitutions(REGION)),
      region: REGION,
      dataDir: join(config.dataDir, 'stepfunctions'),
      lambdas,
      retryIntervalOverrides: config.retryIntervalOverrides,
      timeScale: config.timeScale,
      callbackClock: config.callbackClock,
      log,
      // EventBridge's part: the execution-ended rule of infra/execution-events.ts, to the same function.
      onStatusChange: async (event) => {
        if (!matchesExecutionEnded(event, stateMachineArn)) return;
        await handlers[EXECUTION_ENDED_RULE.functionId](event);
      },
    });
    stops.push(() => engine.close());
    const sfnServer = await startSfnServer(engine, { port: config.sfnPort, host: config.host });
    stops.push(() => sfnServer.close());
    const keys = await localKeys(config.dataDir);
    const documentsDir = join(config.dataDir, 'documents');
    let apiUrl = '';
    // S3's part: the documents bucket, its "Object Created" event to the same function as EventBridge's rule.
    const documentBucket = localDocumentBucket({
      dir: documentsDir,
      baseUrl: () => config.linkBaseUrl ?? apiUrl,
      secret: async () => keys.keys.documentLink,
      onObjectCreated: (event) => handlers.documentUploaded(event),
      now: config.documentClock,
    });
    const api = await startHttpApi({
      routes: ROUTES,
      idp: await localIdp(config.dataDir),
      port: config.apiPort,
      host: config.host,
      invoke: (event, fn) => handlers[fn](event),
      log,
      extra: (req, res, url) => documentBucket.handle(req, res, url),
      consoleDir: config.consoleDir ?? null,
    });
    apiUrl = api.url;
    stops.push(() => api.close());

    // What the CDK stack gives each Lambda, pointed at the local parts; set before the first invocation.
    Object.assign(process.env, {
      AWS_REGION: REGION,
      AWS_ACCESS_KEY_ID: LOCAL_CREDENTIALS.accessKeyId,
      AWS_SECRET_ACCESS_KEY: LOCAL_CREDENTIALS.secretAccessKey,
      AWS_ENDPOINT_URL_DYNAMODB: dynamoEndpoint,
      AWS_ENDPOINT_URL_SFN: sfnServer.url,
      [ENV.claimsTable]: tables.claims,
      [ENV.registryTable]: tables.registry,
      [ENV.stateMachineArn]: stateMachineArn,
      [ENV.notifyMode]: 'outbox',
      [ENV.outboxDir]: outboxDir,
      [ENV.outboxEcho]: config.echoOutbox === false ? '0' : '1',
      [ENV.linkBaseUrl]: config.linkBaseUrl ?? api.url,
      [ENV.localKeysFile]: keys.file,
      [ENV.exportMode]: 'local',
      [ENV.exportDir]: join(config.dataDir, 'exports'),
      [ENV.documentsDir]: documentsDir,
      [ENV.auditArchiveFile]: localArchiveFile(config.dataDir),
      [ENV.registryCacheSeconds]: String(config.registryCacheSeconds ?? DEFAULT_REGISTRY_CACHE_SECONDS),
    });
    resetParts();
    appKeys.reset();
    exportDeps.reset();

    const { redriven } = await engine.start();
    const started: string[] = [];
    const closed: string[] = [];
    for (const claimId of await openClaims(client, tables.claims)) {
      try {
        await engine.startExecution({ stateMachineArn, name: claimId, input: JSON.stringify({ claimId }) });
        if (!redriven.some((arn: string) => arn.endsWith(`:${claimId}`))) started.push(claimId);
      } catch (error) {
        if ((error as Error).name !== 'ExecutionAlreadyExists') {
          log(`claim ${claimId} is open; its execution cannot start: ${(error as Error).message}`);
          continue;
        }
        // Its execution ended while the claim stayed open (stopped, timed out, or the process ended before the
        // status change was handled): the event is handed on again, and the rule closes the claim.
        const arn = `arn:aws:states:${REGION}:000000000000:execution:${STATE_MACHINE_NAME}:${claimId}`;
        const event = await engine.statusChange(arn);
        if (matchesExecutionEnded(event, stateMachineArn)) {
          try {
            await handlers[EXECUTION_ENDED_RULE.functionId](event);
            closed.push(claimId);
          } catch (closing) {
            log(`claim ${claimId}: its execution ended, closing it failed: ${(closing as Error).message}`);
          }
        } else log(`claim ${claimId} is open but its execution ${event.detail.status}; left as it is`);
      }
    }
    if (redriven.length + started.length + closed.length > 0) {
      log(
        `recovered after restart: ${redriven.length} execution(s) resumed, ${started.length} started, ${closed.length} claim(s) of ended executions closed`,
      );
    }

    if (config.scheduler === true) {
      const scheduler = startScheduler({
        schedules: SCHEDULES,
        invoke: (schedule) => handlers[schedule.functionId](schedule.input),
        log,
      });
      stops.push(async () => scheduler.stop());
      for (const { id, at } of scheduler.next()) log(`schedule ${id}: next run ${at.toISOString()}`);
    }

    return {
      apiUrl: api.url,
      sfnUrl: sfnServer.url,
      dynamoEndpoint,
      stateMachineArn,
      tables,
      engine,
      outboxDir,
      recovered: { redriven, started, closed },
      faults,
      stop: stopAll,
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
}

export { DEMO_MEMBER_ID };
