import { ENV } from './config.ts';
import type { ArchiveDigestStore } from './ports/archive-digest-store.ts';
import type { AuditArchive } from './ports/audit-archive.ts';
import type { AuditDigestStore } from './ports/audit-digest-store.ts';
import type { DocumentFiles } from './ports/document-files.ts';
import { type Part, part } from './wiring/part.ts';

export { type Part, resetParts, wire } from './wiring/part.ts';

/** How long a level's links live when the workflow does not say (it passes the program's escalateAfterSeconds). */
export const APPROVAL_TTL_SECONDS = 72 * 3600;

/**
 * The parts a handler is wired from, one export a port of `Deps` (usecases/deps.ts) under the same name:
 * a handler names the ones it uses (`wire({ claims, registry, now })`), so its bundle holds only those
 * adapters and clients. Each is built from the environment on first use, once per container (SDK clients
 * reused across invocations). Every part is marked pure so that esbuild drops the ones a handler does not
 * name, with what they import.
 */
const claimsTable = () => process.env[ENV.claimsTable] ?? '';
const registryTable = () => process.env[ENV.registryTable] ?? '';

/** The DynamoDB document client all stores share (its calls traced in AWS: the two share one middleware stack). */
export const dynamo = /* @__PURE__ */ part(async () => {
  const [{ documentClient }, { traced }] = await Promise.all([
    import('./adapters/dynamodb/client.ts'),
    import('./tracing/tracer.ts'),
  ]);
  return traced(documentClient());
});

/**
 * Locally every committed event is appended to the archive file; in AWS the table's stream archives
 * events, and the functions that verify read the bucket (`auditArchive`).
 */
export const localArchive = /* @__PURE__ */ part(async () => {
  const file = process.env[ENV.auditArchiveFile];
  if (!file) return undefined;
  const { LocalAuditArchive } = await import('./adapters/local-audit-archive.ts');
  return new LocalAuditArchive(file);
});

/** The archive the verifying functions read: the local file, or in AWS the Object Lock bucket (null: none). */
export const auditArchive = /* @__PURE__ */ part(async (): Promise<AuditArchive | null> => {
  const local = await localArchive();
  if (local !== undefined) return local;
  const bucket = process.env[ENV.auditArchiveBucket];
  return bucket ? await (await import('./wiring/audit-archive.ts')).bucketArchive(bucket) : null;
});

/**
 * The claims store, counting claim events as they commit (adapters/metrics/metered-claims-store.ts) and,
 * where tracing is on, annotating the trace with the claim's program and tier.
 */
export const claims = /* @__PURE__ */ part(async () => {
  const [{ DynamoClaimsStore }, { meteredClaimsStore }, { EmfMetrics }, doc, archive] = await Promise.all([
    import('./adapters/dynamodb/claims-store.ts'),
    import('./adapters/metrics/metered-claims-store.ts'),
    import('./adapters/metrics/emf-metrics.ts'),
    dynamo(),
    localArchive(),
  ]);
  const store = meteredClaimsStore(
    new DynamoClaimsStore(doc, claimsTable(), registryTable(), archive),
    new EmfMetrics(),
  );
  const { tracingOn } = await import('./tracing/tracer.ts');
  if (!tracingOn()) return store;
  return (await import('./tracing/annotated-claims-store.ts')).annotatedClaimsStore(store);
});

/** A store of one table, from its module: `store(() => import(...), (m, doc) => new m.Store(doc, table))`. */
function store<M, T>(
  load: () => Promise<M>,
  build: (module: M, doc: Awaited<ReturnType<typeof dynamo>>) => T,
): Part<T> {
  return part(async () => {
    const [module, doc] = await Promise.all([load(), dynamo()]);
    return build(module, doc);
  });
}

/** How long a container keeps the registry's reference data (functions/adapters/cached-registry.ts). */
async function registryCacheMs(): Promise<number> {
  const { DEFAULT_REGISTRY_CACHE_SECONDS } = await import('./adapters/cached-registry.ts');
  const seconds = Number(process.env[ENV.registryCacheSeconds] ?? DEFAULT_REGISTRY_CACHE_SECONDS);
  return Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : 0;
}

/** The registry, its units and approvers cached per container for a short time (members never). */
export const registry = /* @__PURE__ */ part(async () => {
  const [{ DynamoRegistryStore }, { CachedRegistryStore }, doc, ttlMs] = await Promise.all([
    import('./adapters/dynamodb/registry-store.ts'),
    import('./adapters/cached-registry.ts'),
    dynamo(),
    registryCacheMs(),
  ]);
  return new CachedRegistryStore(new DynamoRegistryStore(doc, registryTable()), ttlMs);
});
/** Program versions, cached per container for a short time; an admin's change here forgets the cache. */
export const programs = /* @__PURE__ */ part(async () => {
  const [{ DynamoProgramsStore }, { CachedProgramsStore }, doc, ttlMs] = await Promise.all([
    import('./adapters/dynamodb/programs-store.ts'),
    import('./adapters/cached-registry.ts'),
    dynamo(),
    registryCacheMs(),
  ]);
  return new CachedProgramsStore(new DynamoProgramsStore(doc, registryTable()), ttlMs);
});
export const budgets = /* @__PURE__ */ store(
  () => import('./adapters/dynamodb/budgets-store.ts'),
  (m, doc) => new m.DynamoBudgetsStore(doc, registryTable()),
);
/** Approvers' deputies; a unit's delegations cached per container as long as its approvers (cached-delegations.ts). */
export const delegations = /* @__PURE__ */ part(async () => {
  const [{ DynamoDelegationsStore }, { CachedDelegationsStore }, doc, ttlMs] = await Promise.all([
    import('./adapters/dynamodb/delegations-store.ts'),
    import('./adapters/cached-delegations.ts'),
    dynamo(),
    registryCacheMs(),
  ]);
  return new CachedDelegationsStore(new DynamoDelegationsStore(doc, registryTable()), ttlMs);
});
export const visits = /* @__PURE__ */ store(
  () => import('./adapters/dynamodb/visits-store.ts'),
  (m, doc) => new m.DynamoVisitsStore(doc, claimsTable()),
);
export const tickets = /* @__PURE__ */ store(
  () => import('./adapters/dynamodb/tickets-store.ts'),
  (m, doc) => new m.DynamoTicketsStore(doc, claimsTable()),
);
/** Claims waiting for required documents: their task tokens and the members' upload links. */
export const documentWaits = /* @__PURE__ */ store(
  () => import('./adapters/dynamodb/document-waits.ts'),
  (m, doc) => new m.DynamoDocumentWaits(doc, claimsTable()),
);
export const usage = /* @__PURE__ */ store(
  () => import('./adapters/dynamodb/usage-ledger.ts'),
  (m, doc) => new m.DynamoUsageLedger(doc, claimsTable()),
);
export const fundsQueue = /* @__PURE__ */ store(
  () => import('./adapters/dynamodb/funds-queue.ts'),
  (m, doc) => new m.DynamoFundsQueue(doc, claimsTable()),
);
export const feedback = /* @__PURE__ */ store(
  () => import('./adapters/dynamodb/feedback-store.ts'),
  (m, doc) => new m.DynamoFeedbackStore(doc, claimsTable()),
);
export const fraud = /* @__PURE__ */ store(
  () => import('./adapters/dynamodb/fraud-store.ts'),
  (m, doc) => new m.DynamoFraudStore(doc, claimsTable()),
);
export const payments = /* @__PURE__ */ store(
  () => import('./adapters/dynamodb/payments-store.ts'),
  (m, doc) => new m.DynamoPaymentsStore(doc, claimsTable()),
);
export const documents = /* @__PURE__ */ store(
  () => import('./adapters/dynamodb/documents-store.ts'),
  (m, doc) => new m.DynamoDocumentsStore(doc, claimsTable()),
);
/** Stored documents by SHA-256: the duplicate check's index in the claims table. */
export const documentHashes = /* @__PURE__ */ store(
  () => import('./adapters/dynamodb/document-hashes.ts'),
  (m, doc) => new m.DynamoDocumentHashes(doc, claimsTable()),
);
export const uploads = /* @__PURE__ */ store(
  () => import('./adapters/dynamodb/uploads-store.ts'),
  (m, doc) => new m.DynamoUploadsStore(doc, claimsTable()),
);
/** Documents' bytes: files under DOCUMENTS_DIR locally (served by the local API), else the documents bucket. */
export const documentFiles = /* @__PURE__ */ part(async (): Promise<DocumentFiles> => {
  const dir = process.env[ENV.documentsDir];
  if (dir) {
    const { LocalDocumentFiles } = await import('./adapters/local-document-files.ts');
    const base = (process.env[ENV.linkBaseUrl] ?? '').replace(/\/+$/, '');
    return new LocalDocumentFiles(dir, base, async () => (await keys()).get('documentLink'));
  }
  const [{ S3DocumentFiles }, { S3Client }, { requireEnv }] = await Promise.all([
    import('./adapters/s3-document-files.ts'),
    import('@aws-sdk/client-s3'),
    import('./config.ts'),
  ]);
  return new S3DocumentFiles(new S3Client({}), requireEnv(ENV.documentsBucket));
});
/** The claims list's indexes (GET /claims). */
export const claimList = /* @__PURE__ */ store(
  () => import('./adapters/dynamodb/claim-list.ts'),
  (m, doc) => new m.DynamoClaimList(doc, claimsTable()),
);
/** The payment batches list's indexes (GET /payment-batches). */
export const batchList = /* @__PURE__ */ store(
  () => import('./adapters/dynamodb/batch-list.ts'),
  (m, doc) => new m.DynamoBatchList(doc, claimsTable()),
);
/** The hourly snapshot of the plan's figures (GET /plan-figures). */
export const planFigures = /* @__PURE__ */ store(
  () => import('./adapters/dynamodb/plan-figures-store.ts'),
  (m, doc) => new m.DynamoPlanFiguresStore(doc, claimsTable()),
);
/** Parallel scans of both tables, for the jobs that must read them whole. */
export const scanner = /* @__PURE__ */ store(
  () => import('./adapters/dynamodb/table-scanner.ts'),
  (m, doc) => new m.DynamoTableScanner(doc, { claims: claimsTable(), registry: registryTable() }),
);
export const notifier = /* @__PURE__ */ part(async () => {
  const [m, doc] = await Promise.all([import('./wiring/notifier.ts'), dynamo()]);
  return m.buildNotifier(doc, claimsTable());
});
export const workflow = /* @__PURE__ */ part(async () =>
  (await import('./wiring/workflow.ts')).buildWorkflow(),
);

export const now = /* @__PURE__ */ part(async () => () => new Date());
/** Base of approval links, without a trailing slash. */
export const linkBaseUrl = /* @__PURE__ */ part(async () =>
  (process.env[ENV.linkBaseUrl] ?? '').replace(/\/+$/, ''),
);
/** The handler's keys (functions/wiring/keys.ts), for the functions that read one; each key is read on use. */
export const keys = /* @__PURE__ */ part(async () => (await import('./wiring/keys.ts')).buildKeys());
/** The same part under the name the local runtime and the tests reset it by (`resetParts` resets it too). */
export { keys as appKeys };
/** The key link ids are derived from; only the functions that derive link ids read it (and bundle its client). */
export const linkKey = /* @__PURE__ */ part(async () => async () => (await keys()).get('linkId'));
/** The key of the payee hashes in claims' chains; only the functions that hash or check payee details read it. */
export const payeeKey = /* @__PURE__ */ part(async () => async () => (await keys()).get('payeeAccountHash'));
export const approvalTtlSeconds = /* @__PURE__ */ part(async () => APPROVAL_TTL_SECONDS);
/** Reads the bank's result files from the bank-drop bucket (functions/wiring/bank-files.ts). */
export const bankFiles = /* @__PURE__ */ part(async () =>
  (await import('./wiring/bank-files.ts')).bankFileReader(),
);
/** The evaluation export's adapters (functions/wiring/exports.ts): the S3 client only in the export functions. */
export const exportDeps = /* @__PURE__ */ part(async () =>
  (await import('./wiring/exports.ts')).buildExportDeps(keys),
);

/** The daily digest's store: the claims table (its index of changes, and `DIGEST#<date>` items). */
export const auditDigests = /* @__PURE__ */ store(
  () => import('./adapters/dynamodb/audit-digest-store.ts'),
  (m, doc): AuditDigestStore => new m.DynamoAuditDigestStore(doc, claimsTable()),
);
/** The hourly digest's store: the archive itself (the local file or the bucket); null when none is set up. */
export const archiveDigests = /* @__PURE__ */ part(async (): Promise<ArchiveDigestStore | null> => {
  const [archive, { LocalAuditArchive }, { S3AuditArchive }] = await Promise.all([
    auditArchive(),
    import('./adapters/local-audit-archive.ts'),
    import('./adapters/s3-audit-archive.ts'),
  ]);
  return archive instanceof LocalAuditArchive || archive instanceof S3AuditArchive ? archive : null;
});
/** Operational gauges as CloudWatch metrics (EMF lines on stdout). */
export const gauges = /* @__PURE__ */ part(
  async () => new (await import('./adapters/emf-gauges.ts')).EmfGauges(),
);
/**
 * Thumbnails of stored images (sharp, a native module): only the approval link's document route names
 * it, so sharp is in that one bundle (installed for linux-arm64 beside it) and in no other.
 */
export const thumbnails = /* @__PURE__ */ part(
  async () => new (await import('./adapters/thumbnails.ts')).SharpThumbnails(),
);
/** Embedded image dates (exifr, pure JavaScript), for the fraud checks when a document is stored. */
export const imageDates = /* @__PURE__ */ part(
  async () => new (await import('./adapters/image-dates.ts')).ExifImageDates(),
);
/**
 * Where the documents' signed view links point (for a page's CSP `img-src`): the local HTTP API's origin
 * locally, the documents bucket's S3 origin (as the presigner writes it) in AWS.
 */
export const documentViewOrigin = /* @__PURE__ */ part(async () => {
  if (process.env[ENV.documentsDir]) {
    const base = process.env[ENV.linkBaseUrl] ?? '';
    return URL.canParse(base) ? new URL(base).origin : "'self'";
  }
  const bucket = process.env[ENV.documentsBucket] ?? '';
  const region = process.env.AWS_REGION ?? '';
  return bucket === '' || region === '' ? "'self'" : `https://${bucket}.s3.${region}.amazonaws.com`;
});
