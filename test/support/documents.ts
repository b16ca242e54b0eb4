import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { SFNClient } from '@aws-sdk/client-sfn';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { DynamoClaimsStore } from '../../functions/adapters/dynamodb/claims-store.ts';
import { documentClient } from '../../functions/adapters/dynamodb/client.ts';
import { DynamoDocumentHashes } from '../../functions/adapters/dynamodb/document-hashes.ts';
import { DynamoDocumentWaits } from '../../functions/adapters/dynamodb/document-waits.ts';
import { DynamoDocumentsStore } from '../../functions/adapters/dynamodb/documents-store.ts';
import { DynamoProgramsStore } from '../../functions/adapters/dynamodb/programs-store.ts';
import { ExifImageDates } from '../../functions/adapters/image-dates.ts';
import { LocalDocumentFiles } from '../../functions/adapters/local-document-files.ts';
import { SfnWorkflow } from '../../functions/adapters/sfn-workflow.ts';
import { claimVersion } from '../../functions/usecases/claim-version.ts';
import { acceptDocument } from '../../functions/usecases/documents.ts';
import { LOCAL_CREDENTIALS } from '../../infra/local/dynamodb-local.ts';
import { localKeys } from '../../infra/local/local-idp.ts';
import { REGION } from '../../infra/local/runtime.ts';
import { pdfInvoice, sha256 } from '../fixtures/documents.ts';
import type { ApiClient, TestStack } from './local-stack.ts';

/** The stores of the stack's tables, its documents folder and its Step Functions endpoint, as the handlers wire them. */
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
    documents: new DynamoDocumentsStore(doc, claims),
    documentFiles: new LocalDocumentFiles(
      join(stack.dataDir, 'documents'),
      stack.runtime.apiUrl,
      async () => (await localKeys(stack.dataDir)).keys.documentLink,
    ),
    documentWaits: new DynamoDocumentWaits(doc, claims),
    documentHashes: new DynamoDocumentHashes(doc, claims),
    imageDates: new ExifImageDates(),
    workflow: new SfnWorkflow(sfn, stack.runtime.stateMachineArn),
    now: () => new Date(),
  };
}

/**
 * A STORED document item of the claim written straight into the table (the shared data model), with no
 * audit event and nothing after it: as a document stored by an upload whose resume was lost.
 */
export async function putStoredDocument(stack: TestStack, claimId: string, kind: string): Promise<void> {
  const documentId = randomBytes(16).toString('base64url');
  const bytes = pdfInvoice(`${kind} ${documentId}`);
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
        sha256: sha256(bytes),
        status: 'STORED',
        objectKey: `claims/${claimId}/documents/${documentId}`,
        uploadedBy: 'test',
        uploaderKind: 'member',
        uploadedAt: at,
        storedAt: at,
      },
    }),
  );
}

/** The member's document of a kind is checked and stored as an upload stores it, with all that follows. */
export async function storeDocument(stack: TestStack, claimId: string, kind: string): Promise<void> {
  const claim = await documentDeps(stack).claims.get(claimId);
  if (claim === null) throw new Error(`no claim ${claimId}`);
  const bytes = pdfInvoice(`${kind} of ${claimId} ${randomBytes(4).toString('hex')}`);
  await acceptDocument(documentDeps(stack), {
    claimId,
    kind,
    contentType: 'application/pdf',
    bytes,
    declaredSha256: sha256(bytes),
    uploadedBy: claim.memberId,
    uploaderKind: 'member',
  });
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
