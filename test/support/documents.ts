import { createHash, randomUUID } from 'node:crypto';
import { SFNClient } from '@aws-sdk/client-sfn';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { DynamoClaimsStore } from '../../functions/adapters/dynamodb/claims-store.ts';
import { documentClient } from '../../functions/adapters/dynamodb/client.ts';
import { DynamoDocumentWaits } from '../../functions/adapters/dynamodb/document-waits.ts';
import { DynamoProgramsStore } from '../../functions/adapters/dynamodb/programs-store.ts';
import { SfnWorkflow } from '../../functions/adapters/sfn-workflow.ts';
import { documentsComplete } from '../../functions/usecases/awaiting-documents.ts';
import { claimVersion } from '../../functions/usecases/claim-version.ts';
import { LOCAL_CREDENTIALS } from '../../infra/local/dynamodb-local.ts';
import { REGION } from '../../infra/local/runtime.ts';
import type { ApiClient, TestStack } from './local-stack.ts';

/** The stores of the stack's tables and its Step Functions endpoint, as the handlers wire them. */
export function documentDeps(stack: TestStack) {
  const doc = documentClient(stack.ddb);
  const { claims, registry } = stack.runtime.tables;
  const sfn = new SFNClient({
    endpoint: stack.runtime.sfnUrl,
    region: REGION,
    credentials: LOCAL_CREDENTIALS,
  });
  return {
    claims: new DynamoClaimsStore(doc, claims, registry),
    programs: new DynamoProgramsStore(doc, registry),
    documentWaits: new DynamoDocumentWaits(doc, claims),
    workflow: new SfnWorkflow(sfn, stack.runtime.stateMachineArn),
    now: () => new Date(),
  };
}

/** A STORED document item of the claim (the shared data model), as an upload leaves it once verified. */
export async function putStoredDocument(stack: TestStack, claimId: string, kind: string): Promise<void> {
  const documentId = randomUUID().replaceAll('-', '');
  const bytes = Buffer.from(`%PDF-1.4 ${kind} ${documentId}`);
  const at = new Date().toISOString();
  await documentClient(stack.ddb).send(
    new PutCommand({
      TableName: stack.runtime.tables.claims,
      Item: {
        pk: `CLAIM#${claimId}`,
        sk: `DOC#${documentId}`,
        documentId,
        claimId,
        kind,
        contentType: 'application/pdf',
        bytes: bytes.length,
        sha256: createHash('sha256').update(bytes).digest('hex'),
        status: 'STORED',
        objectKey: `claims/${claimId}/${documentId}`,
        uploadedBy: 'test',
        uploadedAt: at,
        storedAt: at,
      },
    }),
  );
}

/** A document of the claim becomes STORED, and what follows a stored document runs (the claim resumes). */
export async function storeDocument(stack: TestStack, claimId: string, kind: string): Promise<void> {
  await putStoredDocument(stack, claimId, kind);
  const deps = documentDeps(stack);
  const claim = await deps.claims.get(claimId);
  if (claim === null) throw new Error(`no claim ${claimId}`);
  await documentsComplete(deps, claim);
}

/**
 * A claim of a benefit that requires documents waits for them (AWAITING_DOCUMENTS): once it does, the
 * member's documents are stored, each required kind, and the claim goes on. Returns the claim as it
 * stands after its wait (or as it was, when it never waited).
 */
export async function provideDocuments(
  stack: TestStack,
  api: ApiClient,
  claimId: string,
): Promise<Record<string, unknown>> {
  const claim = await api.waitFor(claimId, [
    'AWAITING_DOCUMENTS',
    'AWAITING_APPROVAL',
    'AWAITING_CORRECTION',
    'REJECTED',
    'FAILED',
  ]);
  if (claim.status !== 'AWAITING_DOCUMENTS') return claim;
  const deps = documentDeps(stack);
  const stored = await deps.claims.get(claimId);
  const version = stored === null ? null : await claimVersion(deps.programs, stored);
  const benefit = version?.benefits.find((b) => b.id === stored?.benefit);
  for (const kind of benefit?.requiredDocuments ?? []) await storeDocument(stack, claimId, kind);
  return api.waitFor(claimId, ['AWAITING_APPROVAL', 'REJECTED', 'FAILED']);
}
