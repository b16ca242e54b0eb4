import * as z from 'zod';

const KIND_ERROR = 'must be an evidence kind of the claim’s benefit, such as invoice';

/** `POST /tickets/{ticketId}/documents`: the documents staff ask the claim's member for on a ticket. */
export const TicketDocumentsRequest = z.strictObject({
  kinds: z
    .array(
      z
        .string({ error: KIND_ERROR })
        .regex(/^[a-z][a-z0-9-]{0,63}$/, { error: KIND_ERROR })
        .describe('an evidence kind of the claim’s benefit (invoice, certificate, …)'),
      { error: 'must be a list of evidence kinds of the claim’s benefit' },
    )
    .min(1, { error: 'must name at least one document' })
    .max(10, { error: 'must name at most 10 documents' })
    .refine((kinds) => new Set(kinds).size === kinds.length, { error: 'must not repeat a kind' }),
  note: z
    .string({ error: 'must say what the member should send, in a few words' })
    .trim()
    .min(2, { error: 'must say what the member should send, in a few words' })
    .max(200, { error: 'must be at most 200 characters' })
    .describe('what the member should send, shown on the upload page'),
});
export type TicketDocumentsRequest = z.infer<typeof TicketDocumentsRequest>;
