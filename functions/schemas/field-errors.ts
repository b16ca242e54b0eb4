import type * as z from 'zod';
import type { FieldError } from '../domain/errors.ts';

/** zod issues as `{field, message}` with dotted field paths (`payee.accountNumber`, `evidence.0.number`). */
export function fieldErrors(error: z.ZodError): FieldError[] {
  return error.issues.map((issue) => ({
    field: issue.path.length > 0 ? issue.path.map(String).join('.') : '(body)',
    message: issue.message,
  }));
}
