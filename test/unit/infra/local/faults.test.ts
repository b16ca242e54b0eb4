import { DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';
import { describe, expect, it } from 'vitest';
import { isTransient } from '../../../../functions/step/step-errors.ts';
import { faultInjector, parseFaults } from '../../../../infra/local/faults.ts';

/** A client whose calls never leave the process: the last initialize middleware answers, counting calls. */
function offlineClient(plugin: ReturnType<typeof faultInjector>['dynamodbPlugin']) {
  const client = new DynamoDBClient({
    region: 'us-east-1',
    credentials: { accessKeyId: 'x', secretAccessKey: 'x' },
  });
  const sent = { count: 0 };
  client.middlewareStack.use(plugin);
  client.middlewareStack.add(
    () => async () => {
      sent.count++;
      return { output: { $metadata: {} } } as never;
    },
    { step: 'initialize', priority: 'low', name: 'offline' },
  );
  return { client, sent };
}

const get = new GetItemCommand({ TableName: 't', Key: { pk: { S: 'a' } } });

describe('fault injection of the local runtime', () => {
  it('parses a spec and rejects a bad one', () => {
    // Act
    const spec = parseFaults('dynamodb=0.05,handler=0.05,timeout=0.02,seed=7,only=payout+markFailed,hang=50');
    // Assess
    expect(spec).toEqual({
      dynamodb: 0.05,
      handler: 0.05,
      timeout: 0.02,
      seed: 7,
      only: ['payout', 'markFailed'],
      hangMs: 50,
    });
    expect(() => parseFaults('dynamodb=2')).toThrow(/share/);
    expect(() => parseFaults('dynamo=0.1')).toThrow(/unknown dynamo/);
    expect(() => parseFaults('only=nope')).toThrow(/no function/);
    expect(() => parseFaults('handler=0.6,timeout=0.6')).toThrow(/exceed/);
  });

  it('fails an invocation as Lambda would, before the handler runs', async () => {
    // Prepare
    const faults = faultInjector(parseFaults('handler=1'));
    let ran = 0;
    const invoke = faults.wrap('payout', async () => ++ran);
    // Act
    const error = await invoke({}).catch((e: unknown) => e as Error);
    // Assess
    expect(error).toMatchObject({ name: 'Lambda.ServiceException' });
    expect(ran).toBe(0);
    expect(faults.counts).toMatchObject({ invocations: 1, handler: 1 });
  });

  it('times an invocation out after its work is done, and leaves functions outside `only` alone', async () => {
    // Prepare
    const faults = faultInjector(parseFaults('timeout=1,hang=0,only=payout'));
    let ran = 0;
    const payout = faults.wrap('payout', async () => ++ran);
    const markFailed = faults.wrap('markFailed', async () => ++ran);
    // Act
    const error = await payout({}).catch((e: unknown) => e as Error);
    const other = await markFailed({});
    // Assess
    expect(error).toMatchObject({ name: 'Sandbox.Timedout' });
    expect(ran).toBe(2);
    expect(other).toBe(2);
    expect(faults.counts).toMatchObject({ invocations: 1, timeout: 1 });
  });

  it('fails DynamoDB calls inside a handler only, with an error our steps retry, half of them after the call', async () => {
    // Prepare
    const faults = faultInjector(parseFaults('dynamodb=1,seed=3'));
    const { client, sent } = offlineClient(faults.dynamodbPlugin);
    const outside = await client.send(get);
    const errors: unknown[] = [];
    const handler = faults.wrap('getClaim', async () => {
      for (let i = 0; i < 40; i++) await client.send(get).catch((e: unknown) => errors.push(e));
      return null;
    });
    // Act
    await handler({});
    // Assess
    expect(outside.$metadata).toEqual({});
    expect(errors).toHaveLength(40);
    expect(errors.every(isTransient)).toBe(true);
    expect(sent.count - 1).toBeGreaterThan(5);
    expect(sent.count - 1).toBeLessThan(35);
    expect(faults.counts).toMatchObject({ dynamodbCalls: 40, dynamodb: 40 });
    client.destroy();
  });

  it('repeats its draws for the same seed', async () => {
    // Prepare
    const run = async () => {
      const faults = faultInjector(parseFaults('handler=0.3,timeout=0.2,hang=0,seed=42'));
      const invoke = faults.wrap('assessClaim', async () => 'ok');
      const outcomes: string[] = [];
      for (let i = 0; i < 50; i++)
        outcomes.push(String(await invoke({}).catch((e: unknown) => (e as Error).name)));
      return outcomes.join(',');
    };
    // Act
    const first = await run();
    const second = await run();
    // Assess
    expect(first).toBe(second);
    expect(first).toContain('Lambda.ServiceException');
    expect(first).toContain('Sandbox.Timedout');
  });
});
