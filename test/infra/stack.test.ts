import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { type App, type CfnElement, type PolicyViolation, Validations } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import { beforeAll, describe, expect, it } from 'vitest';
import { ENV } from '../../functions/config.ts';
import { CLAIM_NAMES, ROLES } from '../../functions/domain/identity.ts';
import type { KeyPurpose } from '../../functions/ports/keys.ts';
import { routeKey } from '../../infra/constructs/api.ts';
import { powertoolsVersion } from '../../infra/constructs/powertools-layer.ts';
import { entriesOf } from '../../infra/constructs/project.ts';
import { FUNCTIONS, type FunctionId } from '../../infra/functions.ts';
import { ROUTES } from '../../infra/routes.ts';
import { SCHEDULES } from '../../infra/schedules.ts';
import type { UnionClaimsStack } from '../../infra/stack.ts';
import { projectionOf, TABLES } from '../../infra/tables.ts';
import { LINK_BASE_URL, SES_FROM_ADDRESS, synthStack } from '../support/stack-template.ts';

interface ResourceJson {
  readonly Type: string;
  readonly Properties: Record<string, unknown>;
  readonly DeletionPolicy?: string;
}

interface StatementJson {
  readonly Effect: 'Allow' | 'Deny';
  readonly Action: string | string[];
  readonly Resource: unknown;
}

const WRITE_ACTIONS = [
  'dynamodb:PutItem',
  'dynamodb:UpdateItem',
  'dynamodb:DeleteItem',
  'dynamodb:BatchWriteItem',
];

const EXTERNAL_SDK_IMPORT = /(?:^|[;}\n])\s*import\s*(?:[\w${}*,\s]+from\s*)?["']@aws-sdk\/[^"']+["']/gm;

/** The code files of an asset folder (no source maps), relative to it, with `/` between folders. */
/** The asset's own code files (a native module installed beside them is not ours). */
const codeFiles = (dir: string): string[] =>
  readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.mjs') && !file.startsWith('node_modules'))
    .map((file) => file.split(path.sep).join('/'));

/** `AwsSolutions-IAM5[Resource::*] at Stack/Role/DefaultPolicy/Resource`, for a readable failure. */
const describeViolation = (violation: PolicyViolation): string =>
  `${violation.ruleName} at ${violation.violatingResources.map((resource) => resource.constructPath).join(', ')}`;

const asArray = (value: string | string[]): string[] => (Array.isArray(value) ? value : [value]);

describe('UnionClaimsStack', () => {
  let app: App;
  let stack: UnionClaimsStack;
  let template: Template;

  const logicalId = (construct: IConstruct): string =>
    stack.getLogicalId(construct.node.defaultChild as CfnElement);
  const resourcesOf = (type: string): Record<string, ResourceJson> =>
    template.findResources(type) as Record<string, ResourceJson>;
  const propertiesOf = (type: string, id: string): Record<string, unknown> => {
    const resource = resourcesOf(type)[id];
    if (resource === undefined) throw new Error(`no ${type} ${id}`);
    return resource.Properties;
  };
  const onlyPropertiesOf = (type: string): Record<string, unknown> => {
    const ids = Object.keys(resourcesOf(type));
    if (ids.length !== 1 || ids[0] === undefined)
      throw new Error(`expected one ${type}, found ${ids.length}`);
    return propertiesOf(type, ids[0]);
  };
  const functionId = (id: FunctionId): string => logicalId(stack.functions[id]);
  const variablesOf = (id: FunctionId): Record<string, unknown> =>
    (
      propertiesOf('AWS::Lambda::Function', functionId(id)).Environment as {
        Variables: Record<string, unknown>;
      }
    ).Variables;
  const roleId = (id: FunctionId): string => {
    const role = stack.functions[id].role;
    if (role === undefined) throw new Error(`${id} has no role`);
    return logicalId(role);
  };
  /** Every statement of every IAM policy attached to a function's role. */
  const statementsOf = (id: FunctionId): StatementJson[] =>
    Object.values(resourcesOf('AWS::IAM::Policy'))
      .filter((policy) => JSON.stringify(policy.Properties.Roles).includes(`{"Ref":"${roleId(id)}"}`))
      .flatMap((policy) => (policy.Properties.PolicyDocument as { Statement: StatementJson[] }).Statement);
  const actionsOf = (id: FunctionId): string[] =>
    statementsOf(id)
      .filter((statement) => statement.Effect === 'Allow')
      .flatMap((statement) => asArray(statement.Action));

  beforeAll(() => {
    // Prepare: the stack as infra/app.ts builds it. One build for the file: bundling takes seconds (a
    // later re-synth reuses the bundles).
    ({ app, stack, template } = synthStack());
  });

  // cdk-nag 3 is a CDK policy-validation plugin (no Aspect, no NagSuppressions, no Annotations): it reports
  // from `validateScope`, and a registered plugin fails synth on any unacknowledged finding.
  describe('cdk-nag AwsSolutions', () => {
    it('has no unacknowledged error', () => {
      const report = new AwsSolutionsChecks().validateScope(app);

      const errors = report.violations.filter((violation) => violation.severity === 'error');
      expect(errors.map(describeViolation)).toEqual([]);
    });

    it('has no unacknowledged warning', () => {
      const report = new AwsSolutionsChecks().validateScope(app);

      const warnings = report.violations.filter((violation) => violation.severity !== 'error');
      expect(warnings.map(describeViolation)).toEqual([]);
    });

    it('lets synth pass with the checks registered as infra/app.ts registers them', () => {
      Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }));

      expect(() => app.synth({ force: true })).not.toThrow();
    });
  });

  describe('tables', () => {
    it('builds one on-demand, retained table per schema entry', () => {
      template.resourceCountIs('AWS::DynamoDB::GlobalTable', Object.keys(TABLES).length);
      for (const table of Object.values(stack.tables.byId)) {
        expect(resourcesOf('AWS::DynamoDB::GlobalTable')[logicalId(table)]).toMatchObject({
          DeletionPolicy: 'Retain',
          Properties: {
            BillingMode: 'PAY_PER_REQUEST',
            KeySchema: [
              { AttributeName: 'pk', KeyType: 'HASH' },
              { AttributeName: 'sk', KeyType: 'RANGE' },
            ],
            SSESpecification: { SSEEnabled: true },
          },
        });
      }
    });

    it('enables point-in-time recovery and deletion protection on every table', () => {
      template.allResourcesProperties('AWS::DynamoDB::GlobalTable', {
        Replicas: [
          Match.objectLike({
            PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
            DeletionProtectionEnabled: true,
          }),
        ],
      });
    });

    it('sets the TTL attribute and the GSIs of the schema', () => {
      for (const [id, def] of entriesOf(TABLES)) {
        const properties = propertiesOf('AWS::DynamoDB::GlobalTable', logicalId(stack.tables.byId[id]));

        expect(properties.TimeToLiveSpecification).toEqual(
          def.ttlAttribute === undefined ? undefined : { AttributeName: def.ttlAttribute, Enabled: true },
        );
        const indexes = def.indexes.map((index) => ({
          IndexName: index.name,
          KeySchema: [
            { AttributeName: index.partitionKey, KeyType: 'HASH' },
            { AttributeName: index.sortKey, KeyType: 'RANGE' },
          ],
          Projection: projectionOf(index),
        }));
        expect(properties.GlobalSecondaryIndexes).toEqual(indexes.length === 0 ? undefined : indexes);
      }
    });
  });

  describe('functions', () => {
    /** The stack's own functions: all but CDK's handler that uploads the staff console (BucketDeployment). */
    const ownFunctions = () =>
      Object.entries(resourcesOf('AWS::Lambda::Function'))
        .filter(([id]) => !id.startsWith('CustomCDKBucketDeployment'))
        .map(([, fn]) => fn);

    it('creates exactly the Lambdas of FUNCTIONS, each with its own code asset', () => {
      expect(ownFunctions()).toHaveLength(Object.keys(FUNCTIONS).length);
      const assets = new Set(ownFunctions().map((fn) => (fn.Properties.Code as { S3Key: string }).S3Key));
      expect(assets.size).toBe(Object.keys(FUNCTIONS).length);
      // Besides them, only the console's upload handler.
      template.resourceCountIs('AWS::Lambda::Function', Object.keys(FUNCTIONS).length + 1);
    });

    it('runs every Lambda on nodejs24.x, arm64, with active tracing', () => {
      for (const fn of ownFunctions()) {
        expect(fn.Properties).toMatchObject({
          Runtime: 'nodejs24.x',
          Architectures: ['arm64'],
          TracingConfig: { Mode: 'Active' },
          Handler: 'index.handler',
        });
      }
    });

    it('gives every Lambda the link base URL and a log group kept one year, and loads no source map at start', () => {
      for (const fn of ownFunctions()) {
        expect(fn.Properties).toMatchObject({
          Environment: {
            Variables: expect.objectContaining({
              [ENV.linkBaseUrl]: LINK_BASE_URL,
            }),
          },
          LoggingConfig: expect.objectContaining({ LogGroup: { Ref: expect.any(String) } }),
        });
        const variables = (fn.Properties.Environment as { Variables: Record<string, unknown> }).Variables;
        expect(variables.NODE_OPTIONS).toBeUndefined();
      }
      const logGroups = resourcesOf('AWS::Logs::LogGroup');
      for (const fn of ownFunctions()) {
        const ref = (fn.Properties.LoggingConfig as { LogGroup: { Ref: string } }).LogGroup.Ref;
        expect(logGroups[ref]?.Properties.RetentionInDays).toBe(365);
      }
    });

    it('bundles the AWS SDK into each ESM bundle instead of importing it from the runtime', () => {
      const assembly = app.synth();

      for (const fn of ownFunctions()) {
        const key = (fn.Properties.Code as { S3Key: string }).S3Key;
        const dir = path.join(assembly.directory, `asset.${key.replace(/\.zip$/, '')}`);
        // The handler's module and the chunks it loads on first use: none imports the SDK from the runtime
        // (messages that merely mention one are fine), nor the tracer, which comes from the Powertools layer.
        expect(fn.Properties.Handler).toBe('index.handler');
        const files = codeFiles(dir);
        expect(files).toContain('index.mjs');
        for (const file of files) {
          const code = readFileSync(path.join(dir, file), 'utf8');
          expect(code.match(EXTERNAL_SDK_IMPORT) ?? [], file).toEqual([]);
          expect(code, file).not.toContain('aws-xray-sdk-core');
          // The source map is written beside each file, for reading a stack trace; Node does not load it.
          expect(JSON.parse(readFileSync(path.join(dir, `${file}.map`), 'utf8'))).toMatchObject({
            version: 3,
          });
        }
      }
    });

    it('splits each asset into the handler module and chunks, every one of which the handler can reach', () => {
      const assembly = app.synth();

      for (const fn of ownFunctions()) {
        const key = (fn.Properties.Code as { S3Key: string }).S3Key;
        const dir = path.join(assembly.directory, `asset.${key.replace(/\.zip$/, '')}`);
        const files = new Set(codeFiles(dir));
        // Follow every import and import() from index.mjs: each names a file of the asset, and together
        // they reach every file (no chunk of another function's, none the handler cannot load).
        const reached = new Set<string>();
        const visit = (file: string) => {
          if (reached.has(file)) return;
          expect(existsSync(path.join(dir, file)), `${file} of ${key}`).toBe(true);
          reached.add(file);
          const code = readFileSync(path.join(dir, file), 'utf8');
          for (const [, target] of code.matchAll(/(?:from\s*|import\s*\(?\s*)"(\.{1,2}\/[^"]+\.mjs)"/g)) {
            visit(path.posix.normalize(path.posix.join(path.posix.dirname(file), target ?? '')));
          }
        };
        visit('index.mjs');
        expect([...reached].sort()).toEqual([...files].sort());
      }
    });

    it('gives every Lambda the Powertools layer of the installed Powertools version, from its public SSM parameter', () => {
      const parameters = template.toJSON().Parameters as Record<string, { Type: string; Default: string }>;
      const layerParameter = Object.entries(parameters).find(
        ([, parameter]) =>
          parameter.Default === `/aws/service/powertools/typescript/generic/all/${powertoolsVersion()}`,
      );
      expect(layerParameter?.[1].Type).toBe('AWS::SSM::Parameter::Value<String>');
      for (const fn of ownFunctions()) {
        expect(fn.Properties.Layers).toEqual([{ Ref: layerParameter?.[0] }]);
      }
    });

    it('keeps sharp out of every bundle but the approval document function’s, which gets it installed for linux-arm64 beside its bundle', () => {
      const assembly = app.synth();
      const assetOf = (id: FunctionId) => {
        const fn = resourcesOf('AWS::Lambda::Function')[functionId(id)];
        const key = (fn?.Properties.Code as { S3Key?: string } | undefined)?.S3Key ?? '';
        return path.join(assembly.directory, `asset.${key.replace(/\.zip$/, '')}`);
      };
      const SHARP_IMPORT = /(?:^|[;}\n])\s*import\s*(?:[\w${}*,\s]+from\s*)?["']sharp["']|\blibvips\b/m;
      for (const id of Object.keys(FUNCTIONS) as FunctionId[]) {
        const dir = assetOf(id);
        // The handler's module and its chunks (the import of sharp may be in a chunk loaded on first use).
        const bundle = codeFiles(dir)
          .map((file) => readFileSync(path.join(dir, file), 'utf8'))
          .join('\n');
        if (id === 'approvalDocument') {
          expect(FUNCTIONS[id].nativeModules).toEqual(['sharp']);
          // External in the bundle, installed beside it with Lambda's platform build of libvips.
          expect(bundle).toMatch(/["']sharp["']/);
          expect(existsSync(path.join(dir, 'node_modules', 'sharp', 'package.json'))).toBe(true);
          expect(existsSync(path.join(dir, 'node_modules', '@img', 'sharp-linux-arm64'))).toBe(true);
          expect(existsSync(path.join(dir, 'node_modules', '@img', 'sharp-linux-x64'))).toBe(false);
        } else {
          expect({ id, nativeModules: FUNCTIONS[id].nativeModules }).toEqual({
            id,
            nativeModules: undefined,
          });
          expect({ id, sharp: SHARP_IMPORT.test(bundle) }).toEqual({ id, sharp: false });
          expect({ id, nodeModules: existsSync(path.join(dir, 'node_modules')) }).toEqual({
            id,
            nodeModules: false,
          });
        }
      }
    });

    it('gives the functions that read a key the key prefix and leave to read exactly their keys', () => {
      const secretRef = (purpose: KeyPurpose) => ({ Ref: logicalId(stack.secrets.byPurpose[purpose]) });
      const oneOrMany = <T>(items: T[]): T | T[] => (items.length === 1 ? (items[0] as T) : items);
      for (const [id, def] of entriesOf(FUNCTIONS)) {
        const purposes = def.secrets ?? [];
        const reads = statementsOf(id).filter((statement) =>
          asArray(statement.Action).some((action) => action.startsWith('secretsmanager:')),
        );

        expect(variablesOf(id)[ENV.keyPrefix], id).toBe(
          purposes.length === 0 ? undefined : stack.secrets.prefix,
        );
        expect(
          reads.map((statement) => ({ action: statement.Action, resource: statement.Resource })),
          id,
        ).toEqual(
          purposes.length === 0
            ? []
            : [{ action: 'secretsmanager:GetSecretValue', resource: oneOrMany(purposes.map(secretRef)) }],
        );
      }
    });

    it('gives each function its tables in their env vars', () => {
      for (const [id, def] of entriesOf(FUNCTIONS)) {
        const variables = variablesOf(id);
        for (const table of Object.values(TABLES)) {
          expect(variables[table.envVar]).toEqual(
            def.tables[table.id] === undefined ? undefined : { Ref: logicalId(stack.tables.byId[table.id]) },
          );
        }
      }
    });
  });

  describe('least privilege', () => {
    it('lets getClaim read the claims table but never write it', () => {
      const claimsTable = logicalId(stack.tables.byId.claims);

      const onClaims = statementsOf('getClaim').filter((statement) =>
        JSON.stringify(statement.Resource).includes(`"${claimsTable}"`),
      );

      expect(onClaims.flatMap((statement) => asArray(statement.Action))).toEqual(
        expect.arrayContaining(['dynamodb:GetItem', 'dynamodb:Query']),
      );
      for (const action of WRITE_ACTIONS) {
        expect(onClaims.flatMap((statement) => asArray(statement.Action))).not.toContain(action);
      }
    });

    it('gives write actions only to functions that write a table', () => {
      for (const [id, def] of entriesOf(FUNCTIONS)) {
        const writes = Object.values(def.tables).some((actions) =>
          actions.some((action) => WRITE_ACTIONS.includes(`dynamodb:${action}`)),
        );

        const granted = actionsOf(id).filter((action) => WRITE_ACTIONS.includes(action));

        expect(granted.length > 0).toBe(writes);
      }
    });

    it('lets only workflow starters start executions and only callback functions send task results', () => {
      for (const [id, def] of entriesOf(FUNCTIONS)) {
        const actions = actionsOf(id);

        expect(actions.includes('states:StartExecution')).toBe(
          def.startsWorkflow === true || def.startsExport === true,
        );
        expect(actions.includes('states:SendTaskSuccess')).toBe(def.sendsTaskResult === true);
        expect(actions.includes('ses:SendEmail')).toBe(def.notifies === true);
      }
    });

    it('lets the state machine invoke exactly its task functions, unqualified', () => {
      const taskArns = entriesOf(FUNCTIONS)
        .filter(([, def]) => def.aslArn !== undefined)
        .map(([id]) => ({ 'Fn::GetAtt': [functionId(id), 'Arn'] }));

      template.hasResourceProperties('AWS::IAM::Policy', {
        Roles: [{ Ref: logicalId(stack.workflow.stateMachine.role) }],
        PolicyDocument: {
          Statement: Match.arrayWith([
            { Action: 'lambda:InvokeFunction', Effect: 'Allow', Resource: Match.arrayEquals(taskArns) },
          ]),
        },
      });
    });
  });

  describe('workflow', () => {
    it('is a Standard state machine logging every state, without execution data, and tracing', () => {
      // The claim workflow and the evaluation export's.
      template.resourceCountIs('AWS::StepFunctions::StateMachine', 2);
      template.hasResourceProperties('AWS::StepFunctions::StateMachine', {
        StateMachineType: 'STANDARD',
        StateMachineName: stack.workflow.stateMachineName,
        LoggingConfiguration: {
          Level: 'ALL',
          IncludeExecutionData: false,
          Destinations: [
            {
              CloudWatchLogsLogGroup: {
                LogGroupArn: { 'Fn::GetAtt': [logicalId(stack.workflow.logGroup), 'Arn'] },
              },
            },
          ],
        },
        TracingConfiguration: { Enabled: true },
      });
    });

    it('logs to a vended-logs log group kept one year', () => {
      template.hasResource('AWS::Logs::LogGroup', {
        DeletionPolicy: 'Retain',
        Properties: {
          LogGroupName: `/aws/vendedlogs/states/${stack.workflow.stateMachineName}`,
          RetentionInDays: 365,
        },
      });
    });

    it('deploys the definition with every substitution replaced by its function ARN', () => {
      const machine = propertiesOf(
        'AWS::StepFunctions::StateMachine',
        logicalId(stack.workflow.stateMachine),
      );
      const definition = machine.DefinitionString as string;
      const substitutions = machine.DefinitionSubstitutions as Record<string, unknown>;

      // What CloudFormation does at deploy time, with the ARN written as <LogicalId.Arn>.
      let deployed = definition;
      for (const [name, value] of Object.entries(substitutions)) {
        const [id] = (value as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'];
        deployed = deployed.replaceAll(`$\{${name}}`, `<${id}.Arn>`);
      }

      expect(deployed).not.toContain('${');
      const states = (JSON.parse(deployed) as { States: Record<string, Record<string, unknown>> }).States;
      expect(states.Assess?.Resource).toBe(`<${functionId('assessClaim')}.Arn>`);
      expect(states.Payout?.Resource).toBe(`<${functionId('payout')}.Arn>`);
      expect(states.MarkFailed?.Resource).toBe(`<${functionId('markFailed')}.Arn>`);
      expect(states.RequestApproval?.Resource).toBe('arn:aws:states:::lambda:invoke.waitForTaskToken');
      expect(states.RequestApproval?.Parameters).toMatchObject({
        FunctionName: `<${functionId('requestApproval')}.Arn>`,
      });
    });

    it('maps each aslArn of FUNCTIONS to that function', () => {
      const expected = Object.fromEntries(
        entriesOf(FUNCTIONS).flatMap(([id, def]) =>
          def.aslArn === undefined ? [] : [[def.aslArn, { 'Fn::GetAtt': [functionId(id), 'Arn'] }]],
        ),
      );

      template.hasResourceProperties('AWS::StepFunctions::StateMachine', {
        DefinitionSubstitutions: expected,
      });
    });

    it('gives starters STATE_MACHINE_ARN built from the fixed name, equal to the real ARN', () => {
      const builtArn = {
        'Fn::Join': [
          '',
          [
            'arn:',
            { Ref: 'AWS::Partition' },
            ':states:',
            { Ref: 'AWS::Region' },
            ':',
            { Ref: 'AWS::AccountId' },
            `:stateMachine:${stack.workflow.stateMachineName}`,
          ],
        ],
      };

      for (const [id, def] of entriesOf(FUNCTIONS)) {
        const variables = variablesOf(id);
        expect(variables[ENV.stateMachineArn]).toEqual(def.startsWorkflow === true ? builtArn : undefined);
      }
    });

    it('has no dependency cycle: no function role policy references the state machine resource', () => {
      const machineId = logicalId(stack.workflow.stateMachine);

      for (const id of Object.keys(FUNCTIONS) as FunctionId[]) {
        expect(JSON.stringify(statementsOf(id))).not.toContain(`"${machineId}"`);
      }
      // Template.fromStack rejects a template with a cycle; a second, checked parse of the same synth.
      expect(() => Template.fromStack(stack)).not.toThrow();
    });
  });

  describe('api', () => {
    it('has exactly the routes of ROUTES', () => {
      const keys = Object.values(resourcesOf('AWS::ApiGatewayV2::Route')).map(
        (route) => route.Properties.RouteKey,
      );

      expect(keys.sort()).toEqual(ROUTES.map(routeKey).sort());
    });

    it('puts the Cognito JWT authorizer on jwt routes and none on public routes', () => {
      const routes = Object.values(resourcesOf('AWS::ApiGatewayV2::Route'));
      const [authorizerId] = Object.keys(resourcesOf('AWS::ApiGatewayV2::Authorizer'));

      for (const def of ROUTES) {
        const route = routes.find((candidate) => candidate.Properties.RouteKey === routeKey(def));
        expect(route?.Properties).toMatchObject(
          def.auth === 'jwt'
            ? { AuthorizationType: 'JWT', AuthorizerId: { Ref: authorizerId } }
            : { AuthorizationType: 'NONE' },
        );
        if (def.auth === 'none') expect(route?.Properties.AuthorizerId).toBeUndefined();
      }
    });

    it('sends each route to its function', () => {
      const routes = Object.values(resourcesOf('AWS::ApiGatewayV2::Route'));
      const integrations = resourcesOf('AWS::ApiGatewayV2::Integration');

      for (const def of ROUTES) {
        const route = routes.find((candidate) => candidate.Properties.RouteKey === routeKey(def));
        const target = JSON.stringify(route?.Properties.Target);
        const integrationId = Object.keys(integrations).find((id) => target.includes(`"${id}"`)) ?? '';
        expect(integrations[integrationId]?.Properties).toMatchObject({
          IntegrationType: 'AWS_PROXY',
          PayloadFormatVersion: '2.0',
          IntegrationUri: { 'Fn::GetAtt': [functionId(def.fn), 'Arn'] },
        });
      }
    });

    it('checks tokens of the user pool issued to the app client', () => {
      template.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', {
        AuthorizerType: 'JWT',
        IdentitySource: ['$request.header.Authorization'],
        JwtConfiguration: {
          Audience: [{ Ref: logicalId(stack.identity.client) }],
          Issuer: {
            'Fn::Join': [
              '',
              Match.arrayWith([
                'https://cognito-idp.',
                { Ref: 'AWS::Region' },
                { Ref: logicalId(stack.identity.userPool) },
              ]),
            ],
          },
        },
      });
    });

    it('logs access and throttles the default stage, the public routes harder', () => {
      template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
        StageName: '$default',
        AutoDeploy: true,
        AccessLogSettings: {
          DestinationArn: { 'Fn::GetAtt': [logicalId(stack.api.accessLogs), 'Arn'] },
          Format: Match.stringLikeRegexp('\\$context\\.requestId'),
        },
        DefaultRouteSettings: {
          ThrottlingRateLimit: Match.anyValue(),
          ThrottlingBurstLimit: Match.anyValue(),
        },
        RouteSettings: Object.fromEntries(
          ROUTES.filter((route) => route.auth === 'none').map((route) => [
            routeKey(route),
            { ThrottlingRateLimit: Match.anyValue(), ThrottlingBurstLimit: Match.anyValue() },
          ]),
        ),
      });
    });

    it('never logs request paths, which hold approval link ids', () => {
      const stage = onlyPropertiesOf('AWS::ApiGatewayV2::Stage');

      const format = (stage.AccessLogSettings as { Format: string }).Format;

      expect(format).not.toMatch(/\$context\.(path|resourcePath)\b/);
    });
  });

  describe('staff console', () => {
    const distributionConfig = (): Record<string, unknown> =>
      onlyPropertiesOf('AWS::CloudFront::Distribution').DistributionConfig as Record<string, unknown>;

    it("serves the stack's HTTP API under /api/* on its own origin, uncached, with the viewer's headers but Host", () => {
      const behaviours = distributionConfig().CacheBehaviors as Record<string, unknown>[];
      const api = behaviours.find((behaviour) => behaviour.PathPattern === '/api/*');
      const origins = distributionConfig().Origins as Record<string, unknown>[];
      const origin = origins.find((candidate) => candidate.Id === api?.TargetOriginId);

      expect(api).toMatchObject({
        ViewerProtocolPolicy: 'https-only',
        CachePolicyId: '4135ea2d-6df8-44a3-9df3-4b5a84be39ad',
        OriginRequestPolicyId: 'b689b0a8-53d0-40ab-baf2-68738e2966ac',
      });
      expect(api?.AllowedMethods).toHaveLength(7);
      expect(JSON.stringify(origin?.DomainName)).toContain(
        JSON.stringify({ Ref: logicalId(stack.api.httpApi) }),
      );
      expect(origin?.CustomOriginConfig).toMatchObject({ OriginProtocolPolicy: 'https-only' });
      // No custom error responses: CloudFront would answer the API's 403 and 404 with the console's page.
      expect(distributionConfig().CustomErrorResponses).toBeUndefined();
    });

    it("lets the console connect to its own origin and Cognito's hosted UI only, and the API allows no CORS", () => {
      const headers = onlyPropertiesOf('AWS::CloudFront::ResponseHeadersPolicy')
        .ResponseHeadersPolicyConfig as {
        SecurityHeadersConfig: { ContentSecurityPolicy: { ContentSecurityPolicy: unknown } };
      };
      const csp = JSON.stringify(headers.SecurityHeadersConfig.ContentSecurityPolicy.ContentSecurityPolicy);

      // 'self' (the API under /api), the hosted UI, and the documents bucket that takes big files by signed form.
      expect(csp).toMatch(
        /connect-src 'self' https:\/\/[^; ]*\.auth\.",\{"Ref":"AWS::Region"\},"\.amazoncognito\.com https:\/\//,
      );
      expect(csp).toContain(
        `.amazoncognito.com https://",{"Fn::GetAtt":["${logicalId(stack.documents.bucket)}","RegionalDomainName"]},"; object-src`,
      );
      expect(csp).not.toContain('execute-api');
      expect(onlyPropertiesOf('AWS::ApiGatewayV2::Api').CorsConfiguration).toBeUndefined();
    });

    it("lets the console post big files' signed forms to the documents bucket (CORS for CloudFront's domain)", () => {
      const bucket = propertiesOf('AWS::S3::Bucket', logicalId(stack.documents.bucket));
      const rules = (
        bucket.CorsConfiguration as { CorsRules: { AllowedOrigins: string[]; AllowedMethods: string[] }[] }
      ).CorsRules;
      expect(rules).toEqual([
        expect.objectContaining({
          AllowedMethods: ['POST'],
          AllowedOrigins: expect.arrayContaining(['https://*.cloudfront.net']),
        }),
      ]);
    });

    it("keeps the stack under CloudFormation's 500 resources, with room to spare", () => {
      // 481 with the console's routing function (the /api/* behaviour and the managed policies are none).
      expect(Object.keys(template.toJSON().Resources as object).length).toBeLessThanOrEqual(495);
    });
  });

  describe('identity', () => {
    it('has a user pool without self sign-up, with required MFA and a strong password policy', () => {
      template.hasResourceProperties('AWS::Cognito::UserPool', {
        AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
        MfaConfiguration: 'ON',
        Policies: {
          PasswordPolicy: Match.objectLike({
            MinimumLength: Match.anyValue(),
            RequireLowercase: true,
            RequireUppercase: true,
            RequireNumbers: true,
            RequireSymbols: true,
          }),
        },
      });
    });

    it('has the custom attributes of CLAIM_NAMES, mutable', () => {
      for (const claim of [CLAIM_NAMES.memberId, CLAIM_NAMES.unitCode]) {
        template.hasResourceProperties('AWS::Cognito::UserPool', {
          Schema: Match.arrayWith([
            Match.objectLike({
              Name: claim.replace(/^custom:/, ''),
              AttributeDataType: 'String',
              Mutable: true,
            }),
          ]),
        });
      }
    });

    it('has a group for every role', () => {
      const groups = Object.values(resourcesOf('AWS::Cognito::UserPoolGroup')).map(
        (group) => group.Properties.GroupName,
      );

      expect(groups.sort()).toEqual([...ROLES].sort());
    });

    it('has an SRP app client without a secret that cannot write member id or unit', () => {
      template.hasResourceProperties('AWS::Cognito::UserPoolClient', {
        GenerateSecret: false,
        ExplicitAuthFlows: Match.arrayEquals(['ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH']),
        ReadAttributes: Match.arrayWith([CLAIM_NAMES.memberId, CLAIM_NAMES.unitCode]),
        WriteAttributes: ['email'],
      });
    });
  });

  describe('notifications', () => {
    it('gives notifying functions NOTIFY_MODE=aws and the sender address', () => {
      for (const [id, def] of entriesOf(FUNCTIONS)) {
        const variables = variablesOf(id);
        expect([variables[ENV.notifyMode], variables[ENV.sesFromAddress]]).toEqual(
          def.notifies === true ? ['aws', SES_FROM_ADDRESS] : [undefined, undefined],
        );
      }
    });

    it('sends e-mail only as the sender identity and SMS only to phone numbers', () => {
      template.hasResourceProperties('AWS::IAM::Policy', {
        PolicyDocument: {
          Statement: Match.arrayWith([
            Match.objectLike({
              Action: 'ses:SendEmail',
              Effect: 'Allow',
              Condition: { StringEquals: { 'ses:FromAddress': SES_FROM_ADDRESS } },
              Resource: Match.arrayWith([
                {
                  'Fn::Join': ['', Match.arrayWith([`:identity/${SES_FROM_ADDRESS.split('@')[1]}`])],
                },
              ]),
            }),
            Match.objectLike({ Action: 'sns:Publish', Effect: 'Allow', Resource: '*' }),
            Match.objectLike({ Action: 'sns:Publish', Effect: 'Deny' }),
          ]),
        },
      });
    });
  });

  describe('outputs', () => {
    it('exports the API URL, user pool, client, state machine and table names', () => {
      const outputs = Object.keys(template.findOutputs('*'));

      expect(outputs).toEqual(
        expect.arrayContaining([
          'ApiUrl',
          'UserPoolId',
          'UserPoolClientId',
          'StateMachineArn',
          'ClaimsTableName',
          'RegistryTableName',
        ]),
      );
    });
  });

  describe('schedules', () => {
    it('makes one EventBridge Scheduler schedule per entry of infra/schedules.ts, in Beijing time, retried, with a dead-letter queue', () => {
      const schedules = Object.values(resourcesOf('AWS::Scheduler::Schedule'));

      expect(schedules).toHaveLength(SCHEDULES.length);
      for (const entry of SCHEDULES) {
        const found = schedules.find((s) => s.Properties.ScheduleExpression === entry.cron);
        expect(found?.Properties, entry.id).toMatchObject({
          ScheduleExpressionTimezone: 'Asia/Shanghai',
          FlexibleTimeWindow: { Mode: 'OFF' },
          Target: {
            Arn: { 'Fn::GetAtt': [functionId(entry.functionId), 'Arn'] },
            Input: JSON.stringify(entry.input),
            RetryPolicy: { MaximumRetryAttempts: 3 },
            DeadLetterConfig: { Arn: { 'Fn::GetAtt': [logicalId(stack.jobs.deadLetters), 'Arn'] } },
          },
        });
      }
    });

    it('gives each schedule a role that may invoke only its own function', () => {
      const schedules = Object.values(resourcesOf('AWS::Scheduler::Schedule'));
      for (const entry of SCHEDULES) {
        const target = schedules.find((s) => s.Properties.ScheduleExpression === entry.cron)?.Properties
          .Target as { RoleArn: { 'Fn::GetAtt': [string, string] } };
        const roleId = target.RoleArn['Fn::GetAtt'][0];
        const statements = Object.values(resourcesOf('AWS::IAM::Policy'))
          .filter((policy) => JSON.stringify(policy.Properties.Roles).includes(`{"Ref":"${roleId}"}`))
          .flatMap(
            (policy) => (policy.Properties.PolicyDocument as { Statement: StatementJson[] }).Statement,
          );
        const invokes = statements.filter((st) => asArray(st.Action).includes('lambda:InvokeFunction'));

        expect(
          invokes.map((st) => st.Resource),
          entry.id,
        ).toEqual([{ 'Fn::GetAtt': [functionId(entry.functionId), 'Arn'] }]);
      }
    });
  });
  describe('evaluation exports', () => {
    it('keeps exports in an encrypted, versioned, private, TLS-only bucket with access logs', () => {
      const bucket = propertiesOf('AWS::S3::Bucket', logicalId(stack.exports.bucket));
      expect(bucket.VersioningConfiguration).toEqual({ Status: 'Enabled' });
      expect(bucket.BucketEncryption).toEqual({
        ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
      });
      expect(bucket.PublicAccessBlockConfiguration).toEqual({
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      });
      expect(bucket.LoggingConfiguration).toEqual({
        DestinationBucketName: { Ref: logicalId(stack.exports.accessLogs) },
        LogFilePrefix: 'exports/',
      });
      template.hasResourceProperties('AWS::S3::BucketPolicy', {
        Bucket: { Ref: logicalId(stack.exports.bucket) },
        PolicyDocument: {
          Statement: Match.arrayWith([
            Match.objectLike({
              Effect: 'Deny',
              Condition: { Bool: { 'aws:SecureTransport': 'false' } },
            }),
          ]),
        },
      });
    });

    it('runs the export as a logged, traced Standard state machine invoking only the worker', () => {
      const machine = propertiesOf(
        'AWS::StepFunctions::StateMachine',
        logicalId(stack.exportWorkflow.stateMachine),
      );
      expect(machine).toMatchObject({
        StateMachineType: 'STANDARD',
        StateMachineName: stack.exportWorkflow.stateMachineName,
        TracingConfiguration: { Enabled: true },
        LoggingConfiguration: { Level: 'ALL', IncludeExecutionData: false },
        DefinitionSubstitutions: {
          ExportWorkerFunctionArn: { 'Fn::GetAtt': [functionId('exportWorker'), 'Arn'] },
        },
      });
      expect(JSON.parse(machine.DefinitionString as string).States.ScanSegments.ItemProcessor).toMatchObject({
        ProcessorConfig: { Mode: 'DISTRIBUTED' },
      });
      template.hasResourceProperties('AWS::IAM::Policy', {
        Roles: [{ Ref: logicalId(stack.exportWorkflow.stateMachine.role) }],
        PolicyDocument: {
          Statement: Match.arrayWith([
            {
              Action: 'lambda:InvokeFunction',
              Effect: 'Allow',
              Resource: { 'Fn::GetAtt': [functionId('exportWorker'), 'Arn'] },
            },
          ]),
        },
      });
      for (const [id, def] of entriesOf(FUNCTIONS)) {
        expect(variablesOf(id)[ENV.exportStateMachineArn] !== undefined, id).toBe(def.startsExport === true);
      }
    });

    it('lets only the worker write exports, the export routes read them, and no other function touch them', () => {
      const bucket = logicalId(stack.exports.bucket);
      for (const [id, def] of entriesOf(FUNCTIONS)) {
        // The export bucket's grants (the audit archive has its own, tested in audit-archive.test.ts).
        const actions = statementsOf(id)
          .filter((s) => s.Effect === 'Allow' && JSON.stringify(s.Resource).includes(bucket))
          .flatMap((s) => asArray(s.Action));
        expect(actions.includes('s3:PutObject'), id).toBe(def.exportFiles === 'readWrite');
        expect(
          actions.some((a) => a.startsWith('s3:GetObject')),
          id,
        ).toBe(def.exportFiles !== undefined);
        expect(variablesOf(id)[ENV.exportBucket], id).toEqual(
          def.exportFiles === undefined ? undefined : { Ref: logicalId(stack.exports.bucket) },
        );
      }
    });
  });
});
