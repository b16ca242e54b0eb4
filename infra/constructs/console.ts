import { DefaultStackSynthesizer, Duration, RemovalPolicy, Stack, Token } from 'aws-cdk-lib';
import type { IHttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import {
  AllowedMethods,
  CachePolicy,
  Distribution,
  Function as EdgeFunction,
  FunctionCode,
  FunctionEventType,
  FunctionRuntime,
  HeadersFrameOption,
  HeadersReferrerPolicy,
  HttpVersion,
  OriginProtocolPolicy,
  OriginRequestPolicy,
  OriginSslPolicy,
  PriceClass,
  ResponseHeadersPolicy,
  SecurityPolicyProtocol,
  ViewerProtocolPolicy,
} from 'aws-cdk-lib/aws-cloudfront';
import { HttpOrigin, S3BucketOrigin } from 'aws-cdk-lib/aws-cloudfront-origins';
import { BlockPublicAccess, Bucket, BucketEncryption } from 'aws-cdk-lib/aws-s3';
import { BucketDeployment, Source } from 'aws-cdk-lib/aws-s3-deployment';
import { Construct } from 'constructs';
import { consoleCsp } from '../console-csp.ts';
import { CONSOLE_API_PREFIX, CONSOLE_VIEWER_REQUEST } from '../console-routing.ts';
import { acknowledge, type NagAcknowledgement } from './nag.ts';
import { accessLogBucket } from './safe-storage.ts';

/** How cdk-nag names a value: `${AWS::Region}` and tokens of pseudo parameters as `<AWS::Region>`. */
function nagName(scope: Construct, value: string): string {
  const stack = Stack.of(scope);
  const pseudo: Record<string, string> = {
    [stack.account]: '<AWS::AccountId>',
    [stack.region]: '<AWS::Region>',
  };
  return (Token.isUnresolved(value) ? (pseudo[value] ?? value) : value).replace(/\$\{(AWS::\w+)\}/g, '<$1>');
}

/**
 * The wildcard findings of CDK's BucketDeployment handler: it reads the CDK asset bucket and writes and
 * prunes the console bucket (object wildcards on those two), and CloudFront invalidation has no resource.
 */
function deploymentHandlerFindings(scope: Construct, bucket: Bucket): NagAcknowledgement[] {
  const stack = Stack.of(scope);
  // The default synthesizer's asset bucket, as the handler's policy names it.
  const assets = DefaultStackSynthesizer.DEFAULT_FILE_ASSETS_BUCKET_NAME.replace(
    /\$\{Qualifier\}/,
    DefaultStackSynthesizer.DEFAULT_QUALIFIER,
  )
    .replace(/\$\{AWS::AccountId\}/, nagName(scope, stack.account))
    .replace(/\$\{AWS::Region\}/, nagName(scope, stack.region));
  const reason =
    "CDK's BucketDeployment handler copies the built console from the CDK asset bucket into the console bucket, prunes old files, and invalidates the distribution (which takes no resource): object-level wildcards on those two buckets only.";
  const findings = [
    'Action::s3:GetObject*',
    'Action::s3:GetBucket*',
    'Action::s3:List*',
    'Action::s3:DeleteObject*',
    'Action::s3:Abort*',
    `Resource::arn:<AWS::Partition>:s3:::${assets}/*`,
    `Resource::<${stack.getLogicalId(bucket.node.defaultChild as never)}.Arn>/*`,
    'Resource::*',
  ];
  return findings.map((finding) => ({ rule: 'IAM5', finding, reason }));
}

/** Where the console lives on its distribution (the same path as on the local API). */
export const CONSOLE_PREFIX = 'console';

export interface StaffConsoleProps {
  /** `https://<prefix>.auth.<region>.amazoncognito.com`: the hosted UI and its token endpoint. */
  readonly cognitoDomainUrl: string;
  /** The console as built by `npm run build:console`. */
  readonly builtDir: string;
  /** Where the console sends files by POST /uploads' signed forms (the documents bucket's origin). */
  readonly uploadOrigins?: readonly string[];
}

/** What the console is deployed with: the API it serves on its own origin, and the Cognito client. */
export interface ConsoleSettings {
  readonly httpApi: IHttpApi;
  readonly userPoolClientId: string;
}

/**
 * The staff console: its built files in a private S3 bucket (no public access, TLS only, encrypted),
 * served by CloudFront through Origin Access Control over HTTPS only, with a response-headers policy that
 * carries the strict CSP, HSTS, nosniff and frame denial. `deploy()` uploads the files with config.json.
 */
export class StaffConsole extends Construct {
  readonly bucket: Bucket;
  readonly accessLogs: Bucket;
  readonly distribution: Distribution;
  readonly headers: ResponseHeadersPolicy;
  /** The viewer-request function of both behaviours (console/api routing, see console-routing.ts). */
  readonly routing: EdgeFunction;
  /** `https://<distribution domain>`: the console's origin. */
  readonly origin: string;
  /** `https://<distribution domain>/console/`. */
  readonly url: string;
  private readonly props: StaffConsoleProps;

  constructor(scope: Construct, id: string, props: StaffConsoleProps) {
    super(scope, id);
    this.props = props;
    this.accessLogs = accessLogBucket(this, 'the staff console and its distribution');

    this.bucket = new Bucket(this, 'Files', {
      encryption: BucketEncryption.S3_MANAGED,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      versioned: true,
      serverAccessLogsBucket: this.accessLogs,
      serverAccessLogsPrefix: 'console-files/',
      removalPolicy: RemovalPolicy.RETAIN,
      lifecycleRules: [{ noncurrentVersionExpiration: Duration.days(30) }],
    });

    this.headers = new ResponseHeadersPolicy(this, 'Headers', {
      comment: 'Staff console: strict CSP, HSTS, nosniff, no framing',
      securityHeadersBehavior: {
        contentSecurityPolicy: {
          // The API is served on the console's own origin (under /api, see serveApi): 'self', the hosted UI,
          // and the bucket that takes big files by signed form.
          contentSecurityPolicy: consoleCsp([props.cognitoDomainUrl, ...(props.uploadOrigins ?? [])]),
          override: true,
        },
        strictTransportSecurity: {
          accessControlMaxAge: Duration.days(730),
          includeSubdomains: true,
          preload: true,
          override: true,
        },
        contentTypeOptions: { override: true },
        frameOptions: { frameOption: HeadersFrameOption.DENY, override: true },
        referrerPolicy: { referrerPolicy: HeadersReferrerPolicy.NO_REFERRER, override: true },
      },
    });

    this.routing = new EdgeFunction(this, 'Routing', {
      comment: 'Staff console: /api/* to the HTTP API without its prefix, the console routes to index.html',
      code: FunctionCode.fromInline(CONSOLE_VIEWER_REQUEST),
      runtime: FunctionRuntime.JS_2_0,
    });

    this.distribution = new Distribution(this, 'Distribution', {
      comment: 'Union benefit claims: the staff console',
      defaultBehavior: {
        origin: S3BucketOrigin.withOriginAccessControl(this.bucket),
        viewerProtocolPolicy: ViewerProtocolPolicy.HTTPS_ONLY,
        allowedMethods: AllowedMethods.ALLOW_GET_HEAD,
        cachePolicy: CachePolicy.CACHING_OPTIMIZED,
        responseHeadersPolicy: this.headers,
        compress: true,
        // The console's own routes (/console/tickets, ...) are no objects: the function asks S3 for index.html.
        // No custom error responses: CloudFront would apply them to the API's answers too.
        functionAssociations: [{ function: this.routing, eventType: FunctionEventType.VIEWER_REQUEST }],
      },
      defaultRootObject: `${CONSOLE_PREFIX}/index.html`,
      minimumProtocolVersion: SecurityPolicyProtocol.TLS_V1_2_2021,
      httpVersion: HttpVersion.HTTP2_AND_3,
      priceClass: PriceClass.PRICE_CLASS_ALL,
      enableLogging: true,
      logBucket: this.accessLogs,
      logFilePrefix: 'console-distribution/',
    });
    acknowledge(
      this.distribution,
      {
        rule: 'CFR1',
        reason:
          'No geo restriction: union staff sign in from wherever they work or travel; access is by Cognito sign-in with MFA.',
      },
      {
        rule: 'CFR2',
        reason:
          'Static files only (no server logic, nothing to inject into); the API behind it has its own throttling and the JWT authorizer.',
      },
      {
        rule: 'CFR4',
        reason:
          "The distribution's default *.cloudfront.net certificate lets CloudFront pick the viewer TLS policy; a custom domain with its ACM certificate takes TLSv1.2_2021 (set above).",
      },
    );

    this.origin = `https://${this.distribution.distributionDomainName}`;
    this.url = `${this.origin}/${CONSOLE_PREFIX}/`;
  }

  /**
   * Serves the HTTP API on the console's origin under `/api/*` (the prefix taken off by the routing function):
   * never cached, every method, every viewer header but Host (so the Authorization header) and the query
   * string forwarded. The console calls the API as 'self': no CORS, and the CSP names no API origin.
   * Returns the API's base URL on the console's origin.
   */
  serveApi(httpApi: IHttpApi): string {
    const stack = Stack.of(this);
    this.distribution.addBehavior(
      `${CONSOLE_API_PREFIX}/*`,
      new HttpOrigin(`${httpApi.apiId}.execute-api.${stack.region}.${stack.urlSuffix}`, {
        protocolPolicy: OriginProtocolPolicy.HTTPS_ONLY,
        originSslProtocols: [OriginSslPolicy.TLS_V1_2],
      }),
      {
        viewerProtocolPolicy: ViewerProtocolPolicy.HTTPS_ONLY,
        allowedMethods: AllowedMethods.ALLOW_ALL,
        cachePolicy: CachePolicy.CACHING_DISABLED,
        originRequestPolicy: OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
        compress: true,
        functionAssociations: [{ function: this.routing, eventType: FunctionEventType.VIEWER_REQUEST }],
      },
    );
    return `${this.origin}${CONSOLE_API_PREFIX}`;
  }

  /**
   * Serves the API on the console's origin (serveApi), uploads the built console with its config.json, and
   * clears CloudFront's copies.
   */
  deploy(settings: ConsoleSettings): BucketDeployment {
    const apiUrl = this.serveApi(settings.httpApi);
    const deployment = new BucketDeployment(this, 'Deploy', {
      destinationBucket: this.bucket,
      destinationKeyPrefix: `${CONSOLE_PREFIX}/`,
      sources: [
        Source.asset(this.props.builtDir, { exclude: ['.source-hash'] }),
        Source.jsonData('config.json', {
          apiUrl,
          authorizeUrl: `${this.props.cognitoDomainUrl}/oauth2/authorize`,
          tokenUrl: `${this.props.cognitoDomainUrl}/oauth2/token`,
          logoutUrl: `${this.props.cognitoDomainUrl}/logout`,
          clientId: settings.userPoolClientId,
          redirectUri: `${this.url}callback`,
          scope: 'openid email',
        }),
      ],
      distribution: this.distribution,
      distributionPaths: [`/${CONSOLE_PREFIX}/*`],
      memoryLimit: 512,
    });
    // The deployment's handler is a singleton function at the stack's root, shared by every BucketDeployment.
    const handler = Stack.of(this).node.children.filter((child) =>
      child.node.id.startsWith('Custom::CDKBucketDeployment'),
    );
    for (const scope of handler)
      acknowledge(
        scope,
        ...deploymentHandlerFindings(this, this.bucket),
        {
          rule: 'IAM4',
          finding: 'Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole',
          reason:
            "CDK's BucketDeployment handler uses the AWS-managed basic execution role policy for its logs.",
        },
        { rule: 'L1', reason: "CDK's BucketDeployment handler runtime is chosen by aws-cdk-lib." },
      );
    return deployment;
  }
}
