import { describe, expect, it } from 'vitest';
import { checkDigit, makeIdNumber } from '../../../../functions/domain/id-number.ts';
import { parseCellDate, parseFlag, parseStatus } from '../../../../functions/domain/member-import/cells.ts';
import { type ColumnMap, mapHeader } from '../../../../functions/domain/member-import/header.ts';
import {
  formatMemberId,
  memberFromRow,
  memberIdNumber,
} from '../../../../functions/domain/member-import/member-record.ts';
import {
  type MemberRow,
  type RowContext,
  validateRow,
} from '../../../../functions/domain/member-import/row.ts';
import { SeenIds } from '../../../../functions/domain/member-import/seen-ids.ts';
import type { Member } from '../../../../functions/domain/registry.ts';

const header = mapHeader([
  '姓名',
  '身份证号',
  '手机号',
  '基层工会代码',
  '入会日期',
  '会籍状态',
  '离会日期',
  '困难职工',
  '劳模',
]);
if (!header.ok) throw new Error('test header does not map');
const columns: ColumnMap = header.columns;
const now = new Date('2026-03-01T04:00:00Z');
const ctx: RowContext = { now, today: '2026-03-01' };
const ID = makeIdNumber('110108', '1986-04-12', 371);

type Cells = {
  name?: string;
  idNumber?: string;
  mobile?: string;
  unitCode?: string;
  joinedOn?: string;
  status?: string;
  leftOn?: string;
  hardship?: string;
  modelWorker?: string;
};

function row(cells: Cells = {}, rowNumber = 7) {
  const c = {
    name: '张伟',
    idNumber: ID,
    mobile: '13800138001',
    unitCode: 'BJ-HD-001',
    joinedOn: '2019-03-01',
    status: '在会',
    leftOn: '',
    hardship: '否',
    modelWorker: '否',
    ...cells,
  };
  return validateRow(
    {
      row: rowNumber,
      fields: [
        c.name,
        c.idNumber,
        c.mobile,
        c.unitCode,
        c.joinedOn,
        c.status,
        c.leftOn,
        c.hardship,
        c.modelWorker,
      ],
    },
    columns,
    ctx,
  );
}

function errorsOf(cells: Cells) {
  const result = row(cells);
  return result.ok ? [] : result.errors.map((e) => ({ field: e.field, reason: e.reason }));
}

describe('member-import row', () => {
  describe('validateRow', () => {
    it('accepts a good row and reads sex and birth date from the ID number', () => {
      const result = row();
      expect(result).toEqual({
        ok: true,
        member: {
          row: 7,
          name: '张伟',
          idNumber: ID,
          idNumberMasked: `110108********${ID.slice(14)}`,
          sex: 'male',
          birthDate: '1986-04-12',
          mobile: '13800138001',
          unitCode: 'BJ-HD-001',
          joinedOn: '2019-03-01',
          status: 'active',
          leftOn: null,
          hardship: false,
          modelWorker: false,
        },
      });
    });

    it('normalises what Excel writes: spaces, full-width digits, x, +86, 2023/1/9, 2023年1月9日', () => {
      const female = makeIdNumber('110105', '1979-02-28', 224);
      const x = makeIdNumber('110101', '2000-01-01', 998);
      expect(x.endsWith('X')).toBe(true);
      const a = row({
        idNumber: ` ${female} `,
        mobile: '+86 139-0013-8003',
        joinedOn: '2023/1/9',
        unitCode: 'bj-hd-001',
      });
      const b = row({
        idNumber: x.toLowerCase(),
        joinedOn: '2023年1月9日',
        mobile: '１３８００１３８００１',
      });
      expect(
        a.ok && [a.member.idNumber, a.member.mobile, a.member.joinedOn, a.member.sex, a.member.unitCode],
      ).toEqual([female, '13900138003', '2023-01-09', 'female', 'BJ-HD-001']);
      expect(b.ok && [b.member.idNumber, b.member.joinedOn, b.member.mobile]).toEqual([
        x,
        '2023-01-09',
        '13800138001',
      ]);
    });

    it('reads status and flags', () => {
      const left = row({ status: '退会', leftOn: '2024/6/30', hardship: 'Y', modelWorker: '1' });
      expect(
        left.ok && [left.member.status, left.member.leftOn, left.member.hardship, left.member.modelWorker],
      ).toEqual(['left', '2024-06-30', true, true]);
      const suspended = row({ status: 'suspended', hardship: '', modelWorker: 'false' });
      expect(suspended.ok && [suspended.member.status, suspended.member.hardship]).toEqual([
        'suspended',
        false,
      ]);
      const active = row({ status: '' });
      expect(active.ok && active.member.status).toBe('active');
    });

    it('leaves status and flags null when the file has no such columns', () => {
      const minimal = mapHeader(['姓名', '身份证号', '手机号', '单位代码', '入会日期']);
      if (!minimal.ok) throw new Error('minimal header does not map');
      const result = validateRow(
        { row: 2, fields: ['张伟', ID, '13800138001', 'BJ-HD-001', '2019-03-01'] },
        minimal.columns,
        ctx,
      );
      expect(result.ok && [result.member.status, result.member.leftOn, result.member.hardship]).toEqual([
        null,
        null,
        null,
      ]);
    });

    const first17 = '11010819900230123';
    it.each([
      ['a missing name', { name: '' }, 'name', '必填 / is required'],
      [
        'a name over 50 characters',
        { name: '张'.repeat(51) },
        'name',
        '姓名不能超过 50 个字符 / name must be at most 50 characters',
      ],
      ['a missing ID number', { idNumber: '' }, 'idNumber', '必填 / is required'],
      [
        'a wrong check digit',
        { idNumber: `${ID.slice(0, 17)}${ID.endsWith('0') ? '1' : '0'}` },
        'idNumber',
        '身份证校验位错误 / ID number check digit is wrong',
      ],
      [
        'a birth date that does not exist',
        { idNumber: `${first17}${checkDigit(first17)}` },
        'idNumber',
        '身份证号中的出生日期无效 / the birth date in the ID number is not a real date',
      ],
      [
        '17 digits',
        { idNumber: ID.slice(0, 17) },
        'idNumber',
        '身份证号应为 18 位：17 位数字加 1 位数字或 X / ID number must be 18 characters: 17 digits and a digit or X',
      ],
      [
        'scientific notation',
        { idNumber: '1.10108E+17' },
        'idNumber',
        '身份证号被 Excel 转成了科学计数法，请把该列设为文本后重新导出 / Excel turned the ID number into scientific notation; format the column as text and export again',
      ],
      ['a missing mobile', { mobile: '' }, 'mobile', '必填 / is required'],
      [
        'a landline',
        { mobile: '010-62512345' },
        'mobile',
        '手机号应为 11 位大陆手机号 / mobile must be an 11-digit mainland mobile number',
      ],
      ['a missing unit', { unitCode: '' }, 'unitCode', '必填 / is required'],
      ['a missing join date', { joinedOn: '' }, 'joinedOn', '必填 / is required'],
      [
        'a date that does not exist',
        { joinedOn: '2023-02-29' },
        'joinedOn',
        '日期应写作 2023-01-09、2023/1/9 或 2023年1月9日 / a date must look like 2023-01-09, 2023/1/9 or 2023年1月9日',
      ],
      [
        'a date in another format',
        { joinedOn: '09/01/2023' },
        'joinedOn',
        '日期应写作 2023-01-09、2023/1/9 或 2023年1月9日 / a date must look like 2023-01-09, 2023/1/9 or 2023年1月9日',
      ],
      [
        'a join date in the future',
        { joinedOn: '2026-03-02' },
        'joinedOn',
        '入会日期不能晚于今天 / join date must not be in the future',
      ],
      [
        'a join date before birth',
        { joinedOn: '1980-01-01' },
        'joinedOn',
        '入会日期不能早于出生日期 / join date must not be before the birth date',
      ],
      [
        'an unknown status',
        { status: '开除' },
        'status',
        '会籍状态应为 在会、暂停 或 离会 / status must be active, suspended or left',
      ],
      [
        'left without a leaving date',
        { status: '离会' },
        'leftOn',
        '离会会员须填写离会日期 / a member who left needs a leaving date',
      ],
      [
        'left before joining',
        { status: '离会', leftOn: '2019-02-28' },
        'leftOn',
        '离会日期不能早于入会日期 / leaving date must not be before the join date',
      ],
      [
        'left in the future',
        { status: 'left', leftOn: '2027-01-01' },
        'leftOn',
        '离会日期不能晚于今天 / leaving date must not be in the future',
      ],
      [
        'a leaving date while active',
        { status: '在会', leftOn: '2024-01-01' },
        'leftOn',
        '只有离会会员才填写离会日期 / only a member who left has a leaving date',
      ],
      [
        'a flag that is neither',
        { hardship: '也许' },
        'hardship',
        '应填 是 或 否 / must be 是 or 否 (Y/N, 1/0, true/false)',
      ],
      [
        'a model-worker flag that is neither',
        { modelWorker: '2' },
        'modelWorker',
        '应填 是 或 否 / must be 是 or 否 (Y/N, 1/0, true/false)',
      ],
    ] as const)('reports %s', (_what, cells, field, reason) => {
      expect(errorsOf(cells)).toEqual([{ field, reason }]);
    });

    it('lists every problem of a row, with the row number and the masked ID number', () => {
      const result = row({ name: '', mobile: '123', joinedOn: 'soon' }, 12);
      expect(result.ok).toBe(false);
      if (result.ok) return;
      expect(result.errors.map((e) => [e.row, e.field, e.idNumberMasked])).toEqual([
        [12, 'name', `110108********${ID.slice(14)}`],
        [12, 'mobile', `110108********${ID.slice(14)}`],
        [12, 'joinedOn', `110108********${ID.slice(14)}`],
      ]);
      expect(result.validIdNumber).toBe(ID);
      expect(JSON.stringify(result.errors)).not.toContain(ID);
    });

    it('reports a quote that was never closed', () => {
      const result = validateRow(
        { row: 3, fields: ['张伟', ID, '13800138001', 'BJ-HD-001', '2019-03-01'], unterminatedQuote: true },
        columns,
        ctx,
      );
      expect(!result.ok && result.errors.map((e) => e.field)).toEqual(['row']);
    });
  });

  describe('cells', () => {
    it.each([
      ['2023-01-09', '2023-01-09'],
      ['2023/1/9', '2023-01-09'],
      ['2023.1.9', '2023-01-09'],
      ['2023/1/9 0:00', '2023-01-09'],
      ['2023-01-09 00:00:00', '2023-01-09'],
      ['2023年1月9日', '2023-01-09'],
      ['20230109', '2023-01-09'],
      ['2024-02-29', '2024-02-29'],
      ['2023-02-29', null],
      ['1899-12-31', null],
      ['9/1/2023', null],
      ['44935', null],
    ])('reads the date %s as %s', (cell, iso) => {
      expect(parseCellDate(cell)).toBe(iso);
    });

    it('reads flags and statuses', () => {
      expect(['是', 'Y', 'y', '1', 'TRUE', 'true'].map(parseFlag)).toEqual([
        true,
        true,
        true,
        true,
        true,
        true,
      ]);
      expect(['否', 'N', '0', 'false', ''].map(parseFlag)).toEqual([false, false, false, false, false]);
      expect(parseFlag('x')).toBeNull();
      expect(['在会', '正常', 'Active', '暂停', '离会', '退会', 'LEFT'].map(parseStatus)).toEqual([
        'active',
        'active',
        'active',
        'suspended',
        'left',
        'left',
        'left',
      ]);
    });
  });

  describe('SeenIds', () => {
    it('tells the first row of a hash seen before, through growth', () => {
      const seen = new SeenIds(16);
      // Half the hashes share their first 32 bits (one slot), so probing is exercised too.
      const hex = (n: number) => n.toString(16).padStart(8, '0');
      const hash = (i: number) =>
        i % 2 === 0 ? `${hex(i)}${'f'.repeat(56)}` : `${hex(7)}${hex(0)}${hex(0)}${hex(i)}${'0'.repeat(32)}`;
      for (let i = 0; i < 5000; i++) expect(seen.add(hash(i), i + 2)).toBeNull();
      expect(seen.size).toBe(5000);
      expect(seen.add(hash(0), 9999)).toBe(2);
      expect(seen.add(hash(4999), 9999)).toBe(5001);
      expect(seen.add(hash(2500), 9999)).toBe(2502);
    });
  });

  describe('member records', () => {
    it('formats member ids with at least six digits', () => {
      expect(formatMemberId(505)).toBe('M000505');
      expect(formatMemberId(1_000_504)).toBe('M1000504');
      expect(memberIdNumber('M000504')).toBe(504);
      expect(memberIdNumber('X1')).toBeNull();
    });

    it('keeps what the file has no column for from the existing member', () => {
      const member = (row({}) as { member: MemberRow }).member;
      const existing: Member = {
        memberId: 'M000007',
        name: '张伟',
        idNumberHash: 'h',
        idNumberMasked: member.idNumberMasked,
        mobile: '13900000000',
        sex: 'male',
        unitCode: 'BJ-HD-001',
        status: 'suspended',
        joinedOn: '2019-03-01',
        leftOn: null,
        hardship: true,
        modelWorker: true,
      };
      const noColumns = { ...member, status: null, leftOn: null, hardship: null, modelWorker: null };
      expect(memberFromRow(noColumns, 'M000007', 'h', existing)).toEqual({
        ...existing,
        mobile: '13800138001',
      });
      expect(memberFromRow(noColumns, 'M000600', 'h', null)).toMatchObject({
        status: 'active',
        hardship: false,
        modelWorker: false,
      });
    });
  });
});
