import { DynamoDBDocumentClient, GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { handler } from '../../../functions/handlers/execution-status-changed.ts';
import { stubHandlerEnv } from '../../support/handler-env.ts';
import { invoke } from '../../support/lambda.ts';

const ddb = mockClient(DynamoDBDocumentClient);
const CLAIM_ID = 'C01KZ0000000000000000000009';
const EXECUTION_ARN = `arn:aws:states:us-east-1:000000000000:execution:Claim:${CLAIM_ID}-pay2`;

function statusChange(status: string, input = JSON.stringify({ claimId: CLAIM_ID, repay: true })) {
  return {
    version: '0',
    id: 'e1',
    'detail-type': 'Step Functions Execution Status Change',
    source: 'aws.states',
    account: '000000000000',
    time: '2026-12-05T10:00:00Z',
    region: 'us-east-1',
    resources: [EXECUTION_ARN],
    detail: {
      executionArn: EXECUTION_ARN,
      stateMachineArn: 'arn:aws:states:us-east-1:000000000000:stateMachine:Claim',
      name: `${CLAIM_ID}-pay2`,
      status,
      startDate: 1,
      stopDate: 2,
      input,
      inputDetails: { included: true },
      output: null,
      outputDetails: null,
      error: 'Withdrawn',
      cause: 'by staff',
    },
  };
}

describe('executionStatusChanged handler', () => {
  beforeEach(() => {
    stubHandlerEnv();
    ddb.reset();
    ddb.on(TransactWriteCommand).resolves({});
  });

  it('ignores a status the rule does not close claims on, reading nothing', async () => {
    expect(await invoke(handler, statusChange('SUCCEEDED'))).toEqual({ ignored: 'SUCCEEDED' });
    expect(ddb.calls()).toHaveLength(0);
  });

  it("leaves a claim that is already final as it is (a repeated or late event), found by the input's claimId", async () => {
    ddb
      .on(GetCommand, { Key: { pk: `CLAIM#${CLAIM_ID}`, sk: 'META' } })
      .resolves({ Item: { claimId: CLAIM_ID, status: 'PAID', version: 7 } });
    expect(await invoke(handler, statusChange('ABORTED'))).toEqual({
      claimId: CLAIM_ID,
      status: 'PAID',
      closed: false,
    });
    expect(ddb.commandCalls(TransactWriteCommand)).toHaveLength(0);
  });

  it('answers unknown for an execution whose claim does not exist, its claim read from the name when the input is unreadable', async () => {
    ddb.on(GetCommand).resolves({});
    expect(await invoke(handler, statusChange('TIMED_OUT', 'not json'))).toEqual({
      claimId: CLAIM_ID,
      status: 'unknown',
      closed: false,
    });
  });

  it('rejects an event that is not a Step Functions status change, without retry', async () => {
    await expect(invoke(handler, { source: 'aws.s3', detail: {} })).rejects.toMatchObject({
      name: 'InvalidStepInput',
    });
  });
});
