import { AssetHashType, DockerImage, Duration, RemovalPolicy } from 'aws-cdk-lib';
import { Effect, PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import {
  ApplicationLogLevel,
  Architecture,
  Code,
  Function as LambdaFunction,
  LoggingFormat,
  Runtime,
  Tracing,
} from 'aws-cdk-lib/aws-lambda';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import {
  type DynamoAction,
  FUNCTIONS,
  type FunctionDef,
  type FunctionId,
  type TableAccess,
} from '../functions.ts';
import { buildLambda, installNativeModules, LAMBDA_BUNDLING, LAMBDA_ENTRY_FILE } from '../lambda-bundling.ts';
import { acknowledge } from './nag.ts';
import { powertoolsLayer } from './powertools-layer.ts';
import { PROJECT_ROOT, projectPath } from './project.ts';
import type { SchemaTable } from './tables.ts';

export interface ClaimFunctionProps {
  /** Which entry of FUNCTIONS this Lambda runs. */
  readonly functionId: FunctionId;
  readonly memorySize?: number;
  readonly timeout?: Duration;
  readonly environment?: Readonly<Record<string, string>>;
}

/**
 * Every Lambda of the system: Node.js 24 on arm64, X-Ray active tracing (the tracer from the Powertools
 * layer), its own log group kept a year (claim decisions are audit-relevant), an ESM bundle with the AWS
 * SDK inside (cold starts do not depend on the SDK version the runtime happens to ship) built at synth by
 * buildLambda (infra/lambda-bundling.ts): the handler's module and the chunks it loads with `import()` on
 * first use (code splitting, which NodejsFunction's single-file bundling cannot do), and a role that can write its own log group and nothing else until something is bound to it.
 */
export class ClaimFunction extends LambdaFunction {
  readonly functionId: FunctionId;
  readonly def: FunctionDef;

  constructor(scope: Construct, id: string, props: ClaimFunctionProps) {
    const def = FUNCTIONS[props.functionId];
    // Our own role instead of the default one with AWSLambdaBasicExecutionRole, which may create any
    // log group and write to all of them.
    const role = new Role(scope, `${id}Role`, {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: `Runs ${def.entry}`,
    });
    const logGroup = new LogGroup(scope, `${id}Logs`, {
      retention: RetentionDays.ONE_YEAR,
      removalPolicy: RemovalPolicy.RETAIN,
    });

    super(scope, id, {
      description: def.description,
      code: lambdaAsset(def.entry, def.nativeModules ?? []),
      handler: `${LAMBDA_ENTRY_FILE.replace(/\.mjs$/, '')}.handler`,
      runtime: Runtime.NODEJS_24_X,
      architecture: Architecture.ARM_64,
      tracing: Tracing.ACTIVE,
      memorySize: props.memorySize ?? def.memoryMb ?? 512,
      timeout: props.timeout ?? Duration.seconds(def.timeoutSeconds ?? 15),
      role,
      logGroup,
      loggingFormat: LoggingFormat.JSON,
      applicationLogLevelV2: ApplicationLogLevel.INFO,
      // Source maps are written beside each bundle but not loaded: `--enable-source-maps` made every cold
      // start read and parse the map (about 10 ms of CPU for a 600 KiB bundle).
      environment: { ...props.environment },
      layers: [powertoolsLayer(scope)],
    });
    this.functionId = props.functionId;
    this.def = def;
    logGroup.grantWrite(role);
    acknowledge(role, {
      rule: 'IAM5',
      finding: 'Resource::*',
      reason:
        'Added by CDK for active X-Ray tracing: xray:PutTraceSegments and xray:PutTelemetryRecords have no ' +
        'resource-level permissions. Notification rights live in a separate policy with its own acknowledgement.',
    });
  }

  /**
   * Gives the handler the table's name in its env var and exactly the declared actions on the table (and
   * the queries or scans among them on its indexes, each named). A public link function is also denied
   * the table's payee and personal partitions.
   */
  bindTable(table: SchemaTable, actions: TableAccess): void {
    this.addEnvironment(table.envVar, table.tableName);
    const indexes = table.def.indexes.map((index) => `${table.tableArn}/index/${index.name}`);
    this.addToRolePolicy(new PolicyStatement({ actions: actions.map(dynamo), resources: [table.tableArn] }));
    const onIndexes = actions.filter((action) => INDEX_ACTIONS.has(action));
    if (indexes.length > 0 && onIndexes.length > 0) {
      this.addToRolePolicy(new PolicyStatement({ actions: onIndexes.map(dynamo), resources: indexes }));
    }
    if (this.def.publicLink === true) {
      this.addToRolePolicy(
        new PolicyStatement({
          effect: Effect.DENY,
          actions: ALL_ITEM_ACTIONS,
          resources: [table.tableArn, ...indexes],
          conditions: {
            'ForAnyValue:StringLike': { 'dynamodb:LeadingKeys': [...table.def.personalPartitions] },
          },
        }),
      );
    }
  }
}

/**
 * The asset of one function: built by esbuild's API on this machine at synth (no Docker; the image is a
 * placeholder CDK requires and never pulls), hashed by what was built, so an unchanged build is not
 * uploaded again.
 */
function lambdaAsset(entry: string, nativeModules: readonly string[]): Code {
  return Code.fromAsset(PROJECT_ROOT, {
    assetHashType: AssetHashType.OUTPUT,
    bundling: {
      image: DockerImage.fromRegistry('dummy'),
      // CDK keys its bundling cache on the source folder and the bundling options, the same for every
      // function but for these (the local build never reads them): each function gets its own asset.
      environment: { LAMBDA_ENTRY: entry, NATIVE_MODULES: nativeModules.join(',') },
      local: {
        tryBundle(outputDir: string): boolean {
          if (nativeModules.length === 0) {
            buildLambda(projectPath(entry), outputDir, PROJECT_ROOT);
            return true;
          }
          // Native code (sharp) stays out of the bundle, installed beside it for Lambda's platform.
          buildLambda(projectPath(entry), outputDir, PROJECT_ROOT, {
            external: [...LAMBDA_BUNDLING.external, ...nativeModules],
          });
          installNativeModules(outputDir, nativeModules, PROJECT_ROOT);
          return true;
        },
      },
    },
  });
}

const dynamo = (action: DynamoAction) => `dynamodb:${action}`;
const INDEX_ACTIONS: ReadonlySet<DynamoAction> = new Set(['Query', 'Scan']);
/** Every item-level action, for the public link functions' denials. */
const ALL_ITEM_ACTIONS = [
  'GetItem',
  'BatchGetItem',
  'Query',
  'Scan',
  'PutItem',
  'UpdateItem',
  'DeleteItem',
  'BatchWriteItem',
  'ConditionCheckItem',
].map((action) => `dynamodb:${action}`);
