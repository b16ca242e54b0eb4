/** The header row of a member list: Chinese or English column names mapped to the member's fields. */

export const MEMBER_FIELDS = [
  'name',
  'idNumber',
  'mobile',
  'unitCode',
  'joinedOn',
  'status',
  'leftOn',
  'hardship',
  'modelWorker',
] as const;
export type MemberField = (typeof MEMBER_FIELDS)[number];

export const REQUIRED_FIELDS: readonly MemberField[] = ['name', 'idNumber', 'mobile', 'unitCode', 'joinedOn'];

/** Column names shown to people: the Chinese name first, then the English one. */
export const FIELD_LABELS: Readonly<Record<MemberField, { readonly zh: string; readonly en: string }>> = {
  name: { zh: '姓名', en: 'name' },
  idNumber: { zh: '身份证号', en: 'idNumber' },
  mobile: { zh: '手机号', en: 'mobile' },
  unitCode: { zh: '基层工会代码', en: 'unitCode' },
  joinedOn: { zh: '入会日期', en: 'joinedOn' },
  status: { zh: '会籍状态', en: 'status' },
  leftOn: { zh: '离会日期', en: 'leftOn' },
  hardship: { zh: '困难职工', en: 'hardship' },
  modelWorker: { zh: '劳模', en: 'modelWorker' },
};

/** Accepted names per field, compared after {@link normalizeHeader}. */
const ALIASES: Readonly<Record<MemberField, readonly string[]>> = {
  name: ['姓名', '会员姓名', 'name'],
  idNumber: ['身份证号', '身份证号码', '公民身份号码', '身份证', 'idNumber', 'id number', 'id_number'],
  mobile: ['手机', '手机号', '手机号码', 'mobile', 'mobile phone'],
  unitCode: ['基层工会代码', '单位代码', '工会代码', 'unitCode', 'unit code', 'unit_code'],
  joinedOn: ['入会日期', '入会时间', 'joinedOn', 'joined on', 'joined_on'],
  status: ['状态', '会籍状态', 'status'],
  leftOn: ['离会日期', '退会日期', 'leftOn', 'left on', 'left_on'],
  hardship: ['困难职工', 'hardship'],
  modelWorker: ['劳模', '劳动模范', 'modelWorker', 'model worker', 'model_worker'],
};

/**
 * A header cell as compared: full-width forms folded (NFKC), a required-field mark `*` and a trailing
 * note in parentheses (`身份证号（18位）`) dropped, spaces, `_` and `-` removed, lower case.
 */
export function normalizeHeader(cell: string): string {
  return cell
    .normalize('NFKC')
    .replace(/^\uFEFF/, '')
    .replace(/\*/g, '')
    .replace(/\([^)]*\)\s*$/, '')
    .replace(/[\s_-]+/g, '')
    .toLowerCase();
}

const BY_NAME: ReadonlyMap<string, MemberField> = new Map(
  MEMBER_FIELDS.flatMap((field) => ALIASES[field].map((alias) => [normalizeHeader(alias), field] as const)),
);

/** Column index of each field found in the header. */
export type ColumnMap = Readonly<Partial<Record<MemberField, number>>>;

export type HeaderResult =
  | { readonly ok: true; readonly columns: ColumnMap; readonly ignored: readonly string[] }
  | {
      readonly ok: false;
      readonly missing: readonly MemberField[];
      /** Fields named by more than one column. */
      readonly duplicated: readonly MemberField[];
    };

/** Maps a header row; columns it does not know (序号, 备注 …) are ignored. */
export function mapHeader(cells: readonly string[]): HeaderResult {
  const columns: Partial<Record<MemberField, number>> = {};
  const duplicated = new Set<MemberField>();
  const ignored: string[] = [];
  cells.forEach((cell, index) => {
    const field = BY_NAME.get(normalizeHeader(cell));
    if (field === undefined) {
      if (cell.trim() !== '') ignored.push(cell.trim());
    } else if (columns[field] !== undefined) {
      duplicated.add(field);
    } else {
      columns[field] = index;
    }
  });
  const missing = REQUIRED_FIELDS.filter((field) => columns[field] === undefined);
  if (missing.length > 0 || duplicated.size > 0) {
    return { ok: false, missing, duplicated: [...duplicated] };
  }
  return { ok: true, columns, ignored };
}

/** `身份证号 / idNumber`, for messages. */
export function fieldLabel(field: MemberField): string {
  return `${FIELD_LABELS[field].zh} / ${FIELD_LABELS[field].en}`;
}
