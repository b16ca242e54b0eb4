import { type DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { Claim } from '../../domain/claim.ts';
import { type ClaimList, type ClaimListSource, claimPosition } from '../../ports/claim-list.ts';
import type { ScopedListPage, ScopedListQuery } from '../../ports/scoped-list.ts';
import { CLAIM_PARTITIONS } from './claim-list-index.ts';
import { claimKeys, stripKeys } from './keys.ts';
import { readScopedList } from './scoped-list.ts';

type Item = Record<string, unknown>;

/** GET /claims: a unit's or every unit's claims through byUnit / byMonth, a member's through byMember. */
export class DynamoClaimList implements ClaimList {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  page(query: ScopedListQuery<Claim, ClaimListSource>): Promise<ScopedListPage<Claim>> {
    const { source } = query;
    if (source.kind === 'member') return this.memberPage(source.memberId, query);
    return readScopedList(this.doc, this.table, CLAIM_PARTITIONS, { ...query, source });
  }

  /** A member's claims: their partition of the byMember index (whole items), few enough to read at once. */
  private async memberPage(
    memberId: string,
    query: ScopedListQuery<Claim, ClaimListSource>,
  ): Promise<ScopedListPage<Claim>> {
    const lower = query.from ?? '0';
    if (lower >= query.before) return { items: [], next: null };
    const claims: Claim[] = [];
    let start: Item | undefined;
    do {
      const out = await this.doc.send(
        new QueryCommand({
          TableName: this.table,
          IndexName: 'byMember',
          KeyConditionExpression: 'gsi1pk = :pk AND gsi1sk BETWEEN :lower AND :upper',
          FilterExpression: '#type = :claim',
          ExpressionAttributeNames: { '#type': 'type' },
          ExpressionAttributeValues: {
            ':pk': claimKeys.byMember(memberId),
            ':lower': lower,
            ':upper': query.before.split('#')[0] ?? query.before,
            ':claim': 'claim',
          },
          ExclusiveStartKey: start,
        }),
      );
      for (const item of out.Items ?? []) {
        const claim = stripKeys<Claim>(item);
        if (claimPosition(claim) < query.before && query.accept(claim)) claims.push(claim);
      }
      start = out.LastEvaluatedKey;
    } while (start !== undefined);
    claims.sort((a, b) => (claimPosition(a) < claimPosition(b) ? 1 : -1));
    const page = claims.slice(0, query.limit);
    const last = page.at(-1);
    return {
      items: page,
      next: claims.length > query.limit && last !== undefined ? claimPosition(last) : null,
    };
  }
}
