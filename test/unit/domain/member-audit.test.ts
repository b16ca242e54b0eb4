import { describe, expect, it } from 'vitest';
import { maskMobile, maskName, memberChangeEvent } from '../../../functions/domain/member-audit.ts';
import type { Member } from '../../../functions/domain/registry.ts';

const STAFF = { kind: 'staff', id: 'staff-1' } as const;
const AT = '2026-11-28T08:00:00.000Z';
const member: Member = {
  memberId: 'M000900',
  name: '欧阳春晓',
  idNumberHash: 'h'.repeat(64),
  idNumberMasked: '110108********1234',
  mobile: '13912345678',
  sex: 'female',
  unitCode: 'BJ-HD-001',
  status: 'active',
  joinedOn: '2020-01-01',
  leftOn: null,
  hardship: false,
  modelWorker: false,
};

describe('member audit events', () => {
  it('masks names and mobiles', () => {
    expect(maskName('欧阳春晓')).toBe('欧***');
    expect(maskName('李')).toBe('*');
    expect(maskMobile('13912345678')).toBe('139****5678');
    expect(maskMobile('+85291234567')).toBe('********4567');
    expect(maskMobile('')).toBe('');
  });

  it('records every field of a new member, masked, and no ID-number hash', () => {
    const event = memberChangeEvent(null, member, STAFF, AT, 'member import');
    expect(event).toMatchObject({ action: 'member-created', actor: STAFF, at: AT, before: null });
    expect(event?.after).toMatchObject({ name: '欧***', mobile: '139****5678', unitCode: 'BJ-HD-001' });
    expect(JSON.stringify(event)).not.toContain('欧阳春晓');
    expect(JSON.stringify(event)).not.toContain(member.idNumberHash);
  });

  it('records only the fields that changed, before and after', () => {
    const after: Member = { ...member, status: 'left', leftOn: '2026-11-01', unitCode: 'BJ-HD-002' };
    const event = memberChangeEvent(member, after, STAFF, AT, 'member import');
    expect(event).toMatchObject({
      action: 'member-updated',
      before: { unitCode: 'BJ-HD-001', status: 'active', leftOn: null },
      after: { unitCode: 'BJ-HD-002', status: 'left', leftOn: '2026-11-01' },
    });
  });

  it('gives no event when nothing audited changed', () => {
    expect(memberChangeEvent(member, { ...member }, STAFF, AT, 'member import')).toBeNull();
  });
});
