import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { documentClient } from '../../functions/adapters/dynamodb/client.ts';
import { DynamoRegistryStore } from '../../functions/adapters/dynamodb/registry-store.ts';
import { hashIdNumber, makeIdNumber, maskIdNumber } from '../../functions/domain/id-number.ts';
import { formatCsvLine, parseCsv } from '../../functions/domain/member-import/csv.ts';
import { decodeText } from '../../functions/domain/member-import/encoding.ts';
import { memberIdNumber } from '../../functions/domain/member-import/member-record.ts';
import type { Member } from '../../functions/domain/registry.ts';
import {
  type ImportMembersRequest,
  importMembers,
  LOCAL_PII_HASH_KEY,
} from '../../functions/usecases/import-members.ts';
import { LOCAL_CREDENTIALS } from '../../infra/local/dynamodb-local.ts';
import { startTestStack, type TestStack } from '../support/local-stack.ts';
import { tableItems } from '../support/table-items.ts';

const IMPORTER = { kind: 'admin', id: 'registry-office' } as const;

const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'members');
const fixture = (name: string) => join(FIXTURES, name);

/** Name and ID number of each data row of a fixture. */
async function peopleIn(name: string): Promise<{ name: string; idNumber: string; mobile: string }[]> {
  const out: { name: string; idNumber: string; mobile: string }[] = [];
  let header = true;
  const text = decodeText(createReadStream(fixture(name)) as AsyncIterable<Uint8Array>, 'auto');
  for await (const record of parseCsv(text)) {
    if (header) {
      header = false;
      continue;
    }
    const [person, idNumber, mobile] = record.fields;
    out.push({ name: person ?? '', idNumber: (idNumber ?? '').toUpperCase(), mobile: mobile ?? '' });
  }
  return out;
}

describe('member import (DynamoDB Local)', () => {
  let stack: TestStack;
  let ddb: DynamoDBClient;
  let registry: DynamoRegistryStore;

  beforeAll(async () => {
    stack = await startTestStack();
    ddb = new DynamoDBClient({
      endpoint: stack.runtime.dynamoEndpoint,
      region: 'us-east-1',
      credentials: LOCAL_CREDENTIALS,
    });
    registry = new DynamoRegistryStore(documentClient(ddb), stack.runtime.tables.registry);
  });
  afterAll(async () => {
    ddb.destroy();
    await stack.close();
  });

  function importFile(name: string, options: Partial<ImportMembersRequest> = {}) {
    return importMembers(
      { registry, now: () => new Date() },
      {
        open: () => createReadStream(fixture(name)) as AsyncIterable<Uint8Array>,
        encoding: 'auto',
        hashKey: LOCAL_PII_HASH_KEY,
        scopeUnitPath: null,
        actor: IMPORTER,
        ...options,
      },
    );
  }

  const scanAll = () => tableItems(ddb, stack.runtime.tables.registry);

  async function countItems(): Promise<{ all: number; members: number; lookups: number; events: number }> {
    const items = await scanAll();
    const pk = (item: Record<string, unknown>) => String(item.pk);
    return {
      all: items.length,
      members: items.filter((i) => pk(i).startsWith('MEMBER#')).length,
      lookups: items.filter((i) => pk(i).startsWith('IDNO#')).length,
      events: items.filter((i) => pk(i).startsWith('AUDIT#MEMBER#')).length,
    };
  }

  async function memberOf(idNumber: string): Promise<Member | null> {
    const memberId = await registry.findMemberIdByIdHash(hashIdNumber(idNumber, LOCAL_PII_HASH_KEY));
    return memberId === null ? null : registry.getMember(memberId);
  }

  const memberIds = new Map<string, string>();

  describe('a good file', () => {
    it('creates every member, readable by ID-number hash, with the masked number and no raw one', async () => {
      // Prepare
      const people = await peopleIn('members-utf8-bom.csv');
      // Act
      const result = await importFile('members-utf8-bom.csv');
      // Assess
      expect(result).toMatchObject({ rows: 6, valid: 6, invalid: 0, created: 6, updated: 0, errors: [] });
      expect(result.encoding).toBe('utf8');
      for (const person of people) {
        const member = await memberOf(person.idNumber);
        expect(member).not.toBeNull();
        if (member === null) continue;
        memberIds.set(person.idNumber, member.memberId);
        expect(member.name).toBe(person.name);
        expect(member.idNumberMasked).toBe(maskIdNumber(person.idNumber));
        expect(member.idNumberHash).toBe(hashIdNumber(person.idNumber, LOCAL_PII_HASH_KEY));
        expect(memberIdNumber(member.memberId)).toBeGreaterThan(504);
      }
      const zhao = await memberOf(people[3]?.idNumber ?? '');
      expect(zhao).toMatchObject({
        sex: 'female',
        status: 'left',
        joinedOn: '2015-01-09',
        leftOn: '2022-12-31',
        hardship: false,
        modelWorker: true,
      });
      const stored = JSON.stringify(await scanAll());
      for (const person of people) expect(stored).not.toContain(person.idNumber);
      const created = await registry.memberHistory(zhao?.memberId ?? '');
      expect(created).toEqual([
        expect.objectContaining({
          actor: IMPORTER,
          action: 'member-created',
          reason: 'member import',
          before: null,
          after: expect.objectContaining({ status: 'left', unitCode: zhao?.unitCode }),
        }),
      ]);
      expect(JSON.stringify(created)).not.toContain(zhao?.name);
      expect(JSON.stringify(created)).not.toContain(zhao?.mobile);
    });
  });

  describe('a re-import with changed mobiles', () => {
    it('updates those members and keeps their member ids', async () => {
      const people = await peopleIn('members-utf8.csv');
      const before = await countItems();
      // Act
      const result = await importFile('members-utf8.csv');
      // Assess
      expect(result).toMatchObject({ rows: 6, valid: 6, created: 0, updated: 6 });
      for (const person of people) {
        const member = await memberOf(person.idNumber);
        expect(member?.memberId).toBe(memberIds.get(person.idNumber));
        expect(member?.mobile).toBe(person.mobile);
        const events = await registry.memberHistory(member?.memberId ?? '');
        // Only the mobile changed: the event says so, masked, and nothing else.
        expect(events.map((e) => e.action)).toEqual(['member-created', 'member-updated']);
        expect(Object.keys(events[1]?.before ?? {})).toEqual(['mobile']);
        expect(events[1]?.after).toEqual({
          mobile: `${person.mobile.slice(0, 3)}****${person.mobile.slice(7)}`,
        });
      }
      expect(await countItems()).toEqual({ ...before, all: before.all + 6, events: before.events + 6 });
    });
  });

  describe('the GB18030 twin of the UTF-8 file', () => {
    it('is detected and gives the same names, so a second UTF-8 import changes nothing', async () => {
      const people = await peopleIn('members-utf8-bom.csv');
      // Act
      const gb = await importFile('members-gb18030.csv');
      const again = await importFile('members-utf8-bom.csv');
      // Assess
      expect(gb).toMatchObject({ encoding: 'gb18030', valid: 6, created: 0, updated: 6 });
      expect(again).toMatchObject({ encoding: 'utf8', valid: 6, created: 0, updated: 0, unchanged: 6 });
      for (const person of people) expect((await memberOf(person.idNumber))?.name).toBe(person.name);
      expect((await memberOf(people[2]?.idNumber ?? ''))?.name).toBe('阿依古丽·买买提');
    });
  });

  describe('a file with invalid rows', () => {
    const expectedRows = [3, 4, 5, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19];

    it('with allOrNothing writes nothing at all', async () => {
      const before = await scanAll();
      const result = await importFile('members-bad.csv', { allOrNothing: true });
      expect(result).toMatchObject({ rows: 17, valid: 1, invalid: 16, created: 0, written: false });
      expect(await scanAll()).toEqual(before);
    });

    it('reports each invalid row and writes only the valid one', async () => {
      const before = await countItems();
      // Act
      const result = await importFile('members-bad.csv');
      // Assess
      expect(result).toMatchObject({ rows: 17, valid: 1, invalid: 16, created: 1 });
      expect([...new Set(result.errors.map((e) => e.row))]).toEqual(expectedRows);
      expect(result.errors.map((e) => e.field)).toEqual([
        'idNumber',
        'idNumber',
        'idNumber',
        'idNumber',
        'mobile',
        'unitCode',
        'unitCode',
        'joinedOn',
        'joinedOn',
        'leftOn',
        'leftOn',
        'leftOn',
        'status',
        'hardship',
        'idNumber',
        'name',
      ]);
      expect(result.errors[0]?.reason).toBe('身份证校验位错误 / ID number check digit is wrong');
      expect(result.errors.at(-2)?.reason).toBe('与第 2 行的身份证号重复 / the same ID number as row 2');
      for (const e of result.errors) {
        if (e.idNumberMasked !== undefined) expect(e.idNumberMasked).toMatch(/^\d{6}\*{8}[\dX]{4}$/);
      }
      expect(await countItems()).toEqual({
        all: before.all + 3,
        members: before.members + 1,
        lookups: before.lookups + 1,
        events: before.events + 1,
      });
      const zhou = await memberOf(makeIdNumber('110106', '1988-05-05', 101));
      expect(zhou?.name).toBe('周杰');
    });
  });

  describe('a table from before the ID-number lookup', () => {
    it('indexes the members already there and continues their ids', async () => {
      // Prepare: a member stored without a lookup item, and no id counter yet.
      const idNumber = makeIdNumber('110108', '1970-07-07', 77);
      const doc = documentClient(ddb);
      const table = stack.runtime.tables.registry;
      await doc.send(new DeleteCommand({ TableName: table, Key: { pk: 'COUNTER#member', sk: 'COUNTER' } }));
      await doc.send(
        new PutCommand({
          TableName: table,
          Item: {
            pk: 'MEMBER#M090000',
            sk: 'MEMBER',
            type: 'member',
            memberId: 'M090000',
            name: '老会员',
            idNumberHash: hashIdNumber(idNumber, LOCAL_PII_HASH_KEY),
            idNumberMasked: maskIdNumber(idNumber),
            mobile: '13500000000',
            sex: 'male',
            unitCode: 'BJ-HD-001',
            status: 'active',
            joinedOn: '2000-01-01',
            leftOn: null,
            hardship: false,
            modelWorker: false,
          },
        }),
      );
      const file = [
        ['姓名', '身份证号', '手机号', '基层工会代码', '入会日期'],
        ['老会员', idNumber, '13500000001', 'BJ-HD-001', '2000-01-01'],
        ['新会员丙', makeIdNumber('110108', '1970-07-07', 79), '13500000002', 'BJ-HD-001', '2020-01-01'],
      ]
        .map((r) => formatCsvLine(r))
        .join('');
      // Act: a fresh store, as a new process would have.
      const fresh = new DynamoRegistryStore(doc, table);
      const result = await importMembers(
        { registry: fresh, now: () => new Date() },
        {
          open: async function* () {
            yield Buffer.from(file, 'utf8');
          },
          encoding: 'auto',
          hashKey: LOCAL_PII_HASH_KEY,
          actor: IMPORTER,
          scopeUnitPath: null,
        },
      );
      // Assess
      expect(result).toMatchObject({ created: 1, updated: 1 });
      expect(await memberOf(idNumber)).toMatchObject({ memberId: 'M090000', mobile: '13500000001' });
      expect((await memberOf(makeIdNumber('110108', '1970-07-07', 79)))?.memberId).toBe('M090001');
    });
  });

  describe('POST /members/import', () => {
    const people = [
      ['新会员甲', makeIdNumber('110108', '1995-05-05', 11), '13600000001', 'BJ-HD-001', '2024-01-01'],
      ['新会员乙', makeIdNumber('110105', '1995-05-05', 12), '13600000002', 'BJ-CY-001', '2024-01-01'],
    ];
    const body = (rows: string[][], header = ['姓名', '身份证号', '手机号', '基层工会代码', '入会日期']) =>
      [header, ...rows].map((r) => formatCsvLine(r)).join('');

    async function post(
      token: string,
      content: string | Uint8Array,
      query = '',
      type = 'text/csv; charset=utf-8',
    ): Promise<{ status: number; type: string; body: Record<string, unknown> }> {
      const res = await fetch(`${stack.runtime.apiUrl}/members/import${query}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': type },
        body: content,
      });
      return {
        status: res.status,
        type: res.headers.get('content-type') ?? '',
        body: (await res.json()) as Record<string, unknown>,
      };
    }

    it('lets staff import into their subtree; rows of other units are errors', async () => {
      const token = await stack.token(['staff'], { unitCode: 'BJ-HD' });
      const res = await post(token, body(people));
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ rows: 2, valid: 1, invalid: 1, created: 1 });
      expect(res.body.errors).toEqual([
        {
          row: 3,
          field: 'unitCode',
          reason: '该单位不在您的管辖范围内 / unit outside your scope',
          idNumberMasked: maskIdNumber(people[1]?.[1] ?? ''),
        },
      ]);
      expect(JSON.stringify(res.body)).not.toContain(people[1]?.[1]);
      expect(await memberOf(people[0]?.[1] ?? '')).toMatchObject({ name: '新会员甲', unitCode: 'BJ-HD-001' });
      expect(await memberOf(people[1]?.[1] ?? '')).toBeNull();
    });

    it('takes a GB18030 file as application/octet-stream, and counts without writing in a dry run', async () => {
      const token = await stack.token(['admin']);
      const gb = await readFile(fixture('members-gb18030.csv'));
      const res = await post(token, gb, '?dryRun=true&encoding=gb18030', 'application/octet-stream');
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ encoding: 'gb18030', valid: 6, unchanged: 6, dryRun: true });
    });

    it('refuses GB18030 bytes sent as text, which the gateway decoded as UTF-8', async () => {
      const token = await stack.token(['admin']);
      const res = await post(token, await readFile(fixture('members-gb18030.csv')));
      expect(res.status).toBe(415);
      expect(res.type).toContain('application/problem+json');
    });

    it('answers 400 naming the missing columns of the header row', async () => {
      const token = await stack.token(['admin']);
      const res = await post(token, body(people, ['姓名', '手机号', '基层工会代码', '入会日期']));
      expect(res.status).toBe(400);
      expect(res.type).toContain('application/problem+json');
      expect(res.body.errors).toEqual([
        { field: 'idNumber', message: 'column 身份证号 / idNumber is missing' },
      ]);
    });

    it('answers 400 for an unknown encoding', async () => {
      const token = await stack.token(['admin']);
      const res = await post(token, body(people), '?encoding=latin1');
      expect(res.status).toBe(400);
      expect((res.body.errors as { field: string }[])[0]?.field).toBe('encoding');
    });

    it('answers 413 above 5 MB and points to the command line', async () => {
      const token = await stack.token(['admin']);
      const res = await post(token, `${body(people)}${'x'.repeat(5 * 1024 * 1024)}`);
      expect(res.status).toBe(413);
      expect(String(res.body.detail)).toContain('npm run import-members');
    });

    it('refuses members and auditors', async () => {
      const member = await stack.token(['member'], { memberId: 'M000001' });
      const auditor = await stack.token(['auditor']);
      expect((await post(member, body(people))).status).toBe(403);
      expect((await post(auditor, body(people))).status).toBe(403);
    });
  });
});
