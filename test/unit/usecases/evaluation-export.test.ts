import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { csvField, evaluationCsv } from '../../../functions/domain/evaluation/csv.ts';
import {
  type ExportManifest,
  MANIFEST_NAME,
  signingKeyFromSecret,
  verifyExport,
} from '../../../functions/domain/evaluation/manifest.ts';
import { pseudonymiser } from '../../../functions/domain/evaluation/pseudonym.ts';
import type { ExportFiles, ExportJob, ExportJobs, TableScanner } from '../../../functions/ports/exports.ts';
import { type ExportDeps, runExport, runExportPhase } from '../../../functions/usecases/evaluation-export.ts';
import { CLAIMS, PERSONAL, REGISTRY } from '../../fixtures/evaluation.ts';

const SECRET = 'test-export-signing-secret-0123456789abcdef';

/** In-memory jobs and files; a scanner that splits each table into its segments by position. */
function memoryDeps() {
  const jobs = new Map<string, ExportJob>();
  const files = new Map<string, Buffer>();
  const jobStore: ExportJobs = {
    create: async (job) => void jobs.set(job.exportId, job),
    finish: async (id, outcome) => void jobs.set(id, { ...(jobs.get(id) as ExportJob), ...outcome }),
    get: async (id) => jobs.get(id) ?? null,
    list: async () => [...jobs.values()],
  };
  const fileStore: ExportFiles = {
    write: async (id, name, _type, chunks) => {
      const parts: Buffer[] = [];
      for await (const chunk of chunks) parts.push(chunk);
      files.set(`${id}/${name}`, Buffer.concat(parts));
    },
    read: async (id, name) => files.get(`${id}/${name}`) ?? null,
    downloadUrl: async (id, name) => `memory://${id}/${name}`,
  };
  const scanner: TableScanner = {
    async *segment(table, segment, total) {
      const items = table === 'registry' ? REGISTRY : CLAIMS;
      // As DynamoDB splits a table: by partition key, a partition's items all in one segment.
      const segmentOf = (pk: string) => [...pk].reduce((sum, c) => sum + c.charCodeAt(0), 0) % total;
      yield items.filter((item) => segmentOf(String(item.pk)) === segment);
    },
  };
  const deps: ExportDeps = {
    jobs: jobStore,
    files: fileStore,
    scanner,
    runner: { start: async () => undefined },
    signingKey: () => signingKeyFromSecret(SECRET),
    now: () => new Date('2027-01-15T02:00:00.000Z'),
    segments: 1,
  };
  return { deps, jobs, files };
}

async function exported(phases?: number) {
  const { deps, jobs, files } = memoryDeps();
  const exportId = 'E01KB0000000000000000000000';
  await deps.jobs.create({
    exportId,
    period: { year: 2026 },
    requestedBy: { kind: 'auditor', id: 'auditor-1' },
    requestedAt: '2027-01-15T02:00:00.000Z',
    status: 'RUNNING',
  });
  let result: Awaited<ReturnType<typeof runExport>>;
  if (phases === undefined) result = await runExport(deps, exportId);
  else {
    // As a Distributed Map would: the registry, each claims segment on its own, then the merge.
    const registry = await runExportPhase(deps, exportId, { phase: 'registry' });
    let items = registry.items ?? 0;
    for (let segment = 0; segment < phases; segment++)
      items +=
        (await runExportPhase(deps, exportId, { phase: 'segment', segment, total: phases })).items ?? 0;
    const done = await runExportPhase(deps, exportId, { phase: 'finish', total: phases });
    result = { files: done.files ?? [], counts: done.counts ?? { rows: 0, members: 0 }, items };
  }
  const file = (name: string) => files.get(`${exportId}/${name}`) ?? Buffer.alloc(0);
  const manifest = JSON.parse(file(MANIFEST_NAME).toString('utf8')) as ExportManifest;
  return { exportId, result, jobs, files, file, manifest };
}

describe('csv', () => {
  it('quotes per RFC 4180 and defuses formulas (CSV injection)', () => {
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvField('+1')).toBe("'+1");
    expect(csvField('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvField(-5)).toBe('-5');
    expect(csvField(null)).toBe('');
    expect(csvField(true)).toBe('true');
  });

  it('starts with a BOM and a bilingual header, one CRLF line per row', () => {
    const text = [...evaluationCsv({ year: 2026, month: 11 }, [])].join('');
    expect(text.startsWith('\uFEFF期间 / Period,层级 / Level,单位代码 / Unit code,')).toBe(true);
    expect(text.endsWith('\r\n')).toBe(true);
  });
});

describe('runExport (in memory)', () => {
  it('writes the three files and a manifest that verifies with the public key alone', async () => {
    const { result, manifest, file, jobs, exportId } = await exported();
    expect(result.files.map((f) => f.name)).toEqual([
      'evaluation-2026.csv',
      'evaluation-2026.jsonl',
      'evaluation-2026.html',
    ]);
    // Every group of this small dataset has fewer than 5 members: their members are listed nowhere.
    expect(jobs.get(exportId)).toMatchObject({ status: 'DONE', counts: { members: 0 } });
    const publicKey = signingKeyFromSecret(SECRET);
    const problems = await verifyExport(manifest, publicKey, async (name) => file(name));
    expect(problems).toEqual([]);
    const csv = file('evaluation-2026.csv').toString('utf8');
    expect(csv.charCodeAt(0)).toBe(0xfeff);
    // The unit name that looks like a formula is defused; the HTML escapes markup from the data.
    expect(csv).toContain(`"'=HYPERLINK(""x"")工会"`);
    expect(csv.split('\r\n')[1]?.startsWith('2026,unit,BJ-CY-001,')).toBe(true);
    const html = file('evaluation-2026.html').toString('utf8');
    expect(html).toContain('中关村&#60;b&#62;工会&#60;/b&#62;');
    expect(html).not.toMatch(/<script|https?:\/\/|src=/i);
    // The JSONL: cell lines, then a line per member served in 2026 — none here: M1, M2 (BJ-HD-001) and
    // M6 (BJ-CY-001) are each in a group of fewer than 5, whose cells are suppressed.
    const lines = file('evaluation-2026.jsonl')
      .toString('utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines.filter((l) => l.record === 'member')).toHaveLength(0);
    const cells = lines.filter((l) => l.record === 'cell');
    expect(cells).toHaveLength(result.counts.rows);
    expect(cells.find((l) => l.unitCode === 'BJ-HD-001' && l.program === '*')).toMatchObject({
      suppressed: true,
      membersServed: null,
      amountPaidFen: null,
    });
    expect(csv).toContain(',<5,');
  });

  it('lets no personal data out: no name, ID number, mobile, bank account or member id in any file', async () => {
    const { files } = await exported();
    const everything = [...files.values()].map((b) => b.toString('utf8')).join('\n');
    for (const [memberId, p] of Object.entries(PERSONAL)) {
      for (const value of [
        memberId,
        p.name,
        p.idNumber,
        p.idNumber.slice(-4) + p.mobile,
        p.mobile,
        p.account,
      ]) {
        expect(everything, `${memberId}: ${value}`).not.toContain(value);
      }
    }
    for (const id of ['M000003', 'M000004', 'hash-of-', '110105********'])
      expect(everything).not.toContain(id);
  });

  it('gives a member the same pseudonym within an export and a different one in the next', async () => {
    const members = async () => {
      const { file } = await exported();
      return file('evaluation-2026.jsonl')
        .toString('utf8')
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l))
        .filter((l) => l.record === 'member')
        .map((m) => m.member as string);
    };
    const [first, second] = [await members(), await members()];
    expect(first.filter((m) => second.includes(m))).toEqual([]);
    const one = pseudonymiser();
    expect(one('M000001')).toBe(one('M000001'));
    expect(one('M000001')).not.toBe(one('M000002'));
  });
});

describe('runExportPhase (a Distributed Map, in memory)', () => {
  it('gives the same figures from a registry step, three segment steps and a merge as in one pass', async () => {
    const single = await exported();
    const split = await exported(3);
    expect(split.result.items).toBe(single.result.items);
    expect(split.result.counts).toEqual(single.result.counts);
    // The CSV holds every figure and no pseudonym: byte for byte the same.
    expect(split.file('evaluation-2026.csv').equals(single.file('evaluation-2026.csv'))).toBe(true);
    const problems = await verifyExport(split.manifest, signingKeyFromSecret(SECRET), async (n) =>
      split.file(n),
    );
    expect(problems).toEqual([]);
    expect(split.manifest.files.map((f) => f.name)).not.toContain('partial-registry.json');
  });
});

describe('verifyExport', () => {
  it('names the file with a flipped byte, and fails a manifest signed by another key', async () => {
    const { manifest, file } = await exported();
    const key = signingKeyFromSecret(SECRET);
    const flipped = async (name: string) => {
      const bytes = Buffer.from(file(name));
      if (name === 'evaluation-2026.jsonl') bytes[100] = (bytes[100] ?? 0) ^ 1;
      return bytes;
    };
    expect(await verifyExport(manifest, key, flipped)).toEqual([
      { file: 'evaluation-2026.jsonl', problem: 'SHA-256 differs from the manifest' },
    ]);

    const other = generateKeyPairSync('ed25519').privateKey;
    const problems = await verifyExport(manifest, other, async (name) => file(name));
    expect(problems.map((p) => p.file)).toEqual([MANIFEST_NAME, MANIFEST_NAME]);
    expect(problems[1]?.problem).toBe('the signature does not verify with the trusted key');

    // A manifest edited after signing (a hash swapped to match an altered file) no longer verifies.
    const edited = { ...manifest, counts: { ...manifest.counts, members: 99 } };
    expect((await verifyExport(edited, key, async (name) => file(name))).map((p) => p.problem)).toEqual([
      'the signature does not verify with the trusted key',
    ]);
    expect(await verifyExport(manifest, key, async () => null)).toHaveLength(3);
  });
});
