import { type DynamoDBDocumentClient, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { beijingYear } from '../../domain/calendar.ts';
import { linkTtl } from '../../domain/ids.ts';
import type { FeedbackAnswer, FeedbackRequest, FeedbackStore } from '../../ports/feedback-store.ts';
import { claimKeys, stripKeys } from './keys.ts';
import { queryAll } from './query.ts';
import type { TransactItem } from './transact.ts';

function isConditionFailed(error: unknown): boolean {
  return error instanceof Error && error.name === 'ConditionalCheckFailedException';
}

/**
 * A new satisfaction link as transaction items, each written only if it does not exist: the subject's
 * one link and the link itself (a step that pays a claim writes them with the payment).
 */
export function feedbackItems(table: string, request: FeedbackRequest): TransactItem[] {
  return [
    {
      Put: {
        TableName: table,
        Item: {
          ...claimKeys.feedbackOf(request.subject.kind, request.subject.id),
          type: 'feedback-subject',
          tokenHash: request.tokenHash,
          ttl: linkTtl(request.expiresAt),
        },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    },
    {
      Put: {
        TableName: table,
        Item: {
          ...claimKeys.feedback(request.tokenHash),
          type: 'feedback',
          ttl: linkTtl(request.expiresAt),
          ...request,
        },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    },
  ];
}

/**
 * `FEEDBACK#<sha256(token)>` holds the link; `FEEDBACKOF#<kind>#<id>` makes one link per claim or visit.
 * Both expire by TTL after the link did (an answered link's item stays, for the evaluation).
 */
export class DynamoFeedbackStore implements FeedbackStore {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  async createForSubject(request: FeedbackRequest): Promise<FeedbackRequest> {
    const subjectKey = claimKeys.feedbackOf(request.subject.kind, request.subject.id);
    try {
      await this.doc.send(
        new PutCommand({
          TableName: this.table,
          Item: {
            ...subjectKey,
            type: 'feedback-subject',
            tokenHash: request.tokenHash,
            ttl: linkTtl(request.expiresAt),
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
    } catch (error) {
      if (!isConditionFailed(error)) throw error;
      const existing = await this.doc.send(
        new GetCommand({ TableName: this.table, Key: subjectKey, ConsistentRead: true }),
      );
      const tokenHash = existing.Item?.tokenHash;
      if (typeof tokenHash === 'string') {
        const found = await this.get(tokenHash);
        if (found !== null) return found;
      }
    }
    await this.doc.send(
      new PutCommand({
        TableName: this.table,
        Item: {
          ...claimKeys.feedback(request.tokenHash),
          type: 'feedback',
          ttl: linkTtl(request.expiresAt),
          ...request,
        },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
    return request;
  }

  async get(tokenHash: string): Promise<FeedbackRequest | null> {
    const out = await this.doc.send(
      new GetCommand({ TableName: this.table, Key: claimKeys.feedback(tokenHash), ConsistentRead: true }),
    );
    return out.Item === undefined ? null : stripKeys<FeedbackRequest>(out.Item);
  }

  async answer(tokenHash: string, answer: FeedbackAnswer): Promise<boolean> {
    const stored = await this.get(tokenHash);
    if (stored === null) return false;
    try {
      await this.doc.send(
        new UpdateCommand({
          TableName: this.table,
          Key: claimKeys.feedback(tokenHash),
          UpdateExpression:
            'SET rating = :rating, #comment = :comment, answeredAt = :at, gsi1pk = :gsi1pk, gsi1sk = :at ' +
            'REMOVE #ttl',
          ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(rating)',
          ExpressionAttributeNames: { '#comment': 'comment', '#ttl': 'ttl' },
          ExpressionAttributeValues: {
            ':rating': answer.rating,
            ':comment': answer.comment,
            ':at': answer.answeredAt,
            ':gsi1pk': claimKeys.feedbackRatings(stored.program, beijingYear(new Date(answer.answeredAt))),
          },
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailed(error)) return false;
      throw error;
    }
  }

  listRatings(program: string, year: number): Promise<FeedbackRequest[]> {
    return queryAll<FeedbackRequest>(this.doc, {
      TableName: this.table,
      IndexName: 'byMember',
      KeyConditionExpression: 'gsi1pk = :pk',
      ExpressionAttributeValues: { ':pk': claimKeys.feedbackRatings(program, year) },
    });
  }
}
