import * as z from 'zod';

/** The body of `POST /service-visits`: a member's use of a service program. */
export const ServiceVisitBody = z.strictObject({
  program: z
    .string()
    .regex(/^[a-z][a-z-]{1,39}$/, { error: 'must be a program id such as psychological-care' }),
  service: z.string().regex(/^[a-z][a-z-]{1,39}$/, { error: 'must be a service id such as counselling' }),
  memberId: z.string().regex(/^M\d{6,9}$/, { error: 'must be a member id such as M000001' }),
  unitCode: z.string().min(1).max(40),
  visitedOn: z.iso.date({ error: 'must be a date as YYYY-MM-DD' }),
  note: z.string().max(500).default(''),
});
