import { BatchGetCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Evidence, RulesConsumption } from '../../domain/claim.ts';
import { evidenceKey, type UsageSnapshot } from '../../domain/rules.ts';
import type { UsageLimits } from '../../ports/claims-store.ts';
import type { UsageKey, UsageLedger } from '../../ports/usage-ledger.ts';
import { claimKeys } from './keys.ts';
import type { TransactItem } from './transact.ts';

/**
 * Adds (sign 1) or takes back (sign −1) a claim's use of a program and a benefit in a year; an
 * addition is conditioned on every limit, so concurrent claims cannot pass a cap together.
 */
export function usageItems(
  table: string,
  key: UsageKey,
  consumes: RulesConsumption,
  sign: 1 | -1,
  limits: UsageLimits | null,
): TransactItem[] {
  const under = (
    attribute: string,
    limit: number | null | undefined,
    adding: number,
    values: Record<string, unknown>,
  ) => {
    if (limit === null || limit === undefined || sign < 0) return [];
    values[`:max_${attribute}`] = limit - adding;
    return [`(attribute_not_exists(${attribute}) OR ${attribute} <= :max_${attribute})`];
  };
  const item = (
    benefit: string | null,
    fields: Record<string, number>,
    conditions: (v: Record<string, unknown>) => string[],
  ) => {
    const values: Record<string, unknown> = {
      ':zero': 0,
      ':member': key.memberId,
      ':program': key.program,
      ':year': key.year,
    };
    const sets = Object.entries(fields).map(([name, amount]) => {
      values[`:${name}`] = sign * amount;
      return `${name} = if_not_exists(${name}, :zero) + :${name}`;
    });
    const condition = conditions(values);
    return {
      Update: {
        TableName: table,
        Key: claimKeys.usage(key.memberId, key.program, benefit, key.year),
        UpdateExpression: `SET ${sets.join(', ')}, memberId = :member, programId = :program, #year = :year`,
        ConditionExpression: condition.length === 0 ? undefined : condition.join(' AND '),
        ExpressionAttributeNames: { '#year': 'year' },
        ExpressionAttributeValues: values,
      },
    } satisfies TransactItem;
  };
  return [
    item(null, { fen: consumes.fen, claims: 1 }, (v) => under('fen', limits?.programCapFen, consumes.fen, v)),
    item(
      key.benefit,
      { fen: consumes.fen, days: consumes.days, costsFen: consumes.costsFen, claims: 1 },
      (v) => [
        ...under('fen', limits?.benefitCapFen, consumes.fen, v),
        ...under('days', limits?.maxDays, consumes.days, v),
        ...under('claims', limits?.maxClaims, 1, v),
      ],
    ),
  ];
}

/** The claim holds an evidence number, unless another claim holds it. */
export function holdEvidenceItem(table: string, claimId: string, evidence: Evidence): TransactItem {
  return {
    Put: {
      TableName: table,
      Item: {
        ...claimKeys.evidence(evidenceKey(evidence)),
        type: 'evidence',
        claimId,
        kind: evidence.kind,
        number: evidence.number,
      },
      ConditionExpression: 'attribute_not_exists(pk) OR claimId = :claim',
      ExpressionAttributeValues: { ':claim': claimId },
    },
  };
}

/** The claim lets go of an evidence number, under the condition that no other claim holds it. */
export function releaseEvidenceItem(table: string, claimId: string, evidence: Evidence): TransactItem {
  return {
    Delete: {
      TableName: table,
      Key: claimKeys.evidence(evidenceKey(evidence)),
      ConditionExpression: 'attribute_not_exists(pk) OR claimId = :claim',
      ExpressionAttributeValues: { ':claim': claimId },
    },
  };
}

export class DynamoUsageLedger implements UsageLedger {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  async snapshot(key: UsageKey): Promise<UsageSnapshot> {
    return (await this.snapshotWithEvidence(key, [], '')).usage;
  }

  /** One BatchGetItem: the two usage items and the evidence items (at most 100 keys in all). */
  async snapshotWithEvidence(key: UsageKey, evidence: readonly Evidence[], exceptClaimId: string) {
    const programKey = claimKeys.usage(key.memberId, key.program, null, key.year);
    const benefitKey = claimKeys.usage(key.memberId, key.program, key.benefit, key.year);
    const unique = [...new Map(evidence.map((e) => [evidenceKey(e), e])).values()];
    const evidenceKeys = unique.map((e) => claimKeys.evidence(evidenceKey(e)));
    const items: Record<string, unknown>[] = [];
    let pending: Record<string, unknown>[] = [programKey, benefitKey, ...evidenceKeys];
    // Unprocessed keys (throttling) are asked for again.
    for (let attempt = 0; pending.length > 0; attempt++) {
      if (attempt >= 5) throw new Error('usage and evidence could not be read (unprocessed keys)');
      const out = await this.doc.send(
        new BatchGetCommand({ RequestItems: { [this.table]: { Keys: pending, ConsistentRead: true } } }),
      );
      items.push(...(out.Responses?.[this.table] ?? []));
      pending = out.UnprocessedKeys?.[this.table]?.Keys ?? [];
    }
    const at = (k: { pk: string; sk: string }) => items.find((i) => i.pk === k.pk && i.sk === k.sk);
    const program = at(programKey);
    const benefit = at(benefitKey);
    const usage: UsageSnapshot = {
      programFen: Number(program?.fen ?? 0),
      benefitFen: Number(benefit?.fen ?? 0),
      benefitDays: Number(benefit?.days ?? 0),
      benefitCostsFen: Number(benefit?.costsFen ?? 0),
      benefitClaims: Number(benefit?.claims ?? 0),
    };
    const evidenceInUse = unique.flatMap((e, i) => {
      const claimId = at(evidenceKeys[i] as { pk: string; sk: string })?.claimId;
      return claimId === undefined || claimId === exceptClaimId
        ? []
        : [{ kind: e.kind, number: e.number, claimId: String(claimId) }];
    });
    return { usage, evidenceInUse };
  }

  async evidenceHeld(evidence: readonly Evidence[], exceptClaimId: string) {
    if (evidence.length === 0) return [];
    const unique = [...new Map(evidence.map((e) => [evidenceKey(e), e])).values()];
    const out = await this.doc.send(
      new BatchGetCommand({
        RequestItems: {
          [this.table]: { Keys: unique.map((e) => claimKeys.evidence(evidenceKey(e))), ConsistentRead: true },
        },
      }),
    );
    const held = new Map(
      (out.Responses?.[this.table] ?? []).map((item) => [String(item.pk), String(item.claimId)]),
    );
    return unique.flatMap((e) => {
      const claimId = held.get(claimKeys.evidence(evidenceKey(e)).pk);
      return claimId === undefined || claimId === exceptClaimId
        ? []
        : [{ kind: e.kind, number: e.number, claimId }];
    });
  }
}
