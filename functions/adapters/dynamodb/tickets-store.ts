import { type DynamoDBDocumentClient, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { linkTtl } from '../../domain/ids.ts';
import type { LinkedWrite } from '../../ports/claims-store.ts';
import type { CorrectionTicket, TicketsStore } from '../../ports/tickets-store.ts';
import { isConditionFailure } from './conditions.ts';
import { uploadLinkKey } from './document-waits.ts';
import { claimKeys, stripKeys } from './keys.ts';
import { queryAll } from './query.ts';
import type { TransactItem } from './transact.ts';

/** The byMember index partition of the tickets in a status (the work list). */
const ticketsIn = (status: CorrectionTicket['status']) => `TICKETS#${status}`;

/** Tickets live with their claim; the byMember index doubles as the per-status work list, ordered by unit path. */
export function ticketIndex(status: CorrectionTicket['status'], unitPath: string, createdAt: string) {
  return { gsi1pk: ticketsIn(status), gsi1sk: `${unitPath}/#${createdAt}` };
}

/** An open ticket closes with the claim's change (resolved or expired), under the condition that it is still open. */
export function closeTicketItem(
  table: string,
  claimId: string,
  close: Extract<LinkedWrite, { kind: 'closeTicket' }>,
): TransactItem {
  return {
    Update: {
      TableName: table,
      Key: claimKeys.ticket(claimId, close.round),
      UpdateExpression: 'SET #status = :status, resolution = :resolution, gsi1pk = :gsi1pk',
      ConditionExpression: '#status = :open',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: {
        ':status': close.status,
        ':resolution': close.resolution,
        ':gsi1pk': ticketsIn(close.status),
        ':open': 'open',
      },
    },
  };
}

/**
 * A ticket's document request, with the claim's change: the open ticket without one gets it, and the
 * member's upload link (`UPLOADLINK#<sha256(token)>`, as the documents wait's, naming the ticket's round)
 * expires by TTL after the ticket's due time.
 */
export function requestTicketDocumentsItems(
  table: string,
  claimId: string,
  write: Extract<LinkedWrite, { kind: 'requestTicketDocuments' }>,
): TransactItem[] {
  return [
    {
      Update: {
        TableName: table,
        Key: claimKeys.ticket(claimId, write.round),
        UpdateExpression: 'SET documentRequest = :request',
        ConditionExpression: '#status = :open AND attribute_not_exists(documentRequest)',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':request': write.request, ':open': 'open' },
      },
    },
    {
      Put: {
        TableName: table,
        Item: {
          ...uploadLinkKey(write.request.linkHash),
          type: 'upload-link',
          claimId,
          round: write.round,
          expiresAt: write.dueAt,
          ttl: linkTtl(write.dueAt),
        },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    },
  ];
}

export class DynamoTicketsStore implements TicketsStore {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  async open(ticket: CorrectionTicket): Promise<CorrectionTicket> {
    try {
      await this.doc.send(
        new PutCommand({
          TableName: this.table,
          Item: {
            ...claimKeys.ticket(ticket.claimId, ticket.round),
            type: 'ticket',
            ...ticketIndex(ticket.status, ticket.unitPath, ticket.createdAt),
            ...ticket,
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return ticket;
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
      const existing = await this.get(ticket.claimId, ticket.round);
      if (existing === null) throw error;
      return existing;
    }
  }

  async get(claimId: string, round: number): Promise<CorrectionTicket | null> {
    const out = await this.doc.send(
      new GetCommand({ TableName: this.table, Key: claimKeys.ticket(claimId, round), ConsistentRead: true }),
    );
    return out.Item === undefined ? null : stripKeys<CorrectionTicket>(out.Item);
  }

  async getByLink(linkHash: string): Promise<CorrectionTicket | null> {
    const out = await this.doc.send(
      new GetCommand({ TableName: this.table, Key: uploadLinkKey(linkHash), ConsistentRead: true }),
    );
    const { claimId, round } = out.Item ?? {};
    if (typeof claimId !== 'string' || typeof round !== 'number') return null;
    const ticket = await this.get(claimId, round);
    return ticket?.documentRequest?.linkHash === linkHash ? ticket : null;
  }

  async markDocumentsNotified(claimId: string, round: number): Promise<void> {
    await this.doc.send(
      new UpdateCommand({
        TableName: this.table,
        Key: claimKeys.ticket(claimId, round),
        UpdateExpression: 'SET documentRequest.notified = :yes',
        ConditionExpression: 'attribute_exists(documentRequest)',
        ExpressionAttributeValues: { ':yes': true },
      }),
    );
  }

  async replaceTaskToken(claimId: string, round: number, taskToken: string): Promise<void> {
    await this.doc.send(
      new UpdateCommand({
        TableName: this.table,
        Key: claimKeys.ticket(claimId, round),
        UpdateExpression: 'SET taskToken = :token',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeValues: { ':token': taskToken },
      }),
    );
  }

  async markNotified(claimId: string, round: number): Promise<void> {
    await this.doc.send(
      new UpdateCommand({
        TableName: this.table,
        Key: claimKeys.ticket(claimId, round),
        UpdateExpression: 'SET notified = :yes',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeValues: { ':yes': true },
      }),
    );
  }

  async markResumed(claimId: string, round: number): Promise<void> {
    await this.doc.send(
      new UpdateCommand({
        TableName: this.table,
        Key: claimKeys.ticket(claimId, round),
        UpdateExpression: 'SET resumed = :yes',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeValues: { ':yes': true },
      }),
    );
  }

  async list(
    status: CorrectionTicket['status'],
    scopePath: string | null,
    limit: number,
  ): Promise<CorrectionTicket[]> {
    const tickets = await queryAll<CorrectionTicket>(
      this.doc,
      {
        TableName: this.table,
        IndexName: 'byMember',
        KeyConditionExpression:
          scopePath === null ? 'gsi1pk = :pk' : 'gsi1pk = :pk AND begins_with(gsi1sk, :scope)',
        ExpressionAttributeValues: {
          ':pk': ticketsIn(status),
          ...(scopePath === null ? {} : { ':scope': `${scopePath}/` }),
        },
      },
      limit,
    );
    return tickets.sort((a, b) => (a.createdAt < b.createdAt ? -1 : 1));
  }
}
