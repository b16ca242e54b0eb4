import { join } from 'node:path';
import { CfnOutput, Names, Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { ENV } from '../functions/config.ts';
import { ClaimsApi } from './constructs/api.ts';
import { AuditArchiveStorage } from './constructs/audit-archive.ts';
import { BankDrop } from './constructs/bank-drop.ts';
import { ClaimFunction } from './constructs/claim-function.ts';
import { StaffConsole } from './constructs/console.ts';
import { DocumentStorage } from './constructs/documents.ts';
import { ExecutionEndedRule } from './constructs/execution-events.ts';
import { ExportWorkflow } from './constructs/export-workflow.ts';
import { ExportStorage } from './constructs/exports.ts';
import { cognitoDomainUrl, MemberIdentity } from './constructs/identity.ts';
import { Monitoring } from './constructs/monitoring.ts';
import { Notifications } from './constructs/notifications.ts';
import { entriesOf, pascalCase } from './constructs/project.ts';
import { ScheduledJobs } from './constructs/schedules.ts';
import { AppSecrets } from './constructs/secrets.ts';
import { DataTables } from './constructs/tables.ts';
import { ClaimWorkflow } from './constructs/workflow.ts';
import { EXECUTION_ENDED_RULE } from './execution-events.ts';
import { FUNCTIONS, type FunctionId } from './functions.ts';
import { SCHEDULES } from './schedules.ts';

export interface UnionClaimsStackProps extends StackProps {
  /** Base of approval links, e.g. `https://u.union.example` (short, for SMS). */
  readonly linkBaseUrl: string;
  /** The SES-verified sender of approval e-mails. */
  readonly sesFromAddress: string;
  /** Subscribed by e-mail to the alarm topic (context `alarmEmail`), if given. */
  readonly alarmEmail?: string | undefined;
  /** The hosted UI's domain prefix (context `cognitoDomainPrefix`); by default one made from the stack's path. */
  readonly cognitoDomainPrefix?: string | undefined;
  /** Where `npm run build:console` put the console (default console/dist). */
  readonly consoleBuiltDir?: string | undefined;
}

/** The whole benefit-claims system in AWS; every part is built from the shared definitions. */
export class UnionClaimsStack extends Stack {
  readonly functions: Readonly<Record<FunctionId, ClaimFunction>>;
  readonly tables: DataTables;
  readonly workflow: ClaimWorkflow;
  readonly executionEnded: ExecutionEndedRule;
  readonly identity: MemberIdentity;
  readonly api: ClaimsApi;
  readonly jobs: ScheduledJobs;
  readonly exports: ExportStorage;
  readonly exportWorkflow: ExportWorkflow;
  readonly secrets: AppSecrets;
  readonly auditArchive: AuditArchiveStorage;
  readonly bankDrop: BankDrop;
  readonly documents: DocumentStorage;
  readonly monitoring: Monitoring;
  readonly staffConsole: StaffConsole;

  constructor(scope: Construct, id: string, props: UnionClaimsStackProps) {
    super(scope, id, props);

    this.tables = new DataTables(this, 'Tables');
    const secrets = new AppSecrets(this, 'Secrets');
    this.secrets = secrets;

    const functions = entriesOf(FUNCTIONS).map(([functionId, def]) => {
      const fn = new ClaimFunction(this, `${pascalCase(functionId)}Function`, {
        functionId,
        environment: { [ENV.linkBaseUrl]: props.linkBaseUrl },
      });
      secrets.bind(fn);
      for (const [tableId, access] of entriesOf(def.tables)) fn.bindTable(this.tables.byId[tableId], access);
      return [functionId, fn] as const;
    });
    this.functions = Object.fromEntries(functions) as Record<FunctionId, ClaimFunction>;
    const all = Object.values(this.functions);

    const tasks = all.flatMap((fn) => (fn.def.aslArn === undefined ? [] : [[fn.def.aslArn, fn] as const]));
    this.workflow = new ClaimWorkflow(this, 'Workflow', { tasks: Object.fromEntries(tasks) });
    for (const fn of all) {
      if (fn.def.startsWorkflow === true) this.workflow.grantStartExecution(fn);
      if (fn.def.sendsTaskResult === true) this.workflow.grantTaskResponse(fn);
    }

    this.executionEnded = new ExecutionEndedRule(this, 'ExecutionEnded', {
      stateMachineArn: this.workflow.stateMachine.stateMachineArn,
      target: this.functions[EXECUTION_ENDED_RULE.functionId],
    });

    const notifications = new Notifications(this, 'Notifications', { sesFromAddress: props.sesFromAddress });
    for (const fn of all) {
      if (fn.def.notifies === true) notifications.allow(fn);
    }

    this.exports = new ExportStorage(this, 'Exports');
    for (const fn of all) this.exports.bind(fn);
    this.exportWorkflow = new ExportWorkflow(this, 'ExportWorkflow', { worker: this.functions.exportWorker });
    for (const fn of all) if (fn.def.startsExport === true) this.exportWorkflow.grantStart(fn);
    this.bankDrop = new BankDrop(this, 'BankDrop', {
      applier: this.functions.bankDrop,
      accessLogs: this.exports.accessLogs,
    });

    this.documents = new DocumentStorage(this, 'Documents', {
      accessLogs: this.exports.accessLogs,
      uploadOrigin: new URL(props.linkBaseUrl).origin,
      // The staff console posts big files' forms from its CloudFront address. Naming that distribution would
      // be a cycle (its CSP names this bucket): CloudFront's domain instead. The form's signed policy is the
      // credential; CORS only lets the console read S3's empty answer and see the upload's progress.
      moreUploadOrigins: ['https://*.cloudfront.net'],
    });
    for (const fn of all) this.documents.bind(fn);

    this.auditArchive = new AuditArchiveStorage(this, 'AuditArchive');
    for (const fn of all) {
      this.auditArchive.bind(fn);
      if (fn.def.claimsStream === true) this.auditArchive.feedFromStream(fn, this.tables.byId.claims);
    }

    // The staff console first: the Cognito client's callback names its address. The API comes after and is
    // served on the console's own origin (so it needs no CORS for the console).
    const domainPrefix =
      props.cognitoDomainPrefix ??
      Names.uniqueResourceName(this, { maxLength: 40, separator: '-' }).toLowerCase();
    this.staffConsole = new StaffConsole(this, 'Console', {
      cognitoDomainUrl: cognitoDomainUrl(this, domainPrefix),
      builtDir: props.consoleBuiltDir ?? join(import.meta.dirname, '..', 'console', 'dist'),
      // Big files (a bank's result, a member list) go by POST /uploads' signed form straight to this bucket.
      uploadOrigins: [`https://${this.documents.bucket.bucketRegionalDomainName}`],
    });
    this.identity = new MemberIdentity(this, 'Identity', {
      domainPrefix,
      consoleUrl: this.staffConsole.url,
      devConsoleUrls: ['http://localhost:3000/console/'],
    });
    this.api = new ClaimsApi(this, 'Api', {
      functions: this.functions,
      userPool: this.identity.userPool,
      userPoolClient: this.identity.client,
    });
    this.staffConsole.deploy({
      httpApi: this.api.httpApi,
      userPoolClientId: this.identity.client.userPoolClientId,
    });

    this.jobs = new ScheduledJobs(this, 'Schedules', { schedules: SCHEDULES, functions: this.functions });
    this.monitoring = new Monitoring(this, 'Monitoring', {
      stateMachine: this.workflow.stateMachine,
      functions: this.functions,
      httpApi: this.api.httpApi,
      scheduleDeadLetters: this.jobs.deadLetters,
      alarmEmail: props.alarmEmail,
    });

    new CfnOutput(this, 'ApiUrl', { value: this.api.url, description: 'Base URL of the HTTP API' });
    new CfnOutput(this, 'UserPoolId', { value: this.identity.userPool.userPoolId });
    new CfnOutput(this, 'UserPoolClientId', { value: this.identity.client.userPoolClientId });
    new CfnOutput(this, 'ConsoleUrl', {
      value: this.staffConsole.url,
      description: 'The staff console (sign-in by the Cognito hosted UI)',
    });
    new CfnOutput(this, 'StateMachineArn', { value: this.workflow.stateMachine.stateMachineArn });
    new CfnOutput(this, 'ExportBucketName', {
      value: this.exports.bucket.bucketName,
      description: 'Evaluation exports (encrypted, versioned, TLS only, no public access)',
    });
    new CfnOutput(this, 'DocumentsBucketName', {
      value: this.documents.bucket.bucketName,
      description: 'Claims documents (private, encrypted, versioned, TLS only; uploads by presigned POST)',
    });
    new CfnOutput(this, 'AuditArchiveBucketName', {
      value: this.auditArchive.bucket.bucketName,
      description:
        'Audit archive (Object Lock, compliance mode): npm run verify-audit -- --aws --archive-bucket',
    });
    for (const table of Object.values(this.tables.byId)) {
      new CfnOutput(this, `${pascalCase(table.def.id)}TableName`, {
        value: table.tableName,
        description: `Sets ${table.envVar}`,
      });
    }
  }
}
