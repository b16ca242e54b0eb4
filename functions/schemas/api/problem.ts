import * as z from 'zod';

/** One refused field of a request: its dotted path (`payee.accountNumber`) and why. */
export const FieldProblem = z.object({ field: z.string(), message: z.string() });

/**
 * An RFC 9457 problem (`application/problem+json`), the body of every refusal. Some routes add members
 * beside these (a link's `result`, a refused bank file's report).
 */
export const Problem = z.looseObject({
  type: z.string().describe('`about:blank`: the status says what kind of problem it is'),
  title: z.string(),
  status: z.int().min(400).max(599),
  detail: z.string().optional(),
  instance: z.string().optional().describe('the path of the request'),
  errors: z.array(FieldProblem).optional().describe('each refused field, when the body or query was invalid'),
});

/**
 * What API Gateway (and the local server) answers by itself, before any function runs: no valid bearer
 * token (401), a path it cannot decode (400), a body over its limit (413).
 */
export const GatewayError = z.object({ message: z.string() });
