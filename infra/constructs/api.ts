import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import {
  type CfnStage,
  CorsHttpMethod,
  HttpApi,
  HttpMethod,
  HttpNoneAuthorizer,
  type HttpRoute,
  HttpStage,
  type IHttpRouteAuthorizer,
  LogGroupLogDestination,
} from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpJwtAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type { IUserPool, IUserPoolClient } from 'aws-cdk-lib/aws-cognito';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import type { FunctionId } from '../functions.ts';
import { ROUTES, type RouteDef } from '../routes.ts';
import { acknowledge } from './nag.ts';

export interface ClaimsApiProps {
  readonly functions: Readonly<Record<FunctionId, IFunction>>;
  readonly userPool: IUserPool;
  readonly userPoolClient: IUserPoolClient;
  /** Steady-state and burst request rates of the whole stage. */
  readonly throttle?: { readonly rateLimit: number; readonly burstLimit: number };
  /** Lower rates for the public approval-link routes, which anyone can call. */
  readonly publicRouteThrottle?: { readonly rateLimit: number; readonly burstLimit: number };
  /** Browser origins that may call the API (the staff console): CORS allows them alone. */
  readonly corsOrigins?: readonly string[];
}

/** `GET /a/{linkId}`: the route key API Gateway uses. */
export function routeKey(route: RouteDef): string {
  return `${route.method} ${route.path}`;
}

/** `POST /claims/{claimId}` → `PostClaimsClaimId`, for construct ids. */
function routeId(route: RouteDef): string {
  const words = [route.method.toLowerCase(), ...route.path.split(/[^A-Za-z0-9]+/)].filter(
    (word) => word !== '',
  );
  return words.map((word) => word.charAt(0).toUpperCase() + word.slice(1)).join('');
}

/**
 * The HTTP API built from ROUTES: a Lambda integration per route, the Cognito JWT authorizer on `jwt`
 * routes, none on the public approval-link routes; access logs and throttling on the default stage.
 */
export class ClaimsApi extends Construct {
  readonly httpApi: HttpApi;
  readonly stage: HttpStage;
  readonly accessLogs: LogGroup;

  constructor(scope: Construct, id: string, props: ClaimsApiProps) {
    super(scope, id);
    const stack = Stack.of(this);
    const throttle = props.throttle ?? { rateLimit: 50, burstLimit: 100 };
    const publicThrottle = props.publicRouteThrottle ?? { rateLimit: 10, burstLimit: 20 };

    this.httpApi = new HttpApi(this, 'HttpApi', {
      apiName: `${stack.stackName}-api`,
      description:
        'Union benefit claims: members and staff submit and follow claims; approvers decide by link',
      createDefaultStage: false,
      ...(props.corsOrigins === undefined || props.corsOrigins.length === 0
        ? {}
        : {
            corsPreflight: {
              allowOrigins: [...props.corsOrigins],
              allowMethods: [
                CorsHttpMethod.GET,
                CorsHttpMethod.POST,
                CorsHttpMethod.PUT,
                CorsHttpMethod.DELETE,
              ],
              allowHeaders: ['authorization', 'content-type', 'idempotency-key', 'accept'],
              exposeHeaders: ['location', 'content-disposition'],
              maxAge: Duration.hours(1),
            },
          }),
    });

    // Cognito puts the app client id in `aud` (ID token) or `client_id` (access token); API Gateway
    // checks either against the audience.
    const issuer = `https://cognito-idp.${stack.region}.${stack.urlSuffix}/${props.userPool.userPoolId}`;
    const jwt = new HttpJwtAuthorizer('CognitoJwt', issuer, {
      jwtAudience: [props.userPoolClient.userPoolClientId],
      identitySource: ['$request.header.Authorization'],
    });
    const none = new HttpNoneAuthorizer();

    const publicRoutes: HttpRoute[] = [];
    for (const route of ROUTES) {
      const authorizer: IHttpRouteAuthorizer = route.auth === 'jwt' ? jwt : none;
      const routes = this.httpApi.addRoutes({
        path: route.path,
        methods: [HttpMethod[route.method]],
        integration: new HttpLambdaIntegration(`${routeId(route)}Integration`, props.functions[route.fn]),
        authorizer,
      });
      if (route.auth === 'none') publicRoutes.push(...routes);
    }
    for (const route of publicRoutes) {
      acknowledge(route, {
        rule: 'APIG4',
        reason:
          'Approval-link routes are opened by approvers from an e-mail or SMS, without a session: the ' +
          'unguessable, single-use, expiring link id is the credential and the handler checks it; the task ' +
          'token never leaves the server, GET has no side effect, and these routes have a lower throttle.',
      });
    }

    this.accessLogs = new LogGroup(this, 'AccessLogs', {
      retention: RetentionDays.ONE_YEAR,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.stage = new HttpStage(this, 'DefaultStage', {
      httpApi: this.httpApi,
      stageName: '$default',
      autoDeploy: true,
      throttle,
      accessLogSettings: {
        destination: new LogGroupLogDestination(this.accessLogs),
        // The route key, never the path: a path holds the approval link id.
        format: AccessLogFormat.custom(
          JSON.stringify({
            requestId: '$context.requestId',
            requestTime: '$context.requestTime',
            sourceIp: '$context.identity.sourceIp',
            routeKey: '$context.routeKey',
            status: '$context.status',
            protocol: '$context.protocol',
            responseLength: '$context.responseLength',
            latencyMs: '$context.responseLatency',
            integrationLatencyMs: '$context.integrationLatency',
            integrationError: '$context.integrationErrorMessage',
            authorizerError: '$context.authorizer.error',
          }),
        ),
      },
    });
    const cfnStage = this.stage.node.defaultChild as CfnStage;
    cfnStage.routeSettings = Object.fromEntries(
      ROUTES.filter((route) => route.auth === 'none').map((route) => [
        routeKey(route),
        { ThrottlingRateLimit: publicThrottle.rateLimit, ThrottlingBurstLimit: publicThrottle.burstLimit },
      ]),
    );
    // Route settings name routes by key: the routes must exist before the stage.
    for (const route of publicRoutes) this.stage.node.addDependency(route);
  }

  /** The base URL of the API (default stage). */
  get url(): string {
    return this.stage.url;
  }
}
