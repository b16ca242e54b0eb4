import { ScanCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeIdNumber, maskIdNumber } from '../../functions/domain/id-number.ts';
import { formatCsvLine } from '../../functions/domain/member-import/csv.ts';
import { startTestStack, type TestStack } from '../support/local-stack.ts';

/** Two new members: one of BJ-HD-001 (under the district BJ-HD), one of BJ-CY-001 (another district). */
const HAIDIAN = [
  '查询会员甲',
  makeIdNumber('110108', '1991-03-04', 41),
  '13600000041',
  'BJ-HD-001',
  '2024-01-01',
];
const CHAOYANG = [
  '查询会员乙',
  makeIdNumber('110105', '1992-06-07', 42),
  '13600000042',
  'BJ-CY-001',
  '2024-02-01',
];
const HEADER = ['姓名', '身份证号', '手机号', '基层工会代码', '入会日期'];

describe('finding a member: ids in the import answer, GET /members?idNumber= (DynamoDB Local)', () => {
  let stack: TestStack;
  let ids: { haidian: string; chaoyang: string };

  beforeAll(async () => {
    stack = await startTestStack();
  });
  afterAll(async () => {
    await stack.close();
  });

  async function lookUp(token: string, idNumber: string | null) {
    const query = idNumber === null ? '' : `?idNumber=${encodeURIComponent(idNumber)}`;
    const res = await fetch(`${stack.runtime.apiUrl}/members${query}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    return {
      status: res.status,
      type: res.headers.get('content-type') ?? '',
      text: await res.text(),
    };
  }

  async function tableItems(): Promise<number> {
    const out = await stack.ddb.send(
      new ScanCommand({ TableName: stack.runtime.tables.registry, Select: 'COUNT' }),
    );
    return out.Count ?? 0;
  }

  it('answers the member ids the import created, by row, with masked ID numbers', async () => {
    // Act
    const res = await fetch(`${stack.runtime.apiUrl}/members/import`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${await stack.token(['admin'])}`,
        'content-type': 'text/csv; charset=utf-8',
      },
      body: [HEADER, HAIDIAN, CHAOYANG].map((row) => formatCsvLine(row)).join(''),
    });
    const body = (await res.json()) as {
      created: number;
      members: { row: number; memberId: string; idNumberMasked: string; outcome: string }[];
      membersTruncated: boolean;
    };
    // Assess
    expect(res.status).toBe(200);
    expect(body.created).toBe(2);
    expect(body.membersTruncated).toBe(false);
    expect(body.members).toEqual([
      {
        row: 2,
        memberId: expect.stringMatching(/^M\d{6,}$/),
        idNumberMasked: maskIdNumber(HAIDIAN[1] ?? ''),
        outcome: 'created',
      },
      {
        row: 3,
        memberId: expect.stringMatching(/^M\d{6,}$/),
        idNumberMasked: maskIdNumber(CHAOYANG[1] ?? ''),
        outcome: 'created',
      },
    ]);
    ids = { haidian: body.members[0]?.memberId ?? '', chaoyang: body.members[1]?.memberId ?? '' };
    expect((await stack.registry.getMember(ids.haidian))?.name).toBe('查询会员甲');
  });

  it('shows staff of the unit or above the member id, masked fields and standing, and audits the read', async () => {
    // Prepare
    const unitStaff = await stack.token(['staff'], { unitCode: 'BJ-HD-001', sub: 'staff-unit' });
    const district = await stack.token(['staff'], { unitCode: 'BJ-HD', sub: 'staff-district' });
    const idNumber = String(HAIDIAN[1]);
    // Act
    const byUnit = await lookUp(unitStaff, idNumber.toLowerCase());
    const byDistrict = await lookUp(district, ` ${idNumber} `);
    // Assess
    for (const res of [byUnit, byDistrict]) {
      expect(res.status).toBe(200);
      expect(JSON.parse(res.text)).toEqual({
        memberId: ids.haidian,
        nameMasked: '查****',
        idNumberMasked: maskIdNumber(idNumber),
        mobileMasked: '136****0041',
        unitCode: 'BJ-HD-001',
        standing: { status: 'active', joinedOn: '2024-01-01', leftOn: null, renewalPending: false },
      });
      expect(res.text).not.toContain(idNumber);
      expect(res.text).not.toContain('13600000041');
    }
    const reads = (await stack.registry.memberHistory(ids.haidian)).filter(
      (e) => e.action === 'member-looked-up',
    );
    expect(reads.map((e) => e.actor)).toEqual([
      { kind: 'staff', id: 'staff-unit' },
      { kind: 'staff', id: 'staff-district' },
    ]);
  });

  it('answers 404 for an unknown number and for a member outside the caller’s subtree, and writes nothing', async () => {
    // Prepare
    const district = await stack.token(['staff'], { unitCode: 'BJ-HD' });
    const before = await tableItems();
    // Act
    const outside = await lookUp(district, String(CHAOYANG[1]));
    const unknown = await lookUp(district, makeIdNumber('110108', '1990-01-01', 999));
    // Assess
    for (const res of [outside, unknown]) {
      expect(res.status).toBe(404);
      expect(res.type).toContain('application/problem+json');
    }
    expect(JSON.parse(outside.text).detail).toBe(JSON.parse(unknown.text).detail);
    expect(await tableItems()).toBe(before);
    expect(
      (await stack.registry.memberHistory(ids.chaoyang)).some((e) => e.action === 'member-looked-up'),
    ).toBe(false);
    // An admin finds the member of the other district.
    const admin = await lookUp(await stack.token(['admin']), String(CHAOYANG[1]));
    expect(admin.status).toBe(200);
    expect(JSON.parse(admin.text).memberId).toBe(ids.chaoyang);
  });

  it('answers 400 naming idNumber for a missing or invalid number, without echoing it; nothing written', async () => {
    // Prepare
    const admin = await stack.token(['admin']);
    const wrongCheckDigit = `${String(HAIDIAN[1]).slice(0, 17)}${String(HAIDIAN[1]).endsWith('0') ? '1' : '0'}`;
    const before = await tableItems();
    // Act
    const answers = [
      await lookUp(admin, null),
      await lookUp(admin, '12345'),
      await lookUp(admin, wrongCheckDigit),
    ];
    // Assess
    for (const res of answers) {
      expect(res.status).toBe(400);
      expect(res.type).toContain('application/problem+json');
      expect((JSON.parse(res.text) as { errors: { field: string }[] }).errors.map((e) => e.field)).toEqual([
        'idNumber',
      ]);
      expect(res.text).not.toContain(wrongCheckDigit);
    }
    expect(await tableItems()).toBe(before);
  });

  it('refuses members and auditors (403)', async () => {
    const member = await stack.token(['member'], { memberId: 'M000001' });
    const auditor = await stack.token(['auditor']);
    expect((await lookUp(member, String(HAIDIAN[1]))).status).toBe(403);
    expect((await lookUp(auditor, String(HAIDIAN[1]))).status).toBe(403);
  });
});
