/**
 * Size in bytes of a DynamoDB item given as plain values (as the document client takes them), by the
 * published rules: attribute names and string values by their UTF-8 length, a number by about one byte
 * per two significant digits plus one, booleans and nulls one byte, lists and maps three bytes plus one
 * per element. https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/CapacityUnitCalculations.html
 */
export function itemSize(item: Readonly<Record<string, unknown>>): number {
  let size = 0;
  for (const [name, value] of Object.entries(item)) {
    if (value === undefined) continue;
    size += Buffer.byteLength(name, 'utf8') + valueSize(value);
  }
  return size;
}

function valueSize(value: unknown): number {
  if (typeof value === 'string') return Buffer.byteLength(value, 'utf8');
  if (typeof value === 'number' || typeof value === 'bigint') {
    const digits = String(value).replace(/^-/, '').replace('.', '').replace(/^0+/, '').replace(/e.*$/i, '');
    return Math.ceil(Math.max(digits.length, 1) / 2) + 1;
  }
  if (typeof value === 'boolean' || value === null) return 1;
  if (value instanceof Uint8Array) return value.byteLength;
  if (value instanceof Set) return [...value].reduce<number>((sum, v) => sum + valueSize(v), 0);
  if (Array.isArray(value)) return 3 + value.reduce<number>((sum, v) => sum + 1 + valueSize(v), 0);
  if (typeof value === 'object') {
    return (
      3 +
      Object.entries(value).reduce<number>(
        (sum, [k, v]) => (v === undefined ? sum : sum + 1 + Buffer.byteLength(k, 'utf8') + valueSize(v)),
        0,
      )
    );
  }
  return 0;
}

/**
 * Write request units of a TransactWriteItems by the published rule (two per 1 KB of each item, a
 * ConditionCheck counting as a write), per table. A Put's size is known from its item; an Update, Delete
 * or ConditionCheck is counted as one 1 KB item, so these figures are a floor.
 */
export function transactWriteUnits(items: readonly Record<string, unknown>[]): Record<string, number> {
  const units: Record<string, number> = {};
  for (const entry of items) {
    const [kind, op] = Object.entries(entry)[0] ?? [];
    const { TableName, Item } = (op ?? {}) as { TableName?: string; Item?: Record<string, unknown> };
    if (kind === undefined || TableName === undefined) continue;
    const kb = kind === 'Put' && Item !== undefined ? Math.max(1, Math.ceil(itemSize(Item) / 1024)) : 1;
    units[TableName] = (units[TableName] ?? 0) + 2 * kb;
  }
  return units;
}
