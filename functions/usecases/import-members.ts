import { beijingDate } from '../domain/calendar.ts';
import type { Actor } from '../domain/claim.ts';
import { Forbidden, Invalid } from '../domain/errors.ts';
import { hashIdNumber } from '../domain/id-number.ts';
import type { Identity } from '../domain/identity.ts';
import { memberChangeEvent } from '../domain/member-audit.ts';
import { CsvError, type CsvRecord, parseCsv } from '../domain/member-import/csv.ts';
import {
  decodeText,
  type Encoding,
  type EncodingOption,
  TextEncodingError,
} from '../domain/member-import/encoding.ts';
import {
  type ColumnMap,
  fieldLabel,
  type MemberField,
  mapHeader,
  REQUIRED_FIELDS,
} from '../domain/member-import/header.ts';
import { memberFromRow } from '../domain/member-import/member-record.ts';
import { REASONS } from '../domain/member-import/reasons.ts';
import { type MemberRow, type RowContext, type RowError, validateRow } from '../domain/member-import/row.ts';
import { SeenIds } from '../domain/member-import/seen-ids.ts';
import { isInSubtree, type Member, type Unit } from '../domain/registry.ts';
import type { MemberWrite, RegistryStore } from '../ports/registry-store.ts';
import { staffScope } from './access.ts';
import type { Deps } from './deps.ts';

/** Errors listed in the result; the count beyond is reported. */
export const ERROR_LIMIT = 1000;
/** Members (with their ids) listed in the result; all of them go to `onMembers`. */
export const MEMBER_LIST_LIMIT = 10_000;
/** Rows checked, looked up and written together. */
export const CHUNK_ROWS = 200;
/** The ID-number hash key of the local runtime; never used with AWS. */
export const LOCAL_PII_HASH_KEY = 'local-only-pii-hash-key';

export interface ImportMembersRequest {
  /** Opens the file from its start; called once per pass. */
  readonly open: () => AsyncIterable<Uint8Array>;
  readonly encoding: EncodingOption;
  /** Key of the ID-number HMAC (`PII_HASH_KEY`). */
  readonly hashKey: string;
  /** Staff import only into units at or below this path; null: anywhere (admins, the command line). */
  readonly scopeUnitPath: string | null;
  /** Who imports: recorded on each member's audit event. */
  readonly actor: Actor;
  /** Check everything and count what would be created and updated, but write nothing. */
  readonly dryRun?: boolean;
  /** Any invalid row: write nothing at all. */
  readonly allOrNothing?: boolean;
  /** Chunks being looked up and written at once in the second pass. */
  readonly concurrency?: number;
  /** Every row error, in row order, a chunk at a time (the result keeps only the first {@link ERROR_LIMIT}). */
  readonly onRowErrors?: (errors: readonly RowError[]) => void | Promise<void>;
  /** Every member of a valid row, with their id, a chunk at a time once written (not in row order). */
  readonly onMembers?: (members: readonly ImportedMember[]) => void | Promise<void>;
  /** After each chunk: which pass and how many data rows it has read. */
  readonly onProgress?: (progress: { readonly pass: 1 | 2; readonly rows: number }) => void;
}

/** A member a row of the file created, updated or left unchanged, and their member id. */
export interface ImportedMember {
  readonly row: number;
  /** The member's id; null for a member a dry run would create (no id is handed out). */
  readonly memberId: string | null;
  readonly idNumberMasked: string;
  readonly outcome: 'created' | 'updated' | 'unchanged';
}

export interface ImportResult {
  /** Data rows (blank lines and the header not counted). */
  readonly rows: number;
  readonly valid: number;
  /** Rows with at least one error. */
  readonly invalid: number;
  /** Members created (or, in a dry run, that would be). */
  readonly created: number;
  /** Existing members whose record changed (or would). */
  readonly updated: number;
  /** Existing members the file describes exactly as they are registered. */
  readonly unchanged: number;
  /** The first {@link ERROR_LIMIT} errors by row; identity numbers only masked. */
  readonly errors: readonly RowError[];
  readonly errorsTruncated: boolean;
  /** All errors, including those beyond the list. */
  readonly errorCount: number;
  /** The first {@link MEMBER_LIST_LIMIT} members of valid rows by row, with their ids (staff find them by these). */
  readonly members: readonly ImportedMember[];
  readonly membersTruncated: boolean;
  readonly encoding: Encoding;
  readonly dryRun: boolean;
  readonly allOrNothing: boolean;
  /** Whether anything was written (false for a dry run and for all-or-nothing with invalid rows). */
  readonly written: boolean;
}

/**
 * The ID-number hash key from the environment: `PII_HASH_KEY`, or, only in the local runtime
 * (`NOTIFY_MODE=outbox`), the local default.
 */
export function piiHashKeyFrom(env: Readonly<Record<string, string | undefined>>): string {
  const key = env.PII_HASH_KEY;
  if (key !== undefined && key !== '') return key;
  if (env.NOTIFY_MODE === 'outbox') return LOCAL_PII_HASH_KEY;
  throw new Error('environment variable PII_HASH_KEY is not set');
}

/** Who may import where: admins anywhere (null), staff into their subtree; anyone else is refused. */
export async function importScope(registry: RegistryStore, identity: Identity): Promise<string | null> {
  if (identity.roles.includes('admin')) return null;
  if (identity.roles.includes('staff')) {
    const scope = await staffScope(registry, identity);
    if (scope !== null) return scope;
    throw new Forbidden('your staff account has no known union unit');
  }
  throw new Forbidden('only union staff and admins import member lists');
}

function headerProblem(missing: readonly MemberField[], duplicated: readonly MemberField[]): Invalid {
  const parts = [
    ...(missing.length > 0
      ? [`缺少列 missing columns: ${missing.map((f) => fieldLabel(f)).join(', ')}`]
      : []),
    ...(duplicated.length > 0
      ? [`重复的列 columns named twice: ${duplicated.map((f) => fieldLabel(f)).join(', ')}`]
      : []),
  ];
  return new Invalid(
    [
      ...missing.map((field) => ({ field, message: `column ${fieldLabel(field)} is missing` })),
      ...duplicated.map((field) => ({
        field,
        message: `more than one column is ${fieldLabel(field)}`,
      })),
    ],
    {
      title: 'Invalid header row',
      detail: `第一行须为列名 / the first row must name the columns. ${parts.join('; ')}`,
    },
  );
}

function inputProblem(error: unknown): Invalid | null {
  if (error instanceof TextEncodingError) {
    return new Invalid([{ field: 'encoding', message: error.message }], {
      title: 'Unreadable file',
      detail: error.message,
    });
  }
  if (error instanceof CsvError) {
    return new Invalid([{ field: `row ${error.row}`, message: error.message }], {
      title: 'Unreadable file',
      detail: error.message,
    });
  }
  return null;
}

/** The file's data rows a chunk at a time, after its header row (the first non-blank row). */
async function* dataChunks(
  request: ImportMembersRequest,
  state: { columns: ColumnMap | null; encoding: Encoding | null },
): AsyncGenerator<CsvRecord[]> {
  let chunk: CsvRecord[] = [];
  const text = decodeText(request.open(), request.encoding, (encoding) => {
    state.encoding = encoding;
  });
  for await (const record of parseCsv(text)) {
    if (state.columns === null) {
      const header = mapHeader(record.fields);
      if (!header.ok) throw headerProblem(header.missing, header.duplicated);
      state.columns = header.columns;
      continue;
    }
    chunk.push(record);
    if (chunk.length >= CHUNK_ROWS) {
      yield chunk;
      chunk = [];
    }
  }
  if (state.columns === null) throw headerProblem(REQUIRED_FIELDS, []);
  if (chunk.length > 0) yield chunk;
}

/** The first `limit` items by row, and how many there were. */
class FirstByRow<T extends { readonly row: number }> {
  private items: T[] = [];
  count = 0;

  constructor(private readonly limit: number) {}

  add(items: readonly T[]): void {
    this.count += items.length;
    this.items.push(...items);
    if (this.items.length > 2 * this.limit) this.trim();
  }

  list(): T[] {
    this.trim();
    return this.items;
  }

  private trim(): void {
    this.items.sort((a, b) => a.row - b.row);
    if (this.items.length > this.limit) this.items.length = this.limit;
  }
}

/** Units by code, each read once per import. */
class UnitCache {
  private readonly units = new Map<string, Unit | null>();
  private readonly pending = new Map<string, Promise<Unit | null>>();

  constructor(private readonly registry: RegistryStore) {}

  async get(code: string): Promise<Unit | null> {
    const known = this.units.get(code);
    if (known !== undefined) return known;
    let loading = this.pending.get(code);
    if (loading === undefined) {
      loading = this.registry.getUnit(code).then((unit) => {
        this.units.set(code, unit);
        this.pending.delete(code);
        return unit;
      });
      this.pending.set(code, loading);
    }
    return loading;
  }
}

interface CheckedRow {
  readonly member: MemberRow;
  readonly hash: string;
}

/** Checks of one pass: the same rows give the same answers in both passes. */
class RowChecker {
  private readonly seen = new SeenIds();

  constructor(
    private readonly columns: ColumnMap,
    private readonly ctx: RowContext,
    private readonly hashKey: string,
    private readonly units: UnitCache,
    private readonly scopeUnitPath: string | null,
  ) {}

  /** Each row's own checks, duplicates within the file, and its unit (exists, grassroots, in scope). */
  async check(records: readonly CsvRecord[]): Promise<{ valid: CheckedRow[]; errors: RowError[] }> {
    const valid: CheckedRow[] = [];
    const errors: RowError[] = [];
    for (const record of records) {
      const result = validateRow(record, this.columns, this.ctx);
      const rowErrors: RowError[] = result.ok ? [] : [...result.errors];
      const idNumber = result.ok ? result.member.idNumber : result.validIdNumber;
      const masked = result.ok ? result.member.idNumberMasked : result.errors[0]?.idNumberMasked;
      const error = (field: RowError['field'], reason: string): RowError => ({
        row: record.row,
        field,
        reason,
        ...(masked === undefined ? {} : { idNumberMasked: masked }),
      });
      let hash = '';
      if (idNumber !== null) {
        hash = hashIdNumber(idNumber, this.hashKey);
        const firstRow = this.seen.add(hash, record.row);
        if (firstRow !== null) rowErrors.push(error('idNumber', REASONS.duplicateId(firstRow)));
      }
      const unitCode = result.ok ? result.member.unitCode : '';
      if (unitCode !== '') {
        const unit = await this.units.get(unitCode);
        if (unit === null) rowErrors.push(error('unitCode', REASONS.unknownUnit));
        else if (unit.tier !== 'grassroots') rowErrors.push(error('unitCode', REASONS.notGrassroots));
        else if (this.scopeUnitPath !== null && !isInSubtree(unit.path, this.scopeUnitPath)) {
          rowErrors.push(error('unitCode', REASONS.unitOutOfScope));
        }
      }
      if (result.ok && rowErrors.length === 0) valid.push({ member: result.member, hash });
      else errors.push(...rowErrors);
    }
    return { valid, errors };
  }
}

interface Resolved {
  readonly row: CheckedRow;
  readonly memberId: string | null;
  readonly existing: Member | null;
}

/** Finds the registered member of each row; staff may not take over a member of another subtree. */
async function resolveExisting(
  registry: RegistryStore,
  units: UnitCache,
  scopeUnitPath: string | null,
  rows: readonly CheckedRow[],
): Promise<{ resolved: Resolved[]; errors: RowError[] }> {
  const ids = await registry.findMemberIdsByIdHash(rows.map((r) => r.hash));
  const members = ids.size === 0 ? new Map<string, Member>() : await registry.getMembers([...ids.values()]);
  const resolved: Resolved[] = [];
  const errors: RowError[] = [];
  for (const row of rows) {
    const memberId = ids.get(row.hash) ?? null;
    const existing = memberId === null ? null : (members.get(memberId) ?? null);
    if (scopeUnitPath !== null && existing !== null && existing.unitCode !== row.member.unitCode) {
      const unit = await units.get(existing.unitCode);
      if (unit === null || !isInSubtree(unit.path, scopeUnitPath)) {
        errors.push({
          row: row.member.row,
          field: 'idNumber',
          reason: REASONS.memberOutOfScope,
          idNumberMasked: row.member.idNumberMasked,
        });
        continue;
      }
    }
    resolved.push({ row, memberId, existing });
  }
  return { resolved, errors };
}

function sameMember(a: Member, b: Member): boolean {
  const x = a as unknown as Record<string, unknown>;
  const y = b as unknown as Record<string, unknown>;
  return [...MEMBER_KEYS].every((key) => (x[key] ?? null) === (y[key] ?? null));
}

const MEMBER_KEYS: readonly (keyof Member)[] = [
  'memberId',
  'name',
  'idNumberHash',
  'idNumberMasked',
  'mobile',
  'sex',
  'unitCode',
  'status',
  'joinedOn',
  'leftOn',
  'hardship',
  'modelWorker',
];

/** Runs tasks with at most `limit` at once; the first failure is thrown by `drain` (and by `add`). */
class TaskPool {
  private readonly running = new Set<Promise<void>>();
  private failure: { error: unknown } | null = null;

  constructor(private readonly limit: number) {}

  async add(task: () => Promise<void>): Promise<void> {
    this.throwIfFailed();
    const run: Promise<void> = task()
      .catch((error: unknown) => {
        this.failure ??= { error };
      })
      .finally(() => this.running.delete(run));
    this.running.add(run);
    while (this.running.size >= this.limit) await Promise.race(this.running);
    this.throwIfFailed();
  }

  async drain(): Promise<void> {
    await Promise.all(this.running);
    this.throwIfFailed();
  }

  private throwIfFailed(): void {
    if (this.failure !== null) throw this.failure.error;
  }
}

/**
 * Imports a member list (实名制): pass 1 checks every row and writes nothing; pass 2 upserts the valid
 * rows by ID number (an existing member keeps their id, a new one gets the next). Memory stays flat: a
 * chunk of rows at a time, the hashes of the ID numbers seen, and the first errors.
 */
export async function importMembers(
  deps: Pick<Deps, 'registry' | 'now'>,
  request: ImportMembersRequest,
): Promise<ImportResult> {
  const now = deps.now();
  const ctx: RowContext = { now, today: beijingDate(now) };
  const dryRun = request.dryRun ?? false;
  const allOrNothing = request.allOrNothing ?? false;
  const scope = request.scopeUnitPath;
  const units = new UnitCache(deps.registry);
  const errors = new FirstByRow<RowError>(ERROR_LIMIT);
  const members = new FirstByRow<ImportedMember>(MEMBER_LIST_LIMIT);
  const report = async (rowErrors: readonly RowError[]) => {
    if (rowErrors.length === 0) return;
    errors.add(rowErrors);
    await request.onRowErrors?.(rowErrors);
  };
  const state: { columns: ColumnMap | null; encoding: Encoding | null } = { columns: null, encoding: null };

  // Pass 1: check every row; nothing is written.
  let rows = 0;
  let valid = 0;
  let invalid = 0;
  /** Rows refused in pass 1 because their member belongs to a unit outside the scope. */
  const takenOver = new Set<number>();
  try {
    let checker: RowChecker | null = null;
    for await (const chunk of dataChunks(request, state)) {
      checker ??= new RowChecker(state.columns ?? {}, ctx, request.hashKey, units, scope);
      const checked = await checker.check(chunk);
      let rowErrors = checked.errors;
      let good = checked.valid.length;
      if (scope !== null && checked.valid.length > 0) {
        // Finding existing members needs the ID-number lookup, which the first import on a table builds:
        // only once the file has a readable header and a valid row, so a refused file writes nothing.
        await deps.registry.prepareMemberImport();
        const existing = await resolveExisting(deps.registry, units, scope, checked.valid);
        good = existing.resolved.length;
        for (const e of existing.errors) takenOver.add(e.row);
        rowErrors = [...rowErrors, ...existing.errors].sort((a, b) => a.row - b.row);
      }
      rows += chunk.length;
      valid += good;
      invalid += chunk.length - good;
      await report(rowErrors);
      request.onProgress?.({ pass: 1, rows });
    }
  } catch (error) {
    throw inputProblem(error) ?? error;
  }

  // Pass 2: upsert the valid rows (or, in a dry run, count what would change).
  let created = 0;
  let updated = 0;
  let unchanged = 0;
  const write = valid > 0 && !(allOrNothing && invalid > 0);
  if (write) {
    await deps.registry.prepareMemberImport();
    const pool = new TaskPool(Math.max(1, request.concurrency ?? 4));
    const checker = new RowChecker(state.columns ?? {}, ctx, request.hashKey, units, scope);
    let read = 0;
    for await (const chunk of dataChunks(request, { columns: null, encoding: null })) {
      const checked = await checker.check(chunk);
      read += chunk.length;
      await pool.add(async () => {
        if (checked.valid.length === 0) return;
        const found = await resolveExisting(deps.registry, units, scope, checked.valid);
        const { resolved } = found;
        const late = found.errors.filter((e) => !takenOver.has(e.row));
        if (late.length > 0) {
          // The registry changed since pass 1: those rows are now errors and are skipped.
          valid -= late.length;
          invalid += late.length;
          await report(late);
        }
        const fresh = resolved.filter((r) => r.memberId === null);
        const newIds =
          dryRun || fresh.length === 0 ? [] : await deps.registry.allocateMemberIds(fresh.length);
        const writes: MemberWrite[] = [];
        const at = deps.now().toISOString();
        const audit = (before: Member | null, member: Member) =>
          writes.push({
            member,
            event: memberChangeEvent(before, member, request.actor, at, 'member import'),
          });
        const listed: ImportedMember[] = [];
        const list = (r: Resolved, memberId: string | null, outcome: ImportedMember['outcome']) =>
          listed.push({
            row: r.row.member.row,
            memberId,
            idNumberMasked: r.row.member.idNumberMasked,
            outcome,
          });
        let nextNew = 0;
        for (const r of resolved) {
          if (r.memberId === null) {
            created++;
            const memberId = dryRun ? null : (newIds[nextNew++] ?? '');
            if (memberId !== null) audit(null, memberFromRow(r.row.member, memberId, r.row.hash, null));
            list(r, memberId, 'created');
            continue;
          }
          const member = memberFromRow(r.row.member, r.memberId, r.row.hash, r.existing);
          if (r.existing !== null && sameMember(member, r.existing)) {
            unchanged++;
            list(r, r.memberId, 'unchanged');
          } else {
            updated++;
            audit(r.existing, member);
            list(r, r.memberId, 'updated');
          }
        }
        if (!dryRun && writes.length > 0) await deps.registry.putMembers(writes);
        members.add(listed);
        if (listed.length > 0) await request.onMembers?.(listed);
      });
      request.onProgress?.({ pass: 2, rows: read });
    }
    await pool.drain();
  }

  const list = errors.list();
  return {
    rows,
    valid,
    invalid,
    created,
    updated,
    unchanged,
    errors: list,
    errorsTruncated: errors.count > list.length,
    errorCount: errors.count,
    members: members.list(),
    membersTruncated: members.count > MEMBER_LIST_LIMIT,
    encoding: state.encoding ?? 'utf8',
    dryRun,
    allOrNothing,
    written: write && !dryRun && created + updated > 0,
  };
}
