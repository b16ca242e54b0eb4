/** One data row of a member list, checked on its own (unit existence and duplicates are checked by the caller). */
import { isMainlandMobile, maskIdNumber, parseIdNumber, type Sex } from '../id-number.ts';
import type { MemberStatus } from '../registry.ts';
import {
  cleanCell,
  isScientificNotation,
  normalizeIdNumber,
  normalizeMobile,
  parseCellDate,
  parseFlag,
  parseStatus,
} from './cells.ts';
import type { CsvRecord } from './csv.ts';
import type { ColumnMap, MemberField } from './header.ts';
import { REASONS } from './reasons.ts';

export const MAX_NAME_LENGTH = 50;

/** A row that passed its own checks. Holds the raw identity number: never log or store this object. */
export interface MemberRow {
  readonly row: number;
  readonly name: string;
  readonly idNumber: string;
  readonly idNumberMasked: string;
  readonly sex: Sex;
  readonly birthDate: string;
  readonly mobile: string;
  readonly unitCode: string;
  readonly joinedOn: string;
  /** Null when the file has no status column: an existing member keeps theirs, a new one is active. */
  readonly status: MemberStatus | null;
  /** Set when status is `left`; null otherwise (and when the file has no status column). */
  readonly leftOn: string | null;
  /** Null when the file has no such column: an existing member keeps the flag, a new one gets false. */
  readonly hardship: boolean | null;
  readonly modelWorker: boolean | null;
}

export interface RowError {
  /** Row number as the spreadsheet shows it (the header is row 1). */
  readonly row: number;
  /** The member field, or `row` for the row as a whole. */
  readonly field: MemberField | 'row';
  /** 中文 / English. */
  readonly reason: string;
  /** The row's identity number, masked, when it has 18 characters: which person the row is about. */
  readonly idNumberMasked?: string;
}

export type RowResult =
  | { readonly ok: true; readonly member: MemberRow }
  | {
      readonly ok: false;
      readonly errors: RowError[];
      /** The row's identity number when that field itself is valid (a later row may repeat it). */
      readonly validIdNumber: string | null;
    };

export interface RowContext {
  readonly now: Date;
  /** Today in Beijing, `YYYY-MM-DD`. */
  readonly today: string;
}

const CONTROL = /\p{Cc}/u;

/** Checks one data row: every field, so a row lists all of its problems at once. */
export function validateRow(record: CsvRecord, columns: ColumnMap, ctx: RowContext): RowResult {
  const cell = (field: MemberField): string | undefined => {
    const index = columns[field];
    return index === undefined ? undefined : cleanCell(record.fields[index]);
  };
  const problems: { field: MemberField | 'row'; reason: string }[] = [];
  const fail = (field: MemberField | 'row', reason: string): null => {
    problems.push({ field, reason });
    return null;
  };
  if (record.unterminatedQuote === true) fail('row', REASONS.unterminatedQuote);

  const name = cell('name') ?? '';
  if (name === '') fail('name', REASONS.required);
  else if (name.length > MAX_NAME_LENGTH) fail('name', REASONS.nameTooLong);
  else if (CONTROL.test(name)) fail('name', REASONS.nameControl);

  const rawId = cell('idNumber') ?? '';
  const idNumber = normalizeIdNumber(rawId);
  const idNumberMasked = idNumber.length === 18 ? maskIdNumber(idNumber) : undefined;
  let sex: Sex | null = null;
  let birthDate: string | null = null;
  if (idNumber === '') fail('idNumber', REASONS.required);
  else if (isScientificNotation(rawId)) fail('idNumber', REASONS.idScientific);
  else {
    const parsed = parseIdNumber(idNumber, ctx.now);
    if (parsed.ok) {
      sex = parsed.sex;
      birthDate = parsed.birthDate;
    } else {
      fail(
        'idNumber',
        parsed.reason === 'format'
          ? REASONS.idFormat
          : parsed.reason === 'birth-date'
            ? REASONS.idBirthDate
            : REASONS.idCheckDigit,
      );
    }
  }

  const rawMobile = cell('mobile') ?? '';
  const mobile = normalizeMobile(rawMobile);
  if (rawMobile === '') fail('mobile', REASONS.required);
  else if (!isMainlandMobile(mobile)) fail('mobile', REASONS.mobile);

  const unitCode = (cell('unitCode') ?? '').toUpperCase();
  if (unitCode === '') fail('unitCode', REASONS.required);

  const joinedOn = date('joinedOn', cell('joinedOn') ?? '', true);
  if (joinedOn !== null) {
    if (joinedOn > ctx.today) fail('joinedOn', REASONS.joinedInFuture);
    else if (birthDate !== null && joinedOn < birthDate) fail('joinedOn', REASONS.joinedBeforeBirth);
  }

  const statusCell = cell('status');
  const status = statusCell === undefined ? null : parseStatus(statusCell);
  if (statusCell !== undefined && status === null) fail('status', REASONS.status);
  const leftOnCell = cell('leftOn') ?? '';
  let leftOn: string | null = null;
  if (status === 'left') {
    leftOn = date('leftOn', leftOnCell, false);
    if (leftOnCell === '') fail('leftOn', REASONS.leftOnRequired);
    else if (leftOn !== null && joinedOn !== null && leftOn < joinedOn)
      fail('leftOn', REASONS.leftBeforeJoined);
    else if (leftOn !== null && leftOn > ctx.today) fail('leftOn', REASONS.leftInFuture);
  } else if (leftOnCell !== '' && (status !== null || statusCell === undefined)) {
    fail('leftOn', REASONS.leftOnNotAllowed);
  }

  const hardship = flag('hardship');
  const modelWorker = flag('modelWorker');

  if (problems.length > 0 || sex === null || birthDate === null || joinedOn === null) {
    return {
      ok: false,
      validIdNumber: sex === null ? null : idNumber,
      errors: problems.map((p) => ({
        row: record.row,
        ...p,
        ...(idNumberMasked === undefined ? {} : { idNumberMasked }),
      })),
    };
  }
  return {
    ok: true,
    member: {
      row: record.row,
      name,
      idNumber,
      idNumberMasked: idNumberMasked ?? '',
      sex,
      birthDate,
      mobile,
      unitCode,
      joinedOn,
      status,
      leftOn,
      hardship,
      modelWorker,
    },
  };

  function date(field: 'joinedOn' | 'leftOn', text: string, required: boolean): string | null {
    if (text === '') return required ? fail(field, REASONS.required) : null;
    return parseCellDate(text) ?? fail(field, REASONS.date);
  }

  function flag(field: 'hardship' | 'modelWorker'): boolean | null {
    const text = cell(field);
    if (text === undefined) return null;
    const value = parseFlag(text);
    if (value === null) fail(field, REASONS.flag);
    return value;
  }
}
