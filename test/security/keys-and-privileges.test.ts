import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SecretsProvider } from '@aws-lambda-powertools/parameters/secrets';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SendTaskSuccessCommand, SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import {
  DynamoDBDocumentClient,
  GetCommand,
  QueryCommand,
  TransactWriteCommand,
} from '@aws-sdk/lib-dynamodb';
import type { CfnElement } from 'aws-cdk-lib';
import { type AwsClientStub, mockClient } from 'aws-sdk-client-mock';
import type { IConstruct } from 'constructs';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { claimKeys, registryKeys } from '../../functions/adapters/dynamodb/keys.ts';
import { LocalKeys } from '../../functions/adapters/local-keys.ts';
import { SecretsManagerKeys } from '../../functions/adapters/secrets-manager-keys.ts';
import { handler as approvalLink } from '../../functions/handlers/approval-link.ts';
import { handler as payeeLink } from '../../functions/handlers/payee-link.ts';
import { csrfToken } from '../../functions/http/csrf.ts';
import { KEY_PURPOSES, keySecretName } from '../../functions/ports/keys.ts';
import { entriesOf } from '../../infra/constructs/project.ts';
import { FUNCTIONS, type FunctionId } from '../../infra/functions.ts';
import { localKeys } from '../../infra/local/local-idp.ts';
import { ROUTES } from '../../infra/routes.ts';
import type { UnionClaimsStack } from '../../infra/stack.ts';
import { TABLES } from '../../infra/tables.ts';
import { aClaim, rulesPassed } from '../fixtures/claims.ts';
import { getEvent } from '../fixtures/events.ts';
import { stubHandlerEnv } from '../support/handler-env.ts';
import { invoke } from '../support/lambda.ts';
import { type SynthesizedStack, synthStack } from '../support/stack-template.ts';

interface ResourceJson {
  readonly Type: string;
  readonly Properties: Record<string, unknown>;
}

interface StatementJson {
  readonly Effect: 'Allow' | 'Deny';
  readonly Action: string | string[];
  readonly Resource: unknown;
  readonly Condition?: Record<string, Record<string, unknown>>;
}

const asArray = <T>(value: T | T[]): T[] => (Array.isArray(value) ? value : [value]);

/** `PAYEE#*` as a regular expression, as IAM's StringLike reads it. */
const likePattern = (pattern: string) =>
  new RegExp(`^${pattern.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replaceAll('*', '.*')}$`);

/** The functions behind the routes that take no token: anyone with a link calls them. */
const PUBLIC_FUNCTIONS = [
  ...new Set(ROUTES.filter((route) => route.auth === 'none').map((route) => route.fn)),
];

/**
 * Fresh mocks for a public page's handler: its environment, the link key (`'k'.repeat(40)`), and the claims
 * table as `items` by sort key, whatever the partition (a Query between two sort keys finds those between),
 * other queries find nothing, and transactions succeed.
 */
function publicPageMocks(
  mocks: {
    ddb: AwsClientStub<DynamoDBDocumentClient>;
    sfn: AwsClientStub<SFNClient>;
    secretsManager: AwsClientStub<SecretsManagerClient>;
  },
  items: Record<string, Record<string, unknown>>,
): void {
  const { ddb, sfn, secretsManager } = mocks;
  stubHandlerEnv();
  secretsManager.reset();
  secretsManager.on(GetSecretValueCommand).resolves({ SecretString: 'k'.repeat(40) });
  ddb.reset();
  sfn.reset();
  ddb.on(GetCommand).callsFake((input: { Key: { sk: string } }) => ({ Item: items[input.Key.sk] }));
  // A read of a claim's partition between two sort keys finds those items; other queries find nothing.
  ddb.on(QueryCommand).callsFake((input: { ExpressionAttributeValues?: Record<string, string> }) => {
    const { ':pk': pk, ':from': from, ':to': to } = input.ExpressionAttributeValues ?? {};
    if (from === undefined || to === undefined) return { Items: [] };
    const within = Object.entries(items).filter(([sk]) => sk >= from && sk <= to);
    return { Items: within.map(([sk, item]) => ({ pk, sk, ...item })) };
  });
  ddb.on(TransactWriteCommand).resolves({});
}

describe('keys, privileges and logs in the synthesized template', () => {
  let synth: SynthesizedStack;
  let stack: UnionClaimsStack;

  const resourcesOf = (type: string): Record<string, ResourceJson> =>
    synth.template.findResources(type) as Record<string, ResourceJson>;
  const logicalId = (construct: IConstruct): string =>
    stack.getLogicalId(construct.node.defaultChild as CfnElement);
  const statementsOf = (id: FunctionId): StatementJson[] => {
    const role = stack.functions[id].role;
    if (role === undefined) throw new Error(`${id} has no role`);
    const ref = JSON.stringify({ Ref: logicalId(role) });
    return Object.values(resourcesOf('AWS::IAM::Policy'))
      .filter((policy) => JSON.stringify(policy.Properties.Roles).includes(ref))
      .flatMap((policy) => (policy.Properties.PolicyDocument as { Statement: StatementJson[] }).Statement);
  };
  const tableArn = (tableId: keyof typeof TABLES) => ({
    'Fn::GetAtt': [logicalId(stack.tables.byId[tableId]), 'Arn'],
  });

  beforeAll(() => {
    // The template alone: no bundling needed.
    synth = synthStack({ bundle: false });
    stack = synth.stack;
  });

  describe('8 keys are read at runtime, one per purpose, never from the environment', () => {
    it('8.1 no function environment holds a key, a secret reference or a secret ARN', () => {
      const secretIds = Object.keys(resourcesOf('AWS::SecretsManager::Secret'));
      expect(secretIds.length).toBeGreaterThan(0);

      for (const [id, fn] of Object.entries(resourcesOf('AWS::Lambda::Function'))) {
        const variables =
          (fn.Properties.Environment as { Variables?: Record<string, unknown> } | undefined)?.Variables ?? {};
        for (const [name, value] of Object.entries(variables)) {
          const text = JSON.stringify(value);
          expect(text, `${id} ${name}`).not.toContain('resolve:secretsmanager');
          expect(text, `${id} ${name}`).not.toMatch(/arn:aws[\w-]*:secretsmanager|:secret:/);
          for (const secretId of secretIds) expect(text, `${id} ${name}`).not.toContain(`"${secretId}"`);
          expect(name, `${id} ${name}`).not.toMatch(/SECRET|HASH_KEY|SIGNING/);
        }
      }
    });

    it('8.2 every purpose has a secret of its own, and each function may read exactly the keys it declares', () => {
      const secrets = Object.values(resourcesOf('AWS::SecretsManager::Secret'));
      const names = secrets.map((secret) => secret.Properties.Name);
      expect(names.sort()).toEqual(KEY_PURPOSES.map((p) => keySecretName(stack.secrets.prefix, p)).sort());
      // Approval form tokens and export download links used to share one key.
      expect(FUNCTIONS.approvalLink.secrets).toEqual(['approvalForm']);
      expect(FUNCTIONS.exportDownload.secrets).toEqual(['exportDownload']);
      expect(FUNCTIONS.feedbackLink.secrets).toEqual(['feedbackForm']);

      for (const [id, def] of entriesOf(FUNCTIONS)) {
        const reads = statementsOf(id).filter((s) =>
          asArray(s.Action).some((action) => action.startsWith('secretsmanager:')),
        );
        const granted = reads.flatMap((s) => asArray(s.Resource as unknown));
        expect(
          reads.flatMap((s) => asArray(s.Action)),
          id,
        ).toEqual(reads.length === 0 ? [] : ['secretsmanager:GetSecretValue']);
        expect(granted, id).toEqual(
          (def.secrets ?? []).map((purpose) => ({ Ref: logicalId(stack.secrets.byPurpose[purpose]) })),
        );
      }
    });

    describe('8.3 the Secrets Manager adapter', () => {
      const secretsManager = mockClient(SecretsManagerClient);
      beforeEach(() => {
        secretsManager.reset();
        secretsManager.on(GetSecretValueCommand).callsFake((input: { SecretId: string }) => ({
          SecretString: `value of ${input.SecretId}`,
        }));
      });

      it('reads each purpose by its own name, and keeps it for the container instead of reading it per call', async () => {
        const keys = new SecretsManagerKeys(
          new SecretsProvider({ awsSdkV3Client: new SecretsManagerClient({ region: 'cn-north-1' }) }),
          'UnionClaimsStack/keys',
        );

        const first = await keys.get('approvalForm');
        const again = await keys.get('approvalForm');
        const other = await keys.get('exportDownload');

        expect(first).toBe('value of UnionClaimsStack/keys/approval-form');
        expect(again).toBe(first);
        expect(other).toBe('value of UnionClaimsStack/keys/export-download');
        expect(
          secretsManager.commandCalls(GetSecretValueCommand).map((c) => c.args[0].input.SecretId),
        ).toEqual(['UnionClaimsStack/keys/approval-form', 'UnionClaimsStack/keys/export-download']);
      });
    });
  });

  it("8.4 the local runtime draws one key per purpose into its data folder, keeps an older file's keys, and its handlers read them from there", async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'keys-'));
    try {
      const older = { linkSecret: 'a'.repeat(40), exportSigningSecret: 'b'.repeat(40) };
      await writeFile(join(dataDir, 'local-secrets.json'), JSON.stringify(older));

      const { file, keys } = await localKeys(dataDir);
      const again = await localKeys(dataDir);
      const handlerKeys = new LocalKeys(file, { idNumberHash: 'local-hash-key' });

      expect(keys.approvalForm).toBe(older.linkSecret);
      expect(keys.exportSigning).toBe(older.exportSigningSecret);
      expect(new Set(Object.values(keys)).size).toBe(Object.keys(keys).length);
      expect(again.keys).toEqual(keys);
      expect(await handlerKeys.get('exportDownload')).toBe(keys.exportDownload);
      expect(await handlerKeys.get('feedbackForm')).toBe(keys.feedbackForm);
      expect(await handlerKeys.get('idNumberHash')).toBe('local-hash-key');
      expect((await stat(file)).mode & 0o077).toBe(0);
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });

  describe('9 each function holds only the DynamoDB actions it uses', () => {
    it('9.1 each function may take exactly its declared actions on each of its tables, and only queries or scans on their indexes', () => {
      for (const [id, def] of entriesOf(FUNCTIONS)) {
        const allowed = statementsOf(id).filter(
          (s) => s.Effect === 'Allow' && asArray(s.Action).some((a) => a.startsWith('dynamodb:')),
        );
        const onTables = entriesOf(def.tables).map(([tableId, actions]) => {
          const arn = tableArn(tableId);
          const onTable = allowed.filter(
            (s) => JSON.stringify(asArray(s.Resource)) === JSON.stringify([arn]),
          );
          return [tableId, onTable.flatMap((s) => asArray(s.Action)).sort(), actions] as const;
        });
        for (const [tableId, granted, actions] of onTables) {
          expect(granted, `${id} on ${tableId}`).toEqual(actions.map((a) => `dynamodb:${a}`).sort());
        }
        const everything = allowed.flatMap((s) => asArray(s.Action));
        expect(everything, id).not.toContain('dynamodb:DescribeTable');
        // Only the audit archiver reads the claims table's stream (its event source mapping), and on the stream only.
        const streamReads = allowed.filter((s) =>
          asArray(s.Action).some((a) => a === 'dynamodb:GetRecords' || a === 'dynamodb:GetShardIterator'),
        );
        if (def.claimsStream === true) {
          expect(streamReads.length, id).toBeGreaterThan(0);
          for (const statement of streamReads)
            expect(JSON.stringify(statement.Resource), id).toContain('StreamArn');
        } else {
          expect(streamReads, id).toEqual([]);
        }
        for (const statement of allowed) {
          const resources = JSON.stringify(statement.Resource);
          if (!resources.includes('/index/')) continue;
          expect(resources, id).not.toContain('/index/*');
          expect(
            asArray(statement.Action).every((a) => a === 'dynamodb:Query' || a === 'dynamodb:Scan'),
            id,
          ).toBe(true);
        }
      }
    });

    it('9.2 only the functions whose code scans, deletes or batch-writes may do so', () => {
      const holders = (action: string) =>
        entriesOf(FUNCTIONS)
          .filter(([id]) =>
            statementsOf(id).some((s) => s.Effect === 'Allow' && asArray(s.Action).includes(action)),
          )
          .map(([id]) => id)
          .sort();

      expect(holders('dynamodb:Scan')).toEqual(
        [
          'deputies',
          'exportWorker',
          'fraudScan',
          'importMembers',
          'operationsGauge',
          'recordAudit',
          'requestApproval',
        ].sort(),
      );
      expect(holders('dynamodb:BatchWriteItem')).toEqual(['fraudScan', 'importMembers']);
      expect(holders('dynamodb:ConditionCheckItem')).toEqual([]);
    });

    it('9.3 the public link functions are denied the payee and personal partitions of every table they touch', () => {
      expect(PUBLIC_FUNCTIONS.sort()).toEqual([
        'apiDocs',
        'approvalDocument',
        'approvalLink',
        'exportDownload',
        'feedbackLink',
        'payeeLink',
        'uploadLink',
      ]);
      // The payee and personal items live in the partitions the denials name.
      const claimsPersonal = TABLES.claims.personalPartitions.map(likePattern);
      const registryPersonal = TABLES.registry.personalPartitions.map(likePattern);
      expect(claimsPersonal.some((p) => p.test(claimKeys.payee('C1').pk))).toBe(true);
      expect(claimsPersonal.some((p) => p.test(claimKeys.payee('C1', 2).pk))).toBe(true);
      expect(claimsPersonal.some((p) => p.test(claimKeys.byMember('M000001')))).toBe(true);
      expect(claimsPersonal.some((p) => p.test(claimKeys.meta('C1').pk))).toBe(false);
      for (const key of [
        registryKeys.member('M000001').pk,
        registryKeys.idNumber('abc').pk,
        registryKeys.memberEvent('M000001', '2026', 'e').pk,
      ]) {
        expect(
          registryPersonal.some((p) => p.test(key)),
          key,
        ).toBe(true);
      }

      for (const id of PUBLIC_FUNCTIONS) {
        const statements = statementsOf(id);
        for (const [tableId] of entriesOf(FUNCTIONS[id].tables)) {
          const arn = JSON.stringify(tableArn(tableId));
          const denial = statements.find(
            (s) => s.Effect === 'Deny' && JSON.stringify(s.Resource).includes(arn),
          );
          expect(denial, `${id} on ${tableId}`).toBeDefined();
          expect(asArray(denial?.Action ?? [])).toEqual(
            expect.arrayContaining(['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:Query']),
          );
          expect(denial?.Condition).toEqual({
            'ForAnyValue:StringLike': { 'dynamodb:LeadingKeys': [...TABLES[tableId].personalPartitions] },
          });
        }
        // The approval page shows the member from the approval request. The only registry read is the
        // decision's Query of the level's approvers (one person, one level); the payee confirmation page's
        // and the upload page's are the program catalog's (usage limits, required documents). Members'
        // partitions are denied.
        const registryReads = statements
          .filter(
            (s) =>
              s.Effect === 'Allow' &&
              JSON.stringify(s.Resource).includes(JSON.stringify(tableArn('registry'))),
          )
          .flatMap((s) => asArray(s.Action))
          .filter((a) => /Get|Query|Scan/.test(a));
        expect(registryReads, id).toEqual(
          id === 'approvalLink' || id === 'payeeLink' || id === 'uploadLink' ? ['dynamodb:Query'] : [],
        );
      }
      expect(
        statementsOf('exportDownload').filter((s) =>
          asArray(s.Action).some((a) => a.startsWith('dynamodb:')),
        ),
      ).toEqual([]);
    });
  });

  describe('9.4 the public approval page', () => {
    const ddb = mockClient(DynamoDBDocumentClient);
    const sfn = mockClient(SFNClient);
    const secretsManager = mockClient(SecretsManagerClient);
    const linkId = 'Ab3dEf6hIj9kLm2nOp5qRs';
    const claimId = 'C01KZ0000000000000000000001';
    const expiresAt = new Date(Date.now() + 3_600_000).toISOString();
    const claim = aClaim({ claimId, status: 'AWAITING_APPROVAL', version: 4, rules: rulesPassed(100000) });
    const items: Record<string, Record<string, unknown>> = {
      LINK: { linkId, claimId, level: 1, approverId: 'A-1', createdAt: claim.submittedAt, expiresAt },
      META: { ...claim },
      'APPROVAL#01': {
        claimId,
        level: 1,
        unitCode: 'BJ-HD-001',
        approverIds: ['A-1'],
        linkIds: [linkId],
        taskToken: 'task-token',
        createdAt: claim.submittedAt,
        expiresAt,
        decision: null,
        closed: false,
        notified: true,
        member: { name: '黄晓彤', idNumberMasked: '110105********1234' },
      },
    };

    beforeEach(() => {
      publicPageMocks({ ddb, sfn, secretsManager }, items);
      sfn.on(SendTaskSuccessCommand).resolves({});
    });

    it('shows the member as copied into the approval request, and reads no item of the member registry', async () => {
      const event = getEvent(`/a/${linkId}`, 'GET /a/{linkId}', { linkId }, null);
      event.headers = { host: 'u.union.example', accept: 'text/html' };

      const result = await invoke(approvalLink, event);

      expect(result.statusCode).toBe(200);
      expect(String(result.body)).toContain('黄晓彤');
      expect(String(result.body)).toContain('110105********1234');
      const tables = ddb.calls().map((call) => (call.args[0].input as { TableName?: string }).TableName);
      expect(tables.length).toBeGreaterThan(0);
      expect(tables.filter((table) => table !== process.env.CLAIMS_TABLE)).toEqual([]);
    });
  });

  describe('9.5 the public payee confirmation page', () => {
    const ddb = mockClient(DynamoDBDocumentClient);
    const sfn = mockClient(SFNClient);
    const secretsManager = mockClient(SecretsManagerClient);
    const token = 'Pq3dEf6hIj9kLm2nOp5qRs';
    const changeId = 'Ch3dEf6hIj9kLm2n';
    const claimId = 'C01KZ0000000000000000000003';
    const at = '2026-12-05T00:00:00.000Z';
    const claim = aClaim({
      claimId,
      at,
      status: 'PAYOUT_RETURNED',
      version: 9,
      rules: rulesPassed(100000),
      payout: {
        payoutId: `P${claimId.slice(1)}`,
        amountFen: 100000,
        paidAt: at,
        returned: { at, reason: '账户已销户' },
      },
    });
    const items: Record<string, Record<string, unknown>> = {
      META: { ...claim },
      PAYEELINK: { claimId, changeId, expiresAt: '2099-01-01T00:00:00.000Z' },
      [`PAYEECHANGE#${changeId}`]: {
        changeId,
        claimId,
        memberId: 'M000001',
        round: 2,
        payeeMasked: { name: '黄晓彤', bankName: '建行', accountMasked: '****7777' },
        payeeHash: 'a'.repeat(64),
        requestedBy: { kind: 'staff', id: 'S-1' },
        requestedAt: at,
        expiresAt: '2099-01-01T00:00:00.000Z',
        linkHash: 'h',
        status: 'PENDING',
      },
    };
    const claimsPersonal = TABLES.claims.personalPartitions.map(likePattern);

    beforeEach(() => {
      publicPageMocks({ ddb, sfn, secretsManager }, items);
      sfn.on(StartExecutionCommand).resolves({ executionArn: 'arn', startDate: new Date() });
    });

    it('9.5 confirming new payee details reads and writes no payee item, and starts the payout round', async () => {
      // Prepare
      const event = getEvent(`/p/${token}`, 'POST /p/{token}', { token }, null);
      event.requestContext.http.method = 'POST';
      event.headers = {
        host: 'u.union.example',
        origin: 'https://u.union.example',
        accept: 'application/json',
        'content-type': 'application/x-www-form-urlencoded',
      };
      event.body = new URLSearchParams({ csrf: csrfToken('k'.repeat(40), `payee:${token}`) }).toString();
      // Act
      const result = await invoke(payeeLink, event);
      // Assess
      expect(result.statusCode).toBe(200);
      const keys = ddb.calls().flatMap((call) => {
        const input = call.args[0].input as {
          Key?: { pk: string };
          ExpressionAttributeValues?: Record<string, unknown>;
          TransactItems?: Record<string, { Key?: { pk: string }; Item?: { pk: string } }>[];
        };
        return [
          input.Key?.pk,
          input.ExpressionAttributeValues?.[':pk'],
          ...(input.TransactItems ?? []).flatMap((item) =>
            Object.values(item).map((op) => op.Key?.pk ?? op.Item?.pk),
          ),
        ].filter((pk): pk is string => typeof pk === 'string');
      });
      expect(keys).toContain(`CLAIM#${claimId}`);
      expect(keys.filter((pk) => claimsPersonal.some((p) => p.test(pk)))).toEqual([]);
      const writes = ddb
        .commandCalls(TransactWriteCommand)
        .flatMap((c) => c.args[0].input.TransactItems ?? []);
      expect(writes.some((w) => w.Update?.Key?.sk === `PAYEECHANGE#${changeId}`)).toBe(true);
      const started = sfn.commandCalls(StartExecutionCommand).map((c) => c.args[0].input.name);
      expect(started).toEqual([`${claimId}-pay2`]);
    });
  });

  it('11 no state machine logs execution data (task tokens, personal fields)', () => {
    const machines = Object.entries(resourcesOf('AWS::StepFunctions::StateMachine'));
    expect(machines.length).toBe(2);
    for (const [id, machine] of machines) {
      expect(machine.Properties.LoggingConfiguration, id).toMatchObject({ IncludeExecutionData: false });
    }
  });
});
