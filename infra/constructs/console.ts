import { DefaultStackSynthesizer, Duration, RemovalPolicy, Stack, Token } from 'aws-cdk-lib';
import {
  AllowedMethods,
  CachePolicy,
  Distribution,
  HeadersFrameOption,
  HeadersReferrerPolicy,
  HttpVersion,
  PriceClass,
  ResponseHeadersPolicy,
  SecurityPolicyProtocol,
  ViewerProtocolPolicy,
} from 'aws-cdk-lib/aws-cloudfront';
import { S3BucketOrigin } from 'aws-cdk-lib/aws-cloudfront-origins';
import { BlockPublicAccess, Bucket, BucketEncryption } from 'aws-cdk-lib/aws-s3';
import { BucketDeployment, Source } from 'aws-cdk-lib/aws-s3-deployment';
import { Construct } from 'constructs';
import { consoleCsp } from '../console-csp.ts';
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
}

/** What the console's config.json tells it: where the API and the sign-in endpoints are. */
export interface ConsoleSettings {
  readonly apiUrl: string;
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
  /** `https://<distribution domain>`: the console's origin. */
  readonly origin: string;
  /** `https://<distribution domain>/console/`. */
  readonly url: string;
  private readonly props: StaffConsoleProps;

  constructor(scope: Construct, id: string, props: StaffConsoleProps) {
    super(scope, id);
    this.props = props;
    const stack = Stack.of(this);
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
          // The API's exact URL would make the distribution and the API (whose CORS names the console) depend
          // on each other: the region's execute-api origin is the narrowest name that does not.
          contentSecurityPolicy: consoleCsp([
            `https://*.execute-api.${stack.region}.${stack.urlSuffix}`,
            props.cognitoDomainUrl,
          ]),
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

    this.distribution = new Distribution(this, 'Distribution', {
      comment: 'Union benefit claims: the staff console',
      defaultBehavior: {
        origin: S3BucketOrigin.withOriginAccessControl(this.bucket),
        viewerProtocolPolicy: ViewerProtocolPolicy.HTTPS_ONLY,
        allowedMethods: AllowedMethods.ALLOW_GET_HEAD,
        cachePolicy: CachePolicy.CACHING_OPTIMIZED,
        responseHeadersPolicy: this.headers,
        compress: true,
      },
      defaultRootObject: `${CONSOLE_PREFIX}/index.html`,
      // The console's own routes (/console/tickets, ...) are no objects: S3 answers 403, the page is index.html.
      errorResponses: [403, 404].map((httpStatus) => ({
        httpStatus,
        responseHttpStatus: 200,
        responsePagePath: `/${CONSOLE_PREFIX}/index.html`,
        ttl: Duration.seconds(0),
      })),
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

  /** Uploads the built console with its config.json, and clears CloudFront's copies. */
  deploy(settings: ConsoleSettings): BucketDeployment {
    const deployment = new BucketDeployment(this, 'Deploy', {
      destinationBucket: this.bucket,
      destinationKeyPrefix: `${CONSOLE_PREFIX}/`,
      sources: [
        Source.asset(this.props.builtDir, { exclude: ['.source-hash'] }),
        Source.jsonData('config.json', {
          apiUrl: settings.apiUrl.replace(/\/$/, ''),
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
