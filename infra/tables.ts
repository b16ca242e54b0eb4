/**
 * The table schema, defined once. The CDK stack builds DynamoDB tables from it and the local
 * runtime creates the same tables in DynamoDB Local from it.
 */
export type TableId = 'claims' | 'registry';

export interface IndexDef {
  readonly name: string;
  readonly partitionKey: string;
  readonly sortKey: string;
  /**
   * The non-key attributes the index holds: absent, all of them; `[]`, the keys only. An index whose keys
   * and projected attributes never change after an item is written costs one index write per item.
   */
  readonly projection?: readonly string[];
}

export interface TableDef {
  readonly id: TableId;
  /** Environment variable that carries the physical table name to a handler. */
  readonly envVar: string;
  /** Table name used by the local runtime (CDK lets CloudFormation name them). */
  readonly localName: string;
  readonly partitionKey: 'pk';
  readonly sortKey: 'sk';
  readonly indexes: readonly IndexDef[];
  readonly ttlAttribute?: string;
  /**
   * Leading keys (partition key patterns, of the table or its indexes) of payee and personal items: public
   * link functions are denied them (`dynamodb:LeadingKeys`), whatever else they are granted.
   */
  readonly personalPartitions: readonly string[];
  /** A stream of new item images (the claims table's feeds the audit archive). */
  readonly stream?: 'NEW_IMAGE';
}

export const TABLES: Readonly<Record<TableId, TableDef>> = {
  /** Claims and everything that belongs to one: audit events, approvals, payout, idempotency keys, links. */
  claims: {
    id: 'claims',
    envVar: 'CLAIMS_TABLE',
    localName: 'claims',
    partitionKey: 'pk',
    sortKey: 'sk',
    indexes: [
      { name: 'byMember', partitionKey: 'gsi1pk', sortKey: 'gsi1sk' },
      // The claims list (GET /claims): a unit's claims, and every unit's by month, newest first. Set once
      // on the claim item when it is stored and never changed: one index write per claim each.
      { name: 'byUnit', partitionKey: 'gsi2pk', sortKey: 'gsi2sk', projection: [] },
      { name: 'byMonth', partitionKey: 'gsi3pk', sortKey: 'gsi3sk', projection: ['unitPath'] },
    ],
    ttlAttribute: 'ttl',
    // Payee details (bank accounts) of each payout round; a member's claims (the byMember index).
    personalPartitions: ['PAYEE#*', 'MEMBER#*'],
    stream: 'NEW_IMAGE',
  },
  /** The union tree, approvers, members and budgets. */
  registry: {
    id: 'registry',
    envVar: 'REGISTRY_TABLE',
    localName: 'registry',
    partitionKey: 'pk',
    sortKey: 'sk',
    indexes: [],
    // Members (name, ID number masked, mobile), ID-number hashes, and the members' audit history.
    personalPartitions: ['MEMBER#*', 'IDNO#*', 'AUDIT#MEMBER#*'],
  },
};

/** An index's projection as DynamoDB's API and CloudFormation spell it. */
export function projectionOf(index: IndexDef): {
  ProjectionType: 'ALL' | 'KEYS_ONLY' | 'INCLUDE';
  NonKeyAttributes?: string[];
} {
  if (index.projection === undefined) return { ProjectionType: 'ALL' };
  if (index.projection.length === 0) return { ProjectionType: 'KEYS_ONLY' };
  return { ProjectionType: 'INCLUDE', NonKeyAttributes: [...index.projection] };
}
