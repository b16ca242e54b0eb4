import { describe, expect, it } from 'vitest';
import { mapHeader, normalizeHeader } from '../../../../functions/domain/member-import/header.ts';

describe('member-import header', () => {
  describe('mapHeader', () => {
    it('maps the Chinese column names', () => {
      const result = mapHeader([
        '姓名',
        '身份证号',
        '手机',
        '基层工会代码',
        '入会日期',
        '状态',
        '离会日期',
        '困难职工',
        '劳模',
      ]);
      expect(result).toEqual({
        ok: true,
        columns: {
          name: 0,
          idNumber: 1,
          mobile: 2,
          unitCode: 3,
          joinedOn: 4,
          status: 5,
          leftOn: 6,
          hardship: 7,
          modelWorker: 8,
        },
        ignored: [],
      });
    });

    it('maps the other Chinese names: 身份证号码, 手机号, 单位代码, 会籍状态, 退会日期', () => {
      const result = mapHeader([
        '序号',
        '姓名',
        '身份证号码',
        '手机号',
        '单位代码',
        '入会日期',
        '会籍状态',
        '退会日期',
      ]);
      expect(result.ok && result.columns).toEqual({
        name: 1,
        idNumber: 2,
        mobile: 3,
        unitCode: 4,
        joinedOn: 5,
        status: 6,
        leftOn: 7,
      });
      expect(result.ok && result.ignored).toEqual(['序号']);
    });

    it('maps English names in any case and spacing, in any order', () => {
      const result = mapHeader(['unitCode', 'Mobile', 'ID Number', 'NAME', 'joined_on', 'model worker']);
      expect(result.ok && result.columns).toEqual({
        unitCode: 0,
        mobile: 1,
        idNumber: 2,
        name: 3,
        joinedOn: 4,
        modelWorker: 5,
      });
    });

    it('reads names with a required mark, full-width letters, a note in parentheses and a BOM', () => {
      const result = mapHeader([
        '\uFEFF*姓名',
        '身份证号（18位）',
        ' 手机号 ',
        'ｕｎｉｔＣｏｄｅ',
        '入会日期(yyyy-mm-dd)',
      ]);
      expect(result.ok && result.columns).toEqual({
        name: 0,
        idNumber: 1,
        mobile: 2,
        unitCode: 3,
        joinedOn: 4,
      });
    });

    it('names the required columns that are missing', () => {
      expect(mapHeader(['姓名', '手机号', '备注'])).toEqual({
        ok: false,
        missing: ['idNumber', 'unitCode', 'joinedOn'],
        duplicated: [],
      });
    });

    it('takes a data row for a header as missing every column', () => {
      const result = mapHeader(['张伟', '110108198604123713', '13800138001', 'BJ-HD-001', '2019-03-01']);
      expect(result.ok).toBe(false);
      expect(!result.ok && result.missing).toEqual(['name', 'idNumber', 'mobile', 'unitCode', 'joinedOn']);
    });

    it('refuses two columns for one field', () => {
      const result = mapHeader(['姓名', 'name', '身份证号', '手机号', '单位代码', '入会日期']);
      expect(result).toEqual({ ok: false, missing: [], duplicated: ['name'] });
    });
  });

  describe('normalizeHeader', () => {
    it('folds case, spaces, underscores and dashes', () => {
      expect(normalizeHeader(' Joined_On ')).toBe('joinedon');
      expect(normalizeHeader('unit-code')).toBe('unitcode');
    });
  });
});
