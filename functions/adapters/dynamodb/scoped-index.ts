/** The partitions of one kind of record in the byUnit and byMonth indexes. */
export interface ScopedPartitions {
  readonly unit: (unitCode: string) => string;
  /** `YYYY-MM`, the UTC month the record was created. */
  readonly month: (month: string) => string;
}

/**
 * The index attributes of a record listed by unit and by month, set once when it is written: its unit's
 * partition (byUnit, keys only) and its month's (byMonth, with the unit path for subtree filters), both
 * sorted by its position. Neither changes with the record's status, so each index takes one write per
 * record and none per later change.
 */
export function scopedIndex(
  partitions: ScopedPartitions,
  record: { unitCode: string | null; createdAt: string; id: string },
) {
  const position = `${record.createdAt}#${record.id}`;
  return {
    gsi2pk: partitions.unit(record.unitCode ?? '-'),
    gsi2sk: position,
    gsi3pk: partitions.month(record.createdAt.slice(0, 7)),
    gsi3sk: position,
  };
}
