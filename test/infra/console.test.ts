import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { HttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import { AwsSolutionsChecks } from 'cdk-nag';
import { beforeAll, describe, expect, it } from 'vitest';
import { StaffConsole } from '../../infra/constructs/console.ts';
import { cognitoDomainUrl, MemberIdentity } from '../../infra/constructs/identity.ts';

type Json = Record<string, unknown>;

describe('StaffConsole and the Cognito client of the console', () => {
  let app: App;
  let stack: Stack;
  let template: Template;
  let consoleUrl: unknown;
  let apiId: unknown;

  beforeAll(() => {
    // Prepare: the two constructs alone, wired as the stack wires them, with a stand-in built console.
    const builtDir = mkdtempSync(join(tmpdir(), 'console-built-'));
    writeFileSync(join(builtDir, 'index.html'), '<!doctype html><title>console</title>');
    app = new App();
    stack = new Stack(app, 'ConsoleTest', { env: { account: '111122223333', region: 'ap-east-1' } });
    const domainPrefix = 'union-claims-test';
    const staffConsole = new StaffConsole(stack, 'Console', {
      cognitoDomainUrl: cognitoDomainUrl(stack, domainPrefix),
      builtDir,
    });
    const identity = new MemberIdentity(stack, 'Identity', {
      domainPrefix,
      consoleUrl: staffConsole.url,
      devConsoleUrls: ['http://localhost:3000/console/'],
    });
    const httpApi = new HttpApi(stack, 'Api', { createDefaultStage: false });
    apiId = stack.resolve(httpApi.apiId);
    staffConsole.deploy({
      httpApi,
      userPoolClientId: identity.client.userPoolClientId,
    });
    consoleUrl = stack.resolve(staffConsole.url);
    template = Template.fromStack(stack);
  });

  const distribution = () => {
    const all = Object.values(template.findResources('AWS::CloudFront::Distribution'));
    expect(all).toHaveLength(1);
    return (all[0]?.Properties as { DistributionConfig: Json } | undefined)?.DistributionConfig as Json;
  };
  const headersPolicy = () => {
    const all = Object.values(template.findResources('AWS::CloudFront::ResponseHeadersPolicy'));
    expect(all).toHaveLength(1);
    const props = all[0]?.Properties as
      | { ResponseHeadersPolicyConfig: { SecurityHeadersConfig: Json } }
      | undefined;
    return props?.ResponseHeadersPolicyConfig.SecurityHeadersConfig as Json;
  };

  it('keeps the files in a private, encrypted, TLS-only bucket that only the distribution reads (OAC)', () => {
    template.hasResourceProperties('AWS::S3::Bucket', {
      LoggingConfiguration: Match.objectLike({ LogFilePrefix: 'console-files/' }),
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
      },
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
    });
    const policies = Object.values(template.findResources('AWS::S3::BucketPolicy')).map((p) =>
      JSON.stringify(p.Properties),
    );
    const files = policies.find((p) => p.includes('cloudfront.amazonaws.com'));
    expect(files).toBeDefined();
    // TLS only, and no statement grants anyone ("*") reading.
    expect(files).toContain('"aws:SecureTransport":"false"');
    const statements = JSON.parse(files ?? '{}').PolicyDocument.Statement as Json[];
    for (const s of statements.filter((s) => s.Effect === 'Allow'))
      expect(s.Principal).toEqual({ Service: 'cloudfront.amazonaws.com' });
    template.resourceCountIs('AWS::CloudFront::OriginAccessControl', 1);
    expect(JSON.stringify(distribution().Origins)).toContain('OriginAccessControlId');
  });

  it('serves over HTTPS only, with the strict CSP, HSTS, nosniff and frame denial, and index.html for the routes', () => {
    const config = distribution();
    expect((config.DefaultCacheBehavior as Json).ViewerProtocolPolicy).toBe('https-only');
    expect(config.DefaultRootObject).toBe('console/index.html');
    // The console's routes reach index.html by the routing function: no custom error response, which
    // CloudFront would apply to the API's answers as well.
    expect(config.CustomErrorResponses).toBeUndefined();
    expect(JSON.stringify((config.DefaultCacheBehavior as Json).FunctionAssociations)).toContain(
      '"EventType":"viewer-request"',
    );
    const headers = headersPolicy();
    const csp = JSON.stringify((headers.ContentSecurityPolicy as Json).ContentSecurityPolicy);
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).toContain('connect-src');
    // The API is on the console's own origin: 'self' and the hosted UI, no execute-api origin.
    expect(csp).toContain("connect-src 'self' https://union-claims-test.auth.ap-east-1.amazoncognito.com;");
    expect(csp).not.toContain('execute-api');
    expect(headers.StrictTransportSecurity).toMatchObject({
      AccessControlMaxAgeSec: 63_072_000,
      Override: true,
    });
    expect(headers.ContentTypeOptions).toEqual({ Override: true });
    expect(headers.FrameOptions).toEqual({ FrameOption: 'DENY', Override: true });
  });

  it('serves the HTTP API on its own origin under /api/*: not cached, every method, Authorization and query forwarded', () => {
    const config = distribution();
    const behaviours = config.CacheBehaviors as Json[];
    expect(behaviours).toHaveLength(1);
    const api = behaviours[0] as Json;
    expect(api.PathPattern).toBe('/api/*');
    expect(api.ViewerProtocolPolicy).toBe('https-only');
    expect(api.AllowedMethods).toEqual(
      expect.arrayContaining(['GET', 'HEAD', 'OPTIONS', 'PUT', 'PATCH', 'POST', 'DELETE']),
    );
    // CloudFront's managed policies: CachingDisabled and AllViewerExceptHostHeader.
    expect(api.CachePolicyId).toBe('4135ea2d-6df8-44a3-9df3-4b5a84be39ad');
    expect(api.OriginRequestPolicyId).toBe('b689b0a8-53d0-40ab-baf2-68738e2966ac');
    expect(api.FunctionAssociations).toEqual((config.DefaultCacheBehavior as Json).FunctionAssociations);
    const origin = (config.Origins as Json[]).find((o) => o.Id === api.TargetOriginId);
    expect(JSON.stringify(origin?.DomainName)).toContain(JSON.stringify(apiId));
    expect(JSON.stringify(origin?.DomainName)).toContain('.execute-api.ap-east-1.');
    expect(origin?.CustomOriginConfig).toMatchObject({
      OriginProtocolPolicy: 'https-only',
      OriginSSLProtocols: ['TLSv1.2'],
    });
  });

  it('routes at the edge: /api/… to the API without its prefix, the console routes to index.html, files as they are', () => {
    const functions = Object.values(template.findResources('AWS::CloudFront::Function'));
    expect(functions).toHaveLength(1);
    const props = functions[0]?.Properties as { FunctionCode: string; FunctionConfig: Json };
    expect(props.FunctionConfig.Runtime).toBe('cloudfront-js-2.0');
    const handler = new Function(`${props.FunctionCode}; return handler;`)() as (event: {
      request: { uri: string; querystring: Json };
    }) => { uri: string; querystring: Json };
    const uriOf = (uri: string) => handler({ request: { uri, querystring: {} } }).uri;
    expect(uriOf('/api/claims')).toBe('/claims');
    expect(uriOf('/api/payment-batches/B-1/confirm')).toBe('/payment-batches/B-1/confirm');
    expect(handler({ request: { uri: '/api/claims', querystring: { status: { value: 'paid' } } } })).toEqual({
      uri: '/claims',
      querystring: { status: { value: 'paid' } },
    });
    expect(uriOf('/console')).toBe('/console/index.html');
    expect(uriOf('/console/')).toBe('/console/index.html');
    expect(uriOf('/console/tickets')).toBe('/console/index.html');
    expect(uriOf('/console/claims/C-01J9')).toBe('/console/index.html');
    expect(uriOf('/console/assets/index-abc.js')).toBe('/console/assets/index-abc.js');
    expect(uriOf('/console/assets/missing')).toBe('/console/assets/missing');
    expect(uriOf('/console/config.json')).toBe('/console/config.json');
    expect(uriOf('/apiary')).toBe('/apiary');
    expect(uriOf('/')).toBe('/');
  });

  it('the Cognito client "pwa": authorization code grant only, a public client (no secret), back to the console only', () => {
    const clients = Object.values(template.findResources('AWS::Cognito::UserPoolClient'));
    expect(clients).toHaveLength(1);
    const client = clients[0]?.Properties as Json;
    expect(client.ClientName).toBe('pwa');
    expect(client.GenerateSecret).toBe(false);
    expect(client.AllowedOAuthFlowsUserPoolClient).toBe(true);
    expect(client.AllowedOAuthFlows).toEqual(['code']);
    expect(client.AllowedOAuthScopes).toEqual(expect.arrayContaining(['openid', 'email']));
    const callbacks = JSON.stringify(stack.resolve(client.CallbackURLs));
    expect(callbacks).toContain('/console/callback');
    expect(callbacks).toContain('http://localhost:3000/console/callback');
    expect(callbacks).toContain(JSON.stringify(consoleUrl).slice(1, 40));
    expect(client.CallbackURLs).toHaveLength(2);
    expect(JSON.stringify(client.LogoutURLs)).toContain('/console/signed-out');
    template.hasResourceProperties('AWS::Cognito::UserPoolDomain', { Domain: 'union-claims-test' });
  });

  it('deploys the console with config.json naming the API, the hosted UI and the client', () => {
    const deployments = Object.values(template.findResources('Custom::CDKBucketDeployment'));
    expect(deployments).toHaveLength(1);
    const props = JSON.stringify(deployments[0]?.Properties);
    expect(props).toContain('"DestinationBucketKeyPrefix":"console/"');
    expect(props).toContain('/console/*');
    // config.json is filled in at deployment with the client's id and the distribution's domain.
    expect(props).toContain('{"Ref":"IdentityUserPoolPwaClient');
    expect(props).toContain('"DomainName"]');
    // The API's URL in config.json is the console's own origin with /api (the marker stands for the
    // distribution's domain name, filled in at deployment).
    const deployed = deployments[0]?.Properties as { SourceObjectKeys: string[]; SourceMarkers: Json[] };
    const configDir = join(
      app.synth().directory,
      `asset.${deployed.SourceObjectKeys[1]?.replace(/\.zip$/, '')}`,
    );
    const config = JSON.parse(readFileSync(join(configDir, 'config.json'), 'utf8')) as Json;
    const markers = deployed.SourceMarkers[1] ?? {};
    const host = /^https:\/\/(<<marker:0xbaba:\d+>>)\/api$/.exec(String(config.apiUrl))?.[1] ?? '';
    expect(JSON.stringify(markers[host])).toMatch(
      /^\{"Fn::GetAtt":\["ConsoleDistribution\w+","DomainName"\]\}$/,
    );
  });

  it('has no unacknowledged cdk-nag finding', () => {
    const report = new AwsSolutionsChecks().validateScope(app);
    expect(
      report.violations.map(
        (v) => `${v.ruleName} at ${v.violatingResources.map((r) => r.constructPath).join(', ')}`,
      ),
    ).toEqual([]);
  });
});
