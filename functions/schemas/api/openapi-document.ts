import * as z from 'zod';
import { type MediaKind, OPERATIONS, type Operation } from './operations.ts';
import { GatewayError, Problem } from './problem.ts';

type Json = Record<string, unknown>;

const MEDIA: Record<Exclude<MediaKind, 'none'>, string> = {
  json: 'application/json',
  form: 'application/x-www-form-urlencoded',
  multipart: 'multipart/form-data',
  csv: 'text/csv',
  ndjson: 'application/x-ndjson',
  html: 'text/html',
  file: 'application/octet-stream',
};

const STATUS_TEXT: Record<number, string> = {
  400: 'the request is invalid (each refused field in `errors`), or its path cannot be decoded (the gateway)',
  401: 'no valid bearer token',
  403: 'the caller may not do this',
  404: 'no such record (or one the caller may not see)',
  409: 'the record is not in a state that allows this',
  410: 'the link has expired',
  413: 'the body is too large (over the gateway limit: answered by the gateway)',
  415: 'the body is not of the media type the route takes',
  422: 'refused by a business rule',
};

const TAGS: Record<string, string> = {
  approvals: "Approvers' pending approvals and their deputies",
  audit: 'Audit trails: hash-chained claim events and the records of members, budgets, programs, approvers',
  budgets: "Units' yearly budgets per program, in fen",
  claims: 'Submitting a claim and following it',
  contract: 'This document',
  exports: 'The evaluation export (pseudonymised)',
  fraud: 'Fraud flags and their second-person decisions',
  links: 'Public links sent by e-mail or SMS: approval, satisfaction, payee confirmation',
  members: 'Members: import, look-up, service visits',
  payments: 'Payment batches, bank results and payee corrections',
  programs: 'Benefit programs and their versions',
  tickets: 'Data-correction tickets',
};

const PROBLEM_CONTENT = { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } };
const GATEWAY_CONTENT = { 'application/json': { schema: { $ref: '#/components/schemas/GatewayError' } } };

/** The statuses the gateway answers by itself, as `{message}`: a path it cannot decode, a body over its limit. */
const GATEWAY_STATUSES: ReadonlySet<number> = new Set([400, 413]);

/** The refusals of an operation: its own, the gateway's where they apply, 401 without a token on a JWT route. */
function refusalsOf(op: Operation): number[] {
  return [
    ...new Set([
      ...(op.auth === 'jwt' ? [401] : []),
      ...(op.path.includes('{') ? [400] : []),
      ...(op.body === undefined ? [] : [413]),
      ...op.problems,
    ]),
  ].sort((a, b) => a - b);
}

/** A refusal's bodies: a problem; the gateway's `{message}` for its statuses; a page behind a link. */
function refusalContent(status: number, pages: boolean): Json {
  if (status === 401) return GATEWAY_CONTENT;
  return {
    ...PROBLEM_CONTENT,
    ...(GATEWAY_STATUSES.has(status) ? GATEWAY_CONTENT : {}),
    ...(pages ? { 'text/html': { schema: { type: 'string' } } } : {}),
  };
}

/** A zod schema as an OpenAPI 3.1 (JSON Schema 2020-12) schema: requests as read, responses as written. */
function schemaOf(schema: z.ZodType, io: 'input' | 'output'): Json {
  const { $schema: _, ...rest } = z.toJSONSchema(schema, {
    target: 'draft-2020-12',
    io,
    unrepresentable: 'any',
  }) as Json;
  return rest;
}

const operationId = (op: Operation) =>
  `${op.method.toLowerCase()}${op.path
    .split('/')
    .filter((s) => s.length > 0)
    .map((s) => s.replace(/[{}]/g, '').replace(/[^A-Za-z0-9]+(.)?/g, (_m, c: string = '') => c.toUpperCase()))
    .map((s) => s.charAt(0).toUpperCase() + s.slice(1))
    .join('')}`;

function parametersOf(op: Operation): Json[] {
  const path = [...op.path.matchAll(/\{([^}]+)\}/g)].map(([, name]) => ({
    name,
    in: 'path',
    required: true,
    schema: { type: 'string' },
  }));
  const query = Object.entries(op.query ?? {}).map(([name, q]) => ({
    name,
    in: 'query',
    required: q.required ?? false,
    description: q.description,
    schema: { type: 'string' },
  }));
  const fromSchema =
    op.querySchema === undefined
      ? []
      : Object.entries((schemaOf(op.querySchema, 'input').properties ?? {}) as Record<string, Json>).map(
          ([name, schema]) => ({ name, in: 'query', required: false, schema }),
        );
  const headers = Object.entries(op.headers ?? {}).map(([name, h]) => ({
    name,
    in: 'header',
    required: h.required ?? false,
    description: h.description,
    schema: { type: 'string' },
  }));
  return [...path, ...query, ...fromSchema, ...headers];
}

function contentOf(kind: MediaKind, schema: Json | undefined): Json | undefined {
  if (kind === 'none') return undefined;
  const binary = kind !== 'json';
  return { [MEDIA[kind]]: { schema: schema ?? (binary ? { type: 'string' } : { type: 'object' }) } };
}

function responsesOf(op: Operation): Json {
  const responses: Json = {};
  for (const [status, answer] of Object.entries(op.ok)) {
    const schema = answer.schema === undefined ? undefined : schemaOf(answer.schema, 'output');
    const content = {
      ...contentOf(answer.kind, schema),
      ...Object.assign({}, ...(answer.alternatives ?? []).map((alt) => contentOf(alt, undefined))),
    };
    responses[status] = {
      description: answer.description,
      ...(Object.keys(content).length > 0 ? { content } : {}),
    };
  }
  for (const status of refusalsOf(op)) {
    responses[status] =
      status === 401
        ? { description: STATUS_TEXT[401], content: refusalContent(401, false) }
        : op.pages === true
          ? {
              description: `${STATUS_TEXT[status] ?? `status ${status}`} (a page, or a problem with Accept: application/json)`,
              content: refusalContent(status, true),
            }
          : { $ref: `#/components/responses/Problem${status}` };
  }
  return responses;
}

function operationOf(op: Operation): Json {
  const parameters = parametersOf(op);
  const bodyContent =
    op.body === undefined
      ? undefined
      : {
          ...contentOf(op.body.kind, op.body.schema && schemaOf(op.body.schema, 'input')),
          ...(op.body.orJson === undefined ? {} : contentOf('json', schemaOf(op.body.orJson, 'input'))),
        };
  return {
    operationId: operationId(op),
    summary: op.summary,
    tags: [op.tag],
    security: op.auth === 'jwt' ? [{ bearer: [] }] : [],
    ...(parameters.length > 0 ? { parameters } : {}),
    ...(bodyContent === undefined ? {} : { requestBody: { required: true, content: bodyContent } }),
    responses: responsesOf(op),
  };
}

/** The OpenAPI 3.1 document of the HTTP API, generated from the zod schemas of each operation. */
export function openApiDocument(serverUrl = '/'): Json {
  const paths: Record<string, Json> = {};
  for (const op of OPERATIONS) {
    paths[op.path] = { ...paths[op.path], [op.method.toLowerCase()]: operationOf(op) };
  }
  const statuses = [...new Set(OPERATIONS.flatMap(refusalsOf))]
    .filter((status) => status !== 401)
    .sort((a, b) => a - b);
  const tags = [...new Set(OPERATIONS.map((op) => op.tag))]
    .sort()
    .map((name) => ({ name, description: TAGS[name] ?? name }));
  return {
    openapi: '3.1.0',
    info: {
      title: 'Union benefit claims API',
      version: '0.1.0',
      description:
        'The HTTP API of the benefit-claims workflow. Money is integer fen. Every refusal is `application/problem+json`.',
      license: { name: 'Apache-2.0', identifier: 'Apache-2.0' },
    },
    servers: [{ url: serverUrl }],
    tags,
    security: [{ bearer: [] }],
    paths,
    components: {
      securitySchemes: {
        bearer: {
          type: 'http',
          scheme: 'bearer',
          bearerFormat: 'JWT',
          description: 'An ID token of the identity provider (Amazon Cognito; locally `npm run token`)',
        },
      },
      schemas: { Problem: schemaOf(Problem, 'output'), GatewayError: schemaOf(GatewayError, 'output') },
      responses: Object.fromEntries(
        statuses.map((status) => [
          `Problem${status}`,
          {
            description: STATUS_TEXT[status] ?? `status ${status}`,
            content: refusalContent(status, false),
          },
        ]),
      ),
    },
  };
}
