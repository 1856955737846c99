import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runMatchFile } from './match-file-command';

// A FEBRL-shaped file (", " separators, answer key in rec_id) written by the test.
const FIRST = ['anna', 'george', 'lachlan', 'kayla', 'mitchell', 'sarah', 'jacob', 'isabelle', 'harley', 'madeline', 'charles', 'vanessa'];
const LAST = ['waller', 'berry', 'sondergeld', 'harrington', 'bruhn', 'lanyon', 'efthimiou', 'hobson', 'neumann', 'painter', 'parr', 'green'];
const HEADER = 'rec_id, given_name, surname, street_number, address_1, address_2, suburb, postcode, state, date_of_birth, soc_sec_id';

function person(n: number): string[] {
  return [FIRST[n % 12]!, LAST[(n * 5) % 12]!, String(1 + n), `${LAST[(n * 7) % 12]} street`, '', `suburb${n}`, String(2000 + n * 37), 'nsw', `19${String(40 + n).padStart(2, '0')}0${1 + (n % 9)}1${n % 10}`, String(1000000 + n * 7919)];
}

const dir = mkdtempSync(join(tmpdir(), 'crmhub-match-file-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function write(name: string, lines: string[]): string {
  const path = join(dir, name);
  writeFileSync(path, `${[HEADER, ...lines].join('\n')}\n`);
  return path;
}

const line = (id: string, cells: string[]) => [id, ...cells].join(', ');
const rows: string[] = [];
for (let n = 0; n < 40; n++) rows.push(line(`rec-${n}-org`, person(n)));
for (let n = 0; n < 10; n++) {
  const p = person(n);
  p[1] = `${p[1]!.slice(0, 2)}${p[1]![3]}${p[1]![2]}${p[1]!.slice(4)}`; // transposed letters in the surname
  rows.push(line(`rec-${n}-dup-0`, p));
}
rows.push(line('rec-99-org', ['zoe', 'bad', '1', 'x street', '', 'somewhere', '2000', 'nsw', '19741923', '1234567'])); // no such date
const file = write('people.csv', rows);

const mappingPath = join(dir, 'mapping.json');
writeFileSync(mappingPath, readFileSync(join(__dirname, '..', '..', 'mappings', 'febrl-persons.json')));

describe('match-file', () => {
  it('reads a ", "-separated file, matches a row without its invalid value, and writes one line per input row', async () => {
    const out = join(dir, 'clusters.csv');
    const summary = await runMatchFile([file], { mapping: mappingPath, idColumn: 'rec_id', out });
    // rec-99-org's birth date is not a calendar date: the value is dropped, never the record.
    expect(summary.rows).toEqual({ read: 51, matched: 51, rejected: 0 });
    expect(summary.rejected).toEqual([]);
    const lines = readFileSync(out, 'utf8').trim().split(/\r?\n/);
    expect(lines[0]).toBe('id,cluster_id,decision');
    const byId = new Map(lines.slice(1).map((l) => l.split(',')).map(([id, cluster, decision]) => [id!, { cluster, decision }]));
    expect(byId.size).toBe(51);
    expect(byId.get('rec-99-org')!.decision).not.toBe('rejected');
    for (let n = 0; n < 10; n++) expect(byId.get(`rec-${n}-dup-0`)!.cluster).toBe(byId.get(`rec-${n}-org`)!.cluster);
    const clusters = new Set([...byId.values()].map((v) => v.cluster));
    expect(clusters.size).toBe(41); // 40 people + rec-99, a person of its own
  });

  it('drops the id column from a mapping that feeds it to the matcher, and says so', async () => {
    const m = JSON.parse(readFileSync(mappingPath, 'utf8')) as { columns: Record<string, unknown> };
    delete m.columns.soc_sec_id;
    const clean = join(dir, 'clean.json');
    writeFileSync(clean, JSON.stringify(m));
    m.columns.rec_id = 'national_id';
    const leaky = join(dir, 'leaky.json');
    writeFileSync(leaky, JSON.stringify(m));
    const outLeaky = join(dir, 'leaky.csv');
    const outClean = join(dir, 'clean.csv');
    const summary = await runMatchFile([file], { mapping: leaky, idColumn: 'rec_id', out: outLeaky });
    expect(summary.mapping).toEqual({ auto: false, droppedIdColumn: 'rec_id' });
    expect((await runMatchFile([file], { mapping: clean, idColumn: 'rec_id', out: outClean })).mapping.droppedIdColumn).toBeNull();
    // Had rec_id reached the matcher as a national id, every record would differ on it.
    expect(readFileSync(outLeaky, 'utf8')).toBe(readFileSync(outClean, 'utf8'));
  });

  it('--mapping auto proposes the mapping from the headers (and needs --entity)', async () => {
    // A customer list: one column of names, the same companies many times, plus the export's id.
    const names = ['Talleres Zubiaurre S.L.', 'TALLERES ZUBIAURRE SL', 'talleres zubiaurre', 'Gráficas Ortega', 'GRAFICAS ORTEGA', 'Servicios Integrales S.A.'];
    const lines = ['id,Razón social'];
    for (let k = 0; k < 60; k++) lines.push(`${k},${k < names.length ? names[k] : `Empresa ${k} ${String.fromCharCode(97 + (k % 26))}${k}`}`);
    const list = join(dir, 'customers.csv');
    writeFileSync(list, `${lines.join('\n')}\n`);
    await expect(runMatchFile([list], { idColumn: 'id', out: join(dir, 'x.csv') })).rejects.toThrow(/--mapping auto needs --entity/);
    const out = join(dir, 'customers-clusters.csv');
    const summary = await runMatchFile([list], { mapping: 'auto', entity: 'accounts', idColumn: 'id', out });
    expect(summary.mapping).toMatchObject({ auto: true, droppedIdColumn: 'id', proposed: [expect.stringMatching(/Razón social/)] });
    expect(summary.sparse).toEqual({ tooFewFields: 0, nameOnly: 60 });
    expect(summary.linkedPairs).toBeGreaterThan(0);
    const byId = new Map(readFileSync(out, 'utf8').trim().split(/\r?\n/).slice(1).map((l) => l.split(',')).map(([id, cluster, decision]) => [id!, { cluster, decision }]));
    expect(new Set([0, 1, 2].map((k) => byId.get(String(k))?.cluster)).size).toBe(1);
    expect(byId.get('3')?.cluster).toBe(byId.get('4')?.cluster);
    expect(byId.get('3')?.cluster).not.toBe(byId.get('0')?.cluster);
  });

  it('link-only needs two files and links across them, one to one', async () => {
    await expect(runMatchFile([file], { mapping: mappingPath, linkOnly: true, out: join(dir, 'x.csv') })).rejects.toThrow(/exactly two files/);
    const a = write('a.csv', rows.slice(0, 40));
    const b = write('b.csv', rows.slice(40, 50));
    const out = join(dir, 'linked.csv');
    const summary = await runMatchFile([a, b], { mapping: mappingPath, idColumn: 'rec_id', linkOnly: true, out, explain: '1' });
    expect(summary.rows).toEqual({ read: 50, matched: 50, rejected: 0 });
    expect(summary.explained?.[0]).toMatch(/^rec-\d+-(org|dup-0) ~ rec-\d+-(org|dup-0): match weight/);
    const lines = readFileSync(out, 'utf8').trim().split(/\r?\n/).slice(1).map((l) => l.split(','));
    const size = new Map<string, number>();
    for (const [, cluster] of lines) size.set(cluster!, (size.get(cluster!) ?? 0) + 1);
    expect(Math.max(...size.values())).toBe(2);
    expect([...size.values()].filter((s) => s === 2)).toHaveLength(10);
  });
});
