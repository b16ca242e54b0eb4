import { BatchGetCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Evidence } from '../../domain/claim.ts';
import { evidenceKey, type UsageSnapshot } from '../../domain/rules.ts';
import type { UsageKey, UsageLedger } from '../../ports/usage-ledger.ts';
import { claimKeys } from './keys.ts';

export class DynamoUsageLedger implements UsageLedger {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  async snapshot(key: UsageKey): Promise<UsageSnapshot> {
    const programKey = claimKeys.usage(key.memberId, key.program, null, key.year);
    const benefitKey = claimKeys.usage(key.memberId, key.program, key.benefit, key.year);
    const out = await this.doc.send(
      new BatchGetCommand({
        RequestItems: { [this.table]: { Keys: [programKey, benefitKey], ConsistentRead: true } },
      }),
    );
    const items = out.Responses?.[this.table] ?? [];
    const program = items.find((i) => i.sk === programKey.sk);
    const benefit = items.find((i) => i.sk === benefitKey.sk);
    return {
      programFen: Number(program?.fen ?? 0),
      benefitFen: Number(benefit?.fen ?? 0),
      benefitDays: Number(benefit?.days ?? 0),
      benefitCostsFen: Number(benefit?.costsFen ?? 0),
      benefitClaims: Number(benefit?.claims ?? 0),
    };
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
