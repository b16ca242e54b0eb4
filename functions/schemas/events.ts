import * as z from 'zod';
import { BANK_RESULTS_PREFIX } from '../domain/payments/bank-channel.ts';

/** The EventBridge event `Step Functions Execution Status Change` (source `aws.states`), as far as it is read. */
export const ExecutionStatusChange = z.object({
  source: z.literal('aws.states'),
  'detail-type': z.literal('Step Functions Execution Status Change'),
  detail: z.object({
    executionArn: z.string().min(1),
    name: z.string().min(1).max(80),
    status: z.string().min(1),
    input: z.string().nullish(),
    error: z.string().nullish(),
    cause: z.string().nullish(),
  }),
});

/** The EventBridge "Object Created" event of the bank-drop bucket. */
export const BankResultCreated = z.object({
  detail: z.object({
    bucket: z.object({ name: z.string().min(1) }),
    object: z.object({
      key: z.string().startsWith(BANK_RESULTS_PREFIX),
      'version-id': z.string().optional(),
    }),
  }),
});

/** The EventBridge "Object Created" event of the documents bucket (an upload form's file arrived). */
export const DocumentObjectCreated = z.object({
  detail: z.object({
    bucket: z.object({ name: z.string().min(1) }),
    object: z.object({ key: z.string().startsWith('claims/'), size: z.number().optional() }),
  }),
});
