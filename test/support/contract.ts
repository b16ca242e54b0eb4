import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { openApiDocument } from '../../functions/schemas/api/openapi-document.ts';

type Json = Record<string, unknown>;

/**
 * Checks an answer of the API against its OpenAPI document: the status must be one the operation
 * describes, and a JSON or problem+json body must match the schema described for it. A path no
 * operation describes (the local IdP's key set, the Step Functions endpoint) is not checked.
 */
export class ContractChecker {
  private readonly doc = openApiDocument();
  private readonly ajv = new Ajv2020({ strict: false, allErrors: true });
  private readonly validators = new Map<string, ValidateFunction>();
  private readonly templates: { method: string; path: string; pattern: RegExp }[];

  constructor() {
    addFormats.default(this.ajv);
    this.templates = Object.entries(this.doc.paths as Record<string, Json>).flatMap(([path, item]) =>
      Object.keys(item).map((method) => ({
        method,
        path,
        pattern: new RegExp(`^${path.replace(/\{[^}]+\}/g, '[^/]+').replaceAll('.', '\\.')}$`),
      })),
    );
  }

  /** The operation of a request (the most literal path first: `/payment-batches/reconciliations` before `{batchId}`). */
  private operationOf(method: string, pathname: string) {
    const matches = this.templates.filter(
      (t) => t.method === method.toLowerCase() && t.pattern.test(pathname),
    );
    return matches.sort((a, b) => placeholders(a.path) - placeholders(b.path))[0];
  }

  private resolve(node: unknown): Json {
    let value = (node ?? {}) as Json;
    while (typeof value.$ref === 'string') {
      value = value.$ref
        .slice(2)
        .split('/')
        .reduce<Json>(
          (at, key) => (at[key.replaceAll('~1', '/').replaceAll('~0', '~')] ?? {}) as Json,
          this.doc,
        );
    }
    return value;
  }

  private validator(key: string, schema: Json): ValidateFunction {
    let validate = this.validators.get(key);
    if (validate === undefined) {
      validate = this.ajv.compile(inlineRefs(schema, (ref) => this.resolve({ $ref: ref })) as Json);
      this.validators.set(key, validate);
    }
    return validate;
  }

  /** The contract's complaints about one answer (none: it matches). */
  check(method: string, url: string, status: number, contentType: string, body: string): string[] {
    const { pathname } = new URL(url);
    const template = this.operationOf(method, pathname);
    if (template === undefined) return [];
    const where = `${method} ${pathname} (${template.path}) → ${status}`;
    const op = this.resolve((this.doc.paths as Record<string, Json>)[template.path]?.[template.method]);
    const responses = (op.responses ?? {}) as Json;
    const described = responses[String(status)];
    // A server error is not described per operation: a problem from the function, `{message}` from the gateway.
    const response =
      described === undefined && status >= 500
        ? {
            content: {
              'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } },
              'application/json': { schema: { $ref: '#/components/schemas/GatewayError' } },
            },
          }
        : this.resolve(described);
    if (described === undefined && status < 500)
      return [`${where}: status ${status} is not in the contract (${Object.keys(responses).join(', ')})`];
    const media = contentType.split(';')[0]?.trim().toLowerCase() ?? '';
    const content = (response.content ?? {}) as Record<string, Json>;
    if (method === 'HEAD' || body.length === 0) return [];
    if (content[media] === undefined)
      return [
        `${where}: ${media || 'no content type'} is not in the contract (${Object.keys(content).join(', ')})`,
      ];
    if (media !== 'application/json' && media !== 'application/problem+json') return [];
    const schema = content[media]?.schema as Json | undefined;
    if (schema === undefined) return [];
    let parsed: unknown;
    try {
      parsed = JSON.parse(body);
    } catch {
      return [`${where}: the ${media} body is not JSON`];
    }
    const validate = this.validator(`${template.method} ${template.path} ${status} ${media}`, schema);
    if (validate(parsed)) return [];
    return (validate.errors ?? []).map(
      (e) => `${where}: body${e.instancePath} ${e.message ?? 'does not match'} ${JSON.stringify(e.params)}`,
    );
  }
}

const placeholders = (path: string) => (path.match(/\{/g) ?? []).length;

/** The schema with every `$ref` into the document replaced by what it points at. */
function inlineRefs(node: unknown, resolve: (ref: string) => Json): unknown {
  if (Array.isArray(node)) return node.map((n) => inlineRefs(n, resolve));
  if (typeof node !== 'object' || node === null) return node;
  const object = node as Json;
  if (typeof object.$ref === 'string' && object.$ref.startsWith('#/components/'))
    return inlineRefs(resolve(object.$ref), resolve);
  return Object.fromEntries(Object.entries(object).map(([k, v]) => [k, inlineRefs(v, resolve)]));
}

let checker: ContractChecker | undefined;
/** The base URLs of the running APIs whose answers are checked (a stack's URL may change on restart). */
const apis = new Set<() => string>();

/** Checks every answer of the API at this base URL (read at each request) until the returned function is called. */
export function checkAnswersOf(baseUrl: () => string): () => void {
  apis.add(baseUrl);
  return () => apis.delete(baseUrl);
}

/**
 * `fetch`, with each answer of a registered API checked against the OpenAPI document: an answer that
 * does not match throws, so the test that received it fails.
 */
export function contractFetch(base: typeof fetch): typeof fetch {
  return async (input, init) => {
    const res = await base(input, init);
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    if (![...apis].some((api) => url.startsWith(`${api().replace(/\/$/, '')}/`))) return res;
    const method = (init?.method ?? (input instanceof Request ? input.method : 'GET')).toUpperCase();
    checker ??= new ContractChecker();
    const body = method === 'HEAD' ? '' : await res.clone().text();
    const problems = checker.check(method, url, res.status, res.headers.get('content-type') ?? '', body);
    if (problems.length > 0)
      throw new Error(`the answer does not match the OpenAPI contract:\n${problems.slice(0, 10).join('\n')}`);
    return res;
  };
}
