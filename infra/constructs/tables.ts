import { RemovalPolicy } from 'aws-cdk-lib';
import {
  AttributeType,
  Billing,
  ProjectionType,
  StreamViewType,
  TableEncryptionV2,
  TableV2,
} from 'aws-cdk-lib/aws-dynamodb';
import { Construct } from 'constructs';
import { TABLES, type TableDef, type TableId } from '../tables.ts';
import { entriesOf, pascalCase } from './project.ts';

/** An index's projection: all attributes, the keys only, or the keys and the attributes named. */
function projectionOf(attributes: readonly string[] | undefined) {
  if (attributes === undefined) return { projectionType: ProjectionType.ALL };
  if (attributes.length === 0) return { projectionType: ProjectionType.KEYS_ONLY };
  return { projectionType: ProjectionType.INCLUDE, nonKeyAttributes: [...attributes] };
}

/** A DynamoDB table built from its schema entry; it knows the env var that carries its name. */
export class SchemaTable extends TableV2 {
  readonly def: TableDef;

  constructor(scope: Construct, id: string, def: TableDef) {
    super(scope, id, {
      partitionKey: { name: def.partitionKey, type: AttributeType.STRING },
      sortKey: { name: def.sortKey, type: AttributeType.STRING },
      globalSecondaryIndexes: def.indexes.map((index) => ({
        indexName: index.name,
        partitionKey: { name: index.partitionKey, type: AttributeType.STRING },
        sortKey: { name: index.sortKey, type: AttributeType.STRING },
        ...projectionOf(index.projection),
      })),
      timeToLiveAttribute: def.ttlAttribute,
      dynamoStream: def.stream === undefined ? undefined : StreamViewType.NEW_IMAGE,
      billing: Billing.onDemand(),
      encryption: TableEncryptionV2.awsManagedKey(),
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.def = def;
  }

  get envVar(): string {
    return this.def.envVar;
  }
}

/** One table per entry of TABLES: claims and registry data outlive any stack. */
export class DataTables extends Construct {
  readonly byId: Readonly<Record<TableId, SchemaTable>>;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    const tables = entriesOf(TABLES).map(
      ([tableId, def]) => [tableId, new SchemaTable(this, `${pascalCase(tableId)}Table`, def)] as const,
    );
    this.byId = Object.fromEntries(tables) as Record<TableId, SchemaTable>;
  }
}
