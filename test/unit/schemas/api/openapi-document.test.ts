import { createConfig, lintFromString } from '@redocly/openapi-core';
import { describe, expect, it } from 'vitest';
import { handler } from '../../../../functions/handlers/api-docs.ts';
import { openApiDocument } from '../../../../functions/schemas/api/openapi-document.ts';
import { OPERATIONS } from '../../../../functions/schemas/api/operations.ts';
import { ROUTES } from '../../../../infra/routes.ts';
import { getEvent } from '../../../fixtures/events.ts';
import { ContractChecker } from '../../../support/contract.ts';
import { bodyOf, invoke } from '../../../support/lambda.ts';

const key = (r: { method: string; path: string }) => `${r.method} ${r.path}`;

/**
 * Warnings of the recommended ruleset the contract keeps, each for a reason: the two contract routes are
 * public, take no input and cannot be refused, so they have no 4xx answer to describe.
 */
const ACCEPTED_WARNINGS = [
  // A document view answers a redirect to its signed URL, never 2xx.
  'operation-2xx-response #/paths/~1a~1{linkId}~1documents~1{documentId}/get/responses',
  'operation-4xx-response #/paths/~1openapi.json/get/responses',
  'operation-4xx-response #/paths/~1docs/get/responses',
];

type Json = Record<string, unknown>;
const operationOf = (doc: Json, method: string, path: string) =>
  ((doc.paths as Record<string, Json>)[path]?.[method.toLowerCase()] ?? undefined) as Json | undefined;

describe('the OpenAPI contract', () => {
  describe('coverage', () => {
    it('describes every route of the route table, with its security, and nothing else (a route added without its operation fails here)', () => {
      const routes = ROUTES.map((r) => `${key(r)} ${r.auth}`).sort();
      const described = OPERATIONS.map((op) => `${key(op)} ${op.auth}`).sort();
      expect(described).toEqual(routes);
      expect(new Set(OPERATIONS.map(key)).size).toBe(OPERATIONS.length);
    });

    it('gives every operation a success answer, every JSON answer a schema, and every refusal the Problem schema', () => {
      const doc = openApiDocument();
      for (const route of ROUTES) {
        const op = operationOf(doc, route.method, route.path);
        const responses = (op?.responses ?? {}) as Record<string, Json>;
        const statuses = Object.keys(responses);
        expect({ route: key(route), ok: statuses.some((s) => s.startsWith('2') || s === '302') }).toEqual({
          route: key(route),
          ok: true,
        });
        for (const status of statuses.filter((s) => Number(s) >= 400 && s !== '401')) {
          const ref = responses[status]?.$ref;
          const response =
            typeof ref === 'string'
              ? ((doc.components as Json).responses as Record<string, Json>)[ref.split('/').at(-1) ?? '']
              : responses[status];
          const content = (response?.content ?? {}) as Record<string, Json>;
          expect({ route: key(route), status, problem: content['application/problem+json']?.schema }).toEqual(
            {
              route: key(route),
              status,
              problem: { $ref: '#/components/schemas/Problem' },
            },
          );
        }
        const spec = OPERATIONS.find((o) => key(o) === key(route));
        for (const answer of Object.values(spec?.ok ?? {}))
          if (answer.kind === 'json' && route.path !== '/openapi.json')
            expect({ route: key(route), schema: answer.schema !== undefined }).toEqual({
              route: key(route),
              schema: true,
            });
        expect({ route: key(route), security: op?.security }).toEqual({
          route: key(route),
          security: route.auth === 'jwt' ? [{ bearer: [] }] : [],
        });
        if (route.auth === 'jwt') expect(responses['401']).toBeDefined();
      }
    });

    it('names each refused field in the shared Problem schema', () => {
      const problem = ((openApiDocument().components as Json).schemas as Record<string, Json>).Problem ?? {};
      expect(problem.required).toEqual(['type', 'title', 'status']);
      const errors = (problem.properties as Record<string, Json>).errors ?? {};
      expect((errors.items as Json).required).toEqual(['field', 'message']);
    });
  });

  describe('lint (Redocly, recommended ruleset)', () => {
    it('has no errors, and only the warnings it accepts', async () => {
      const config = await createConfig({ extends: ['recommended'] });
      const problems = await lintFromString({
        source: JSON.stringify(openApiDocument()),
        absoluteRef: 'openapi.json',
        config,
      });
      const errors = problems.filter((p) => p.severity === 'error');
      expect(errors.map((p) => `${p.ruleId} ${p.message} ${p.location[0]?.pointer}`)).toEqual([]);
      const warnings = problems.map((p) => `${p.ruleId} ${p.location[0]?.pointer}`);
      expect(warnings.sort()).toEqual([...ACCEPTED_WARNINGS].sort());
    });
  });

  describe('api-docs handler', () => {
    it('serves the document as JSON at /openapi.json', async () => {
      const result = await invoke(handler, getEvent('/openapi.json', 'GET /openapi.json', {}, null));
      expect(result.statusCode).toBe(200);
      expect(result.headers?.['content-type']).toMatch(/^application\/json/);
      expect(bodyOf(result)).toEqual(openApiDocument());
    });

    it('serves a plain page at /docs listing each operation, with no script', async () => {
      const result = await invoke(handler, getEvent('/docs', 'GET /docs', {}, null));
      expect(result.statusCode).toBe(200);
      expect(result.headers?.['content-type']).toMatch(/^text\/html/);
      const page = String(result.body);
      for (const route of ROUTES) expect(page).toContain(`<code>${route.path}</code>`);
      expect(page).not.toMatch(/<script/i);
    });
  });

  describe('response validation (the check every integration, security and e2e answer goes through)', () => {
    const checker = new ContractChecker();
    const url = (path: string) => `http://127.0.0.1:3000${path}`;
    const JSON_TYPE = 'application/json; charset=utf-8';
    const accepted = { claimId: 'C-1', status: 'SUBMITTED', statusUrl: '/claims/C-1' };

    it('passes an answer the contract describes', () => {
      expect(checker.check('POST', url('/claims'), 202, JSON_TYPE, JSON.stringify(accepted))).toEqual([]);
      const problem = {
        type: 'about:blank',
        title: 'Invalid',
        status: 400,
        errors: [{ field: 'memberId', message: 'x' }],
      };
      expect(
        checker.check('POST', url('/claims'), 400, 'application/problem+json', JSON.stringify(problem)),
      ).toEqual([]);
    });

    it('fails a body that does not match its schema', () => {
      const { statusUrl: _, ...withoutUrl } = accepted;
      expect(
        checker.check('POST', url('/claims'), 202, JSON_TYPE, JSON.stringify(withoutUrl)).join(),
      ).toContain("must have required property 'statusUrl'");
      const badProblem = { title: 'Invalid', status: 400, errors: [{ field: 'memberId' }] };
      expect(
        checker.check('POST', url('/claims'), 400, 'application/problem+json', JSON.stringify(badProblem)),
      ).toHaveLength(2);
    });

    it('fails a status or a media type the operation does not describe', () => {
      expect(checker.check('GET', url('/programs'), 201, JSON_TYPE, '{}').join()).toContain(
        'status 201 is not in the contract',
      );
      expect(checker.check('POST', url('/claims'), 202, 'text/html', '<p>').join()).toContain(
        'text/html is not in the contract',
      );
    });

    it('checks an answer by its route template, and leaves paths outside the API alone', () => {
      const report = {
        applied: [],
        waiting: [],
        reconciliationId: null,
        unchanged: [],
        refused: [],
        fileErrors: [],
        summary: {},
      };
      expect(
        checker.check(
          'POST',
          url('/payment-batches/reconciliations'),
          200,
          JSON_TYPE,
          JSON.stringify(report),
        ),
      ).toEqual([]);
      expect(checker.check('GET', url('/local-idp/jwks.json'), 200, JSON_TYPE, '{"keys":[]}')).toEqual([]);
    });
  });
});
