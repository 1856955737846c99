import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { assembleBatch, BatchProbe, RecentExternalIds, rowFingerprint } from './known-rows';
import type { ProcessedRow } from './row-processor';
import type { SourceRow } from './source-row';

function source(rowNumber: number, fields: Record<string, string> | null, more: Partial<SourceRow> = {}): SourceRow {
  return { rowNumber, place: { row: rowNumber }, fields, extras: Object.create(null) as Record<string, unknown>, raw: [], ...more };
}

describe('rowFingerprint', () => {
  const base = source(2, { external_id: 'C1', name: 'Talleres Pérez SL' });
  const fp = rowFingerprint('seed', base);

  it('is a uuid\'s 32 hex digits: the first 128 bits of a sha256 of the seed, the fields and the extras', () => {
    expect(fp).toMatch(/^[0-9a-f]{32}$/);
    // The same digits that earlier versions stored hyphenated, so their fingerprints still match.
    expect(fp).toBe(createHash('sha256').update(`seed${JSON.stringify(base.fields)}\u0000${JSON.stringify(base.extras)}`).digest('hex').slice(0, 32));
    expect(rowFingerprint('seed', source(900, { external_id: 'C1', name: 'Talleres Pérez SL' }, { place: { row: 900 } }))).toBe(fp);
  });

  it.each<[string, string, SourceRow]>([
    ['another seed (locale, lookups, mapping, version)', 'other', base],
    ['another value', 'seed', source(2, { external_id: 'C1', name: 'Talleres Perez SL' })],
    ['a number instead of its digits', 'seed', source(2, { external_id: 1 as unknown as string, name: 'x' })],
    ['an extra column', 'seed', { ...base, extras: { Interno: 'x' } }],
  ])('changes with %s', (_name, seed, row) => {
    expect(rowFingerprint(seed, row)).not.toBe(fp);
  });

  it.each<[string, SourceRow]>([
    ['an unreadable row', source(2, null, { issue: { code: 'unreadable_row', message: 'x' } })],
    ['a totals row', source(2, { name: 'TOTAL' }, { skip: { reason: 'summary_row', code: 'totals', detail: 'x' } })],
    ['a replayed row', source(2, { name: 'x' }, { replays: { runId: 1, row: 2, retry: false } })],
    ['a row the reader repaired', source(2, { name: 'x' }, { notes: [{ field: 'name', column: 'Nombre', value: 'x', code: 'encoding', message: 'x' }] })],
  ])('is null for %s (always parsed)', (_name, row) => {
    expect(rowFingerprint('seed', row)).toBeNull();
  });
});

describe('assembleBatch', () => {
  // A stand-in for the row processor: the external id is the field, a "bad" phone is a warning.
  const processRow = (row: SourceRow): ProcessedRow => ({
    kind: 'loaded',
    row: {
      rowNumber: row.rowNumber, externalId: String(row.fields!.external_id), values: [], extras: {}, hash: `h${row.rowNumber}`,
      warnings: row.fields!.phone === 'bad' ? [{ rowNumber: row.rowNumber, place: {}, field: 'phone', column: null, value: 'bad', code: 'x', message: 'x' }] : [],
    },
  });
  const rows = [
    source(2, { external_id: 'A' }), // known
    source(3, { external_id: 'B' }), // known, but B is also parsed below: parsed
    source(4, { external_id: 'B', name: 'changed' }), // unknown
    source(5, { external_id: 'C' }), // known, but C was in a batch still merging: parsed
    source(6, { external_id: 'D', phone: 'bad' }), // unknown, with a warning: no fingerprint kept
    source(7, { external_id: 'E' }), // no fingerprint at all
  ];
  const fps = ['fa', 'fb', 'fb2', 'fc', 'fd', null];
  const known = new Map([['fa', 'A'], ['fb', 'B'], ['fc', 'C']]);

  it('counts known rows unchanged and parses the rest, in row order', async () => {
    const recent = new RecentExternalIds(2);
    recent.add(new Set(['C']));
    const out = await assembleBatch(rows, fps, known, recent, processRow);
    expect(out.map((r) => r.kind)).toEqual(['known', 'loaded', 'loaded', 'loaded', 'loaded', 'loaded']);
    expect(out[0]).toEqual({ kind: 'known', row: { rowNumber: 2, externalId: 'A', fingerprint: 'fa' } });
    const fingerprints = out.map((r) => (r.kind === 'loaded' ? r.row.fingerprint : null));
    expect(fingerprints).toEqual([null, 'fb', 'fb2', 'fc', null, null]);
  });

  it('forgets batches beyond its depth', async () => {
    const recent = new RecentExternalIds(2);
    recent.add(new Set(['C']));
    recent.add(new Set(['X']));
    recent.add(new Set(['Y']));
    const out = await assembleBatch(rows, fps, known, recent, processRow);
    expect(out[3]!.kind).toBe('known');
  });
});

describe('BatchProbe', () => {
  const key = (fp: string | null, id: string | null = fp && `id-${fp}`) => ({ fingerprint: fp, externalId: id });

  it('asks in chunks as rows come, and gives one batch its fingerprints and answers', async () => {
    const asked: string[][] = [];
    const probe = new BatchProbe(async ({ externalIds, fingerprints }) => {
      asked.push(fingerprints);
      return new Map(fingerprints.map((f, i) => [f, externalIds[i]!] as const).filter(([f]) => f.startsWith('k')));
    }, 2);
    // A row with no fingerprint, and one with no lookup key (parsed, never asked).
    for (const k of [key('k1'), key(null), key('u2'), key('k3'), key('k4', null), key('u5')]) probe.add(k);
    expect(asked).toEqual([['k1'], ['u2', 'k3'], ['u5']]); // asked before the batch ends
    probe.add(key('k6'));
    const first = await probe.take();
    expect(asked).toEqual([['k1'], ['u2', 'k3'], ['u5'], ['k6']]); // the rest, when the batch ends
    expect(first.fingerprints).toEqual(['k1', null, 'u2', 'k3', 'k4', 'u5', 'k6']);
    expect([...first.known]).toEqual([['k1', 'id-k1'], ['k3', 'id-k3'], ['k6', 'id-k6']]);
    probe.add(key('k9'));
    expect(await probe.take()).toEqual({ fingerprints: ['k9'], known: new Map([['k9', 'id-k9']]) });
  });

  it('asks nothing when there is nothing to find', async () => {
    const probe = new BatchProbe(null, 1);
    probe.add(key('k1'));
    expect(await probe.take()).toEqual({ fingerprints: ['k1'], known: new Map() });
  });
});
