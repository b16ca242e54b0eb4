import { lazyHttpHandler } from '../http/lazy-http-handler.ts';
import { identityOf, jsonBody } from '../http/request.ts';
import { json } from '../http/responses.ts';
import {
  claims,
  documents,
  linkBaseUrl,
  linkKey,
  notifier,
  now,
  programs,
  registry,
  tickets,
  workflow,
} from '../wiring.ts';

/** GET /tickets?status=open&unitCode= · POST /tickets/{ticketId}/resolve · POST /tickets/{ticketId}/documents */
export const handler = lazyHttpHandler(
  async () => {
    const [{ listTickets, resolveTicket }, { requestTicketDocuments }] = await Promise.all([
      import('../usecases/corrections.ts'),
      import('../usecases/ticket-documents.ts'),
    ]);
    return async (deps, event) => {
      const identity = identityOf(event);
      if (event.requestContext.http.method === 'POST') {
        const ticketId = event.pathParameters?.ticketId ?? '';
        if (event.rawPath.endsWith('/documents')) {
          const asked = await requestTicketDocuments(deps, { identity, ticketId, body: jsonBody(event) });
          return json(asked.created ? 201 : 200, asked.ticket);
        }
        return json(200, await resolveTicket(deps, { identity, ticketId, body: jsonBody(event) }));
      }
      return json(200, {
        tickets: await listTickets(deps, {
          identity,
          status: event.queryStringParameters?.status,
          unitCode: event.queryStringParameters?.unitCode,
        }),
      });
    };
  },
  { claims, documents, linkBaseUrl, linkKey, notifier, now, programs, registry, tickets, workflow },
);
