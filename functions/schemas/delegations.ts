import * as z from 'zod';

/** The longest absence one delegation covers. */
const MAX_DAYS = 366;

/** The body of `PUT /approvers/{approverId}/deputy`: who stands in for an absent approver, and when. */
export const DeputyBody = z
  .strictObject({
    deputyApproverId: z.string({ error: 'must be the approver id of the deputy' }).trim().min(1).max(80),
    from: z.iso.date({ error: 'must be a date as YYYY-MM-DD' }),
    to: z.iso.date({ error: 'must be a date as YYYY-MM-DD' }),
    reason: z.string({ error: 'must say why' }).trim().min(2, { error: 'must say why' }).max(300),
  })
  .superRefine((body, ctx) => {
    if (body.to < body.from) {
      ctx.addIssue({ code: 'custom', path: ['to'], message: 'must not be before from' });
      return;
    }
    const days = (Date.parse(body.to) - Date.parse(body.from)) / 86_400_000;
    if (days >= MAX_DAYS) {
      ctx.addIssue({ code: 'custom', path: ['to'], message: `must be within ${MAX_DAYS} days of from` });
    }
  });
