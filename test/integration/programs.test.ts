import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { beijingDate } from '../../functions/domain/calendar.ts';
import type { Member } from '../../functions/domain/registry.ts';
import { inWindow } from '../../functions/domain/rules.ts';
import { validSubmission } from '../fixtures/claims.ts';
import { claimants } from '../fixtures/demo.ts';
import { provideDocuments } from '../support/documents.ts';
import { apiClient, decideAllLevels, startTestStack, type TestStack } from '../support/local-stack.ts';

const today = beijingDate(new Date());
const incidentDate = beijingDate(new Date(Date.now() - 30 * 86_400_000));

/** One eligible member per grassroots unit, so claims of different cases never share a unit's budget. */
function membersWhere(test: (m: Member) => boolean): Member[] {
  const seen = new Set<string>();
  return claimants((m) => {
    if (m.joinedOn > '2025-01-01' || seen.has(m.unitCode)) return false;
    if (!test(m)) return false;
    seen.add(m.unitCode);
    return true;
  });
}
const ordinary = membersWhere((m) => !m.hardship && !m.modelWorker);
const hardship = membersWhere((m) => m.hardship);
const modelWorkers = membersWhere((m) => m.modelWorker && !m.hardship);
const women = ordinary.filter((m) => m.sex === 'female');

interface Case {
  program: string;
  benefit: string;
  facts?: Record<string, unknown>;
  evidence: string;
  /** Fen paid; or the rule a rejection names. */
  expect: number | { rejectedBy: string };
  member?: () => Member;
}

let next = 0;
const anyone = () => {
  const member = ordinary.filter((m) => m.sex === 'male')[next++];
  if (member === undefined) throw new Error('demo data ran out of members for the cases');
  return member;
};
const window = (from: string, to: string, fen: number): number | { rejectedBy: string } =>
  inWindow({ from, to }, today.slice(5)) ? fen : { rejectedBy: 'campaign-window' };

const CASES: Case[] = [
  { program: 'skill-boost', benefit: 'technician', evidence: 'certificate', expect: 1000_00 },
  { program: 'skill-boost', benefit: 'senior-technician', evidence: 'certificate', expect: 2000_00 },
  {
    program: 'skill-boost',
    benefit: 'competition',
    facts: { competitionName: '市职工技能大赛', rank: 2 },
    evidence: 'certificate',
    expect: 2000_00,
  },
  {
    program: 'skill-boost',
    benefit: 'competition',
    facts: { competitionName: '市职工技能大赛', rank: 7 },
    evidence: 'certificate',
    expect: 1000_00,
  },
  {
    program: 'legal-aid',
    benefit: 'litigation-subsidy',
    facts: { costsFen: 3000_00 },
    evidence: 'invoice',
    expect: 2400_00,
  },
  {
    program: 'medical-mutual-aid',
    benefit: 'outpatient',
    facts: { costsFen: 5000_00 },
    evidence: 'invoice',
    expect: 1600_00,
  },
  {
    program: 'medical-mutual-aid',
    benefit: 'outpatient',
    facts: { costsFen: 1800_00 },
    evidence: 'invoice',
    expect: { rejectedBy: 'deductible' },
  },
  {
    program: 'medical-mutual-aid',
    benefit: 'inpatient',
    facts: { costsFen: 10000_00 },
    evidence: 'invoice',
    expect: 4350_00,
  },
  {
    program: 'medical-mutual-aid',
    benefit: 'hospital-daily-allowance',
    facts: { days: 10 },
    evidence: 'discharge-summary',
    expect: 500_00,
  },
  {
    program: 'medical-mutual-aid',
    benefit: 'critical-illness',
    evidence: 'diagnosis-certificate',
    expect: 10000_00,
  },
  {
    program: 'medical-mutual-aid',
    benefit: 'female-special-disease',
    evidence: 'diagnosis-certificate',
    expect: 5000_00,
    member: () => women[0] as Member,
  },
  {
    program: 'medical-mutual-aid',
    benefit: 'female-special-disease',
    evidence: 'diagnosis-certificate',
    expect: { rejectedBy: 'eligibility' },
  },
  {
    program: 'medical-mutual-aid',
    benefit: 'accidental-injury',
    facts: { costsFen: 20000_00 },
    evidence: 'invoice',
    expect: 5000_00,
  },
  {
    program: 'medical-mutual-aid',
    benefit: 'child-accident',
    facts: { costsFen: 1000_00 },
    evidence: 'invoice',
    expect: 500_00,
  },
  {
    program: 'accident-protection',
    benefit: 'disability',
    facts: { disabilityLevel: 3 },
    evidence: 'disability-assessment',
    expect: 4000_00,
  },
  { program: 'accident-protection', benefit: 'death', evidence: 'death-certificate', expect: 20000_00 },
  {
    program: 'accident-protection',
    benefit: 'fire',
    facts: { lossFen: 12345_67 },
    evidence: 'fire-report',
    expect: 10000_00,
  },
  {
    program: 'accident-protection',
    benefit: 'flood',
    facts: { lossFen: 5000_00 },
    evidence: 'flood-report',
    expect: 5000_00,
  },
  {
    program: 'hardship-aid',
    benefit: 'living-aid',
    evidence: 'aid-application',
    expect: 2000_00,
    member: () => hardship[0] as Member,
  },
  {
    program: 'hardship-aid',
    benefit: 'living-aid',
    evidence: 'aid-application',
    expect: { rejectedBy: 'eligibility' },
  },
  {
    program: 'hardship-aid',
    benefit: 'medical-aid',
    facts: { lossFen: 3000_00 },
    evidence: 'invoice',
    expect: 3000_00,
    member: () => hardship[1] as Member,
  },
  {
    program: 'hardship-aid',
    benefit: 'emergency-aid',
    facts: { lossFen: 8000_00 },
    evidence: 'incident-report',
    expect: 5000_00,
    member: () => hardship[2] as Member,
  },
  {
    program: 'hardship-aid',
    benefit: 'spring-festival',
    evidence: 'aid-application',
    expect: window('12-15', '02-28', 1000_00),
    member: () => hardship[3] as Member,
  },
  {
    program: 'hardship-aid',
    benefit: 'single-parent',
    evidence: 'aid-application',
    expect: window('03-01', '03-31', 1000_00),
    member: () => hardship[4] as Member,
  },
  {
    program: 'hardship-aid',
    benefit: 'model-worker-care',
    evidence: 'aid-application',
    expect: window('04-15', '05-15', 1000_00),
    member: () => modelWorkers[0] as Member,
  },
  {
    program: 'hardship-aid',
    benefit: 'education-aid',
    facts: { lossFen: 6000_00 },
    evidence: 'tuition-invoice',
    expect: window('08-01', '09-30', 5000_00),
    member: () => hardship[5] as Member,
  },
];

describe('every money program through POST /claims (DynamoDB Local + the ASL engine)', () => {
  let stack: TestStack;

  beforeAll(async () => {
    stack = await startTestStack();
  });
  afterAll(async () => {
    await stack.close();
  });

  /** Submits a claim as the member, approves it through its link if it gets that far, and returns it at its end. */
  async function runClaim(
    memberId: string,
    body: Record<string, unknown>,
    decision: 'approve' | 'reject' = 'approve',
  ) {
    const api = apiClient(stack.runtime.apiUrl, await stack.token(['member'], { memberId }));
    const submitted = await api.submit(validSubmission({ memberId, incidentDate, ...body }));
    expect(submitted.status, JSON.stringify(submitted.body)).toBe(202);
    const claimId = String(submitted.body.claimId);
    // A benefit that requires documents waits for them: the member uploads them.
    const waiting = await provideDocuments(stack, api, claimId);
    if (waiting.status === 'REJECTED') return waiting;
    await decideAllLevels(api, stack.runtime.outboxDir, claimId, decision);
    return api.waitFor(claimId, decision === 'approve' ? ['PAID', 'FAILED'] : ['REJECTED']);
  }

  const failedRules = (claim: Record<string, unknown>) =>
    (claim.reasons as { code: string; passed: boolean }[]).filter((r) => !r.passed).map((r) => r.code);

  it.each(CASES.map((c) => [`${c.program}/${c.benefit}`, c] as const))('%s', async (_name, c) => {
    // Prepare
    const member = c.member === undefined ? anyone() : c.member();
    // Act
    const claim = await runClaim(member.memberId, {
      program: c.program,
      benefit: c.benefit,
      facts: c.facts ?? {},
      evidence: [{ kind: c.evidence, number: `DOC-${randomUUID().slice(0, 12)}` }],
    });
    // Assess
    if (typeof c.expect === 'number') {
      expect(failedRules(claim)).toEqual([]);
      expect(claim.status).toBe('PAID');
      expect(claim.amounts).toEqual({ approvedFen: c.expect, paidFen: c.expect });
    } else {
      expect(claim.status).toBe('REJECTED');
      expect(failedRules(claim)).toContain(c.expect.rejectedBy);
      expect(claim.amounts).toEqual({ approvedFen: null, paidFen: null });
    }
  });

  describe('limits across a member’s claims', () => {
    it('caps legal-aid litigation subsidies at 5000 CNY a year', async () => {
      const member = anyone();
      const claim = (costsFen: number) =>
        runClaim(member.memberId, {
          program: 'legal-aid',
          benefit: 'litigation-subsidy',
          facts: { costsFen },
          evidence: [{ kind: 'invoice', number: `INV-${randomUUID().slice(0, 12)}` }],
        });
      expect((await claim(4000_00)).amounts).toEqual({ approvedFen: 3200_00, paidFen: 3200_00 });
      expect((await claim(4000_00)).amounts).toEqual({ approvedFen: 1800_00, paidFen: 1800_00 });
      const third = await claim(1000_00);
      expect(third.status).toBe('REJECTED');
      expect(failedRules(third)).toContain('benefit-annual-cap');
    });

    it('pays an invoice number once, and frees it when its claim is rejected', async () => {
      const [first, second] = [anyone(), anyone()];
      const invoice = [{ kind: 'invoice', number: `INV-${randomUUID().slice(0, 12)}` }];
      const body = {
        program: 'medical-mutual-aid',
        benefit: 'inpatient',
        facts: { costsFen: 3300_00 },
        evidence: invoice,
      };
      expect((await runClaim(first.memberId, body)).status).toBe('PAID');
      const again = await runClaim(second.memberId, body);
      expect(again.status).toBe('REJECTED');
      expect(failedRules(again)).toContain('evidence-unused');

      const freed = { ...body, evidence: [{ kind: 'invoice', number: `INV-${randomUUID().slice(0, 12)}` }] };
      expect((await runClaim(first.memberId, freed, 'reject')).status).toBe('REJECTED');
      expect((await runClaim(second.memberId, freed)).status).toBe('PAID');
    });
  });
});

describe('retiring a program and withdrawing a retirement (admins, over the API)', () => {
  let stack: TestStack;

  beforeAll(async () => {
    stack = await startTestStack();
  });
  afterAll(async () => {
    await stack.close();
  });

  async function call(method: string, path: string, token: string, body?: unknown) {
    const res = await fetch(`${stack.runtime.apiUrl}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return {
      status: res.status,
      type: res.headers.get('content-type') ?? '',
      body: (await res.json()) as Record<string, unknown>,
    };
  }

  async function versionsOf(programId: string, token: string) {
    const listed = await call('GET', '/programs', token);
    const program = (
      listed.body.programs as {
        programId: string;
        state: string;
        versions: { version: string; effectiveFrom: string; retired: boolean }[];
      }[]
    ).find((p) => p.programId === programId);
    return program;
  }

  it('refuses a date that does not exist, stores nothing, and takes the corrected date', async () => {
    // Prepare
    const admin = await stack.token(['admin']);
    const before = await versionsOf('culture-sports', admin);
    // Act
    const impossible = await call('POST', '/programs/culture-sports/retire', admin, {
      effectiveFrom: '2026-12-32',
      reason: '项目调整',
    });
    const notLeap = await call('POST', '/programs/culture-sports/retire', admin, {
      effectiveFrom: '2027-02-29',
      reason: '项目调整',
    });
    // Assess
    for (const res of [impossible, notLeap]) {
      expect(res.status).toBe(400);
      expect(res.type).toContain('application/problem+json');
      expect(res.body.errors).toEqual([{ field: 'effectiveFrom', message: 'must be a date as YYYY-MM-DD' }]);
    }
    expect(await versionsOf('culture-sports', admin)).toEqual(before);
    const corrected = await call('POST', '/programs/culture-sports/retire', admin, {
      effectiveFrom: '2099-12-31',
      reason: '项目调整',
    });
    expect(corrected.status).toBe(201);
    expect(corrected.body).toMatchObject({ effectiveFrom: '2099-12-31', retired: true });
  });

  it('lets an admin withdraw a retirement not yet in force; audited; the program can be retired again', async () => {
    // Prepare
    const admin = await stack.token(['admin']);
    const staff = await stack.token(['staff'], { unitCode: 'BJ' });
    const retired = await call('POST', '/programs/occupational-rehab/retire', admin, {
      effectiveFrom: '2099-06-01',
      reason: '并入职工疗休养',
    });
    expect(retired.status).toBe(201);
    // Act
    const byStaff = await call('DELETE', '/programs/occupational-rehab/retire', staff, { reason: '撤回' });
    const noReason = await call('DELETE', '/programs/occupational-rehab/retire', admin, {});
    const withdrawn = await call('DELETE', '/programs/occupational-rehab/retire', admin, {
      reason: '日期填错，撤回',
    });
    const again = await call('DELETE', '/programs/occupational-rehab/retire', admin, { reason: '再次撤回' });
    // Assess
    expect(byStaff.status).toBe(403);
    expect(noReason.status).toBe(400);
    expect(noReason.body.errors).toEqual([
      { field: 'reason', message: 'must say why the retirement is withdrawn' },
    ]);
    expect(withdrawn.status).toBe(200);
    expect(withdrawn.body).toEqual({
      programId: 'occupational-rehab',
      withdrawn: { version: '2099-06-01-retired', effectiveFrom: '2099-06-01' },
      state: 'active',
    });
    expect(again.status).toBe(409);
    expect(again.type).toContain('application/problem+json');
    const program = await versionsOf('occupational-rehab', admin);
    expect(program?.versions.some((v) => v.retired)).toBe(false);
    const audit = await call('GET', '/audit/program/occupational-rehab', admin);
    const events = audit.body.events as { action: string; reason: string; actor: unknown; before: unknown }[];
    expect(events.map((e) => e.action)).toEqual(['program-retired', 'program-retirement-withdrawn']);
    expect(events[1]).toMatchObject({
      reason: '日期填错，撤回',
      before: { version: '2099-06-01-retired', effectiveFrom: '2099-06-01', retired: true },
    });
    expect(events[1]?.actor).toEqual(events[0]?.actor);
    const retiredAgain = await call('POST', '/programs/occupational-rehab/retire', admin, {
      effectiveFrom: '2099-06-01',
      reason: '并入职工疗休养',
    });
    expect(retiredAgain.status).toBe(201);
  });

  it('refuses to withdraw a retirement in force (409), and keeps it', async () => {
    // Prepare
    const admin = await stack.token(['admin']);
    const retired = await call('POST', '/programs/health-promotion/retire', admin, {
      effectiveFrom: today,
      reason: '项目结束',
    });
    expect(retired.status).toBe(201);
    // Act
    const res = await call('DELETE', '/programs/health-promotion/retire', admin, { reason: '撤回' });
    // Assess
    expect(res.status).toBe(409);
    expect(res.type).toContain('application/problem+json');
    expect(res.body.title).toBe('Retirement in force');
    expect((await versionsOf('health-promotion', admin))?.state).toBe('retired');
    const audit = await call('GET', '/audit/program/health-promotion', admin);
    expect((audit.body.events as { action: string }[]).map((e) => e.action)).toEqual(['program-retired']);
  });
});
