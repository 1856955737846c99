import { describe, expect, it } from 'vitest';
import { blockingKeys, nameKey } from './blocking';
import { candidatePairs } from './candidate-pairs';
import { accountMatchRecord, contactMatchRecord, type MatchRecord } from './match-record';
import { testPeople } from './test-people';

describe('nameKey', () => {
  it.each([
    ['distribuciones perez', 'distri perez'],
    ['perez distribuciones', 'distri perez'],
    ['servicios de la costa del sol', 'costa servic'],
    ['de la', null],
    [null, null],
  ])('%s → %s', (name, key) => expect(nameKey(name)).toBe(key));
});

describe('blockingKeys', () => {
  it('accounts: one key per rule, prefixed with the rule', () => {
    const r = accountMatchRecord('1', {
      name: 'Distribuciones Pérez S.L.', tax_id: 'B12345674', tax_id_country: 'ES', email: 'info@perez.es', phone: '+34912345678',
      street1: 'Calle Mayor 12', postcode: '28013', city: 'Madrid',
    });
    expect(blockingKeys('accounts', r)).toEqual([
      't:ES:B12345674', 'e:info@perez.es', 'p:+34912345678', 'd:perez.es',
      'x:distribuciones perez', 'n:distri perez', 'np:distri perez:28013', 'nc:distri perez:madrid',
      'w:distribuciones:madrid', 'w:perez:madrid', 'h:dist:12:28013',
    ]);
  });

  it('contacts: swapped first and last names share the name block', () => {
    const a = contactMatchRecord('a', { first_name: 'lachlan', last_name: 'berry', birth_date: '1999-02-19', postcode: '4814' });
    const b = contactMatchRecord('b', { first_name: 'berry', last_name: 'lachlan', birth_date: '1999-02-19', postcode: '4814' });
    const fl = (r: MatchRecord) => blockingKeys('contacts', r).filter((k) => k.startsWith('fl:'));
    expect(fl(a)).toEqual(fl(b));
    expect(fl(a)).toHaveLength(1);
    expect(blockingKeys('contacts', a)).toContain('bl:19990219:ber');
  });

  it('a typo in one word still shares a word-and-place key', () => {
    const keys = (name: string) => blockingKeys('accounts', accountMatchRecord('1', { name, city: 'Girona' }));
    const shared = keys('Mobles Coll Soler S.L').filter((k) => keys('Mobles Coll Soelr').includes(k));
    expect(shared).toEqual(['w:mobles:girona', 'w:coll:girona']);
  });

  it('refuses a record of the other entity', () => {
    expect(() => blockingKeys('contacts', accountMatchRecord('1', { name: 'x' }))).toThrow(/cannot be blocked/);
  });
});

describe('candidatePairs', () => {
  const accounts = (names: readonly (string | null)[], extra: (i: number) => object = () => ({})) =>
    names.map((name, i) => accountMatchRecord(String(i), { name, ...extra(i) }));

  it('pairs records sharing any key, once, across rules', () => {
    const records = [
      accountMatchRecord('0', { name: 'Distribuciones Perez', postcode: '28013', phone: '+34912345678' }),
      accountMatchRecord('1', { name: 'Distribuciones Perez SL', postcode: '28013', phone: '+34912345678' }),
      accountMatchRecord('2', { name: 'Rossi', phone: '+34912345678' }),
      accountMatchRecord('3', { name: 'Bianchi' }),
    ];
    const c = candidatePairs('accounts', records);
    expect([...c.a].map((a, k) => [a, c.b[k]])).toEqual([[0, 1], [0, 2], [1, 2]]);
    expect(c.stats.candidatePairs).toBe(3);
    expect(c.stats.rawPairs).toBe(8); // x, n, np, p and two w (word + postcode) for 0-1; p for 0-2 and 1-2
    expect(c.stats.rules.p?.pairs).toBe(3);
  });

  it('skips and counts blocks over the cap', () => {
    const records = accounts(Array.from({ length: 12 }, (_, k) => `Servicios Generales ${'abcdefghijkl'[k]}`));
    const c = candidatePairs('accounts', records, { maxBlockSize: 10 });
    expect(c.stats.candidatePairs).toBe(0);
    expect(c.stats.rules.n).toMatchObject({ oversizedBlocks: 1, recordsInOversizedBlocks: 12 });
  });

  it('chains a block of one whole name over the cap: each record with the next three', () => {
    const records = accounts(Array.from({ length: 30 }, () => 'Talleres Zubiaurre S.L.'));
    const c = candidatePairs('accounts', records);
    expect(c.stats.rules.x).toMatchObject({ blocks: 1, chainedBlocks: 1, oversizedBlocks: 0, pairs: 27 * 3 + 2 + 1 });
    expect(c.stats.rules.n).toMatchObject({ oversizedBlocks: 1 });
    // Connected: every record reaches the next.
    for (let i = 0; i < 29; i++) expect([...c.a].some((a, k) => a === i && c.b[k] === i + 1)).toBe(true);
  });

  it('link-only keeps pairs across sources', () => {
    const records = accounts(['Rossi', 'Rossi', 'Rossi', 'Rossi']);
    const c = candidatePairs('accounts', records, { sources: [0, 0, 1, 1], linkOnly: true });
    expect([...c.a].map((a, k) => [a, c.b[k]])).toEqual([[0, 2], [0, 3], [1, 2], [1, 3]]);
  });

  it('anchored: pairs of two records matched before are not enumerated; every pair with a new one is', () => {
    const records = accounts(['Rossi', 'Rossi', 'Rossi', 'Rossi', 'Bianchi', 'Bianchi']);
    const all = candidatePairs('accounts', records);
    const anchored = candidatePairs('accounts', records, { anchored: 2 });
    const pairs = (c: ReturnType<typeof candidatePairs>) => [...c.a].map((a, k) => [a, c.b[k]]);
    expect(pairs(all)).toEqual([[0, 1], [0, 2], [0, 3], [1, 2], [1, 3], [2, 3], [4, 5]]);
    expect(pairs(anchored)).toEqual([[0, 1], [0, 2], [0, 3], [1, 2], [1, 3]]);
  });

  it('grows about linearly with the records', () => {
    const make = (n: number) => accounts(Array.from({ length: n }, (_, i) => `Empresa ${i % (n / 2)} Uno`), (i) => ({ postcode: String(10000 + (i % 97)) }));
    const small = candidatePairs('accounts', make(1000)).stats.candidatePairs;
    const big = candidatePairs('accounts', make(10000)).stats.candidatePairs;
    expect(big / small).toBeLessThan(15);
  });
});

describe('candidatePairs against a plain string-map reference', () => {
  /** Every pair sharing a key, blocks over the cap skipped: the obvious, slow way. */
  function reference(entity: 'accounts' | 'contacts', records: readonly MatchRecord[], cap: (rule: string) => number): string[] {
    const blocks = new Map<string, number[]>();
    records.forEach((r, i) => {
      for (const k of new Set(blockingKeys(entity, r))) blocks.set(k, [...(blocks.get(k) ?? []), i]);
    });
    const pairs = new Set<string>();
    for (const [key, members] of blocks) {
      if (members.length > cap(key.slice(0, key.indexOf(':')))) continue;
      for (let x = 0; x < members.length; x++) for (let y = x + 1; y < members.length; y++) pairs.add(`${members[x]}-${members[y]}`);
    }
    return [...pairs].sort();
  }
  const actual = (c: ReturnType<typeof candidatePairs>) => [...c.a].map((a, k) => `${a}-${c.b[k]}`).sort();

  it('contacts: the same pairs', () => {
    const { records } = testPeople(400, 9);
    expect(actual(candidatePairs('contacts', records))).toEqual(reference('contacts', records, () => 100));
  });

  it('accounts with shared names, phones and places: the same pairs, caps per rule', () => {
    const names = ['Distribuciones Pérez', 'Transportes García', 'Rossi Costruzioni', 'Servicios Generales'];
    const records = Array.from({ length: 300 }, (_, i) =>
      accountMatchRecord(String(i), {
        name: `${names[i % 4]} ${i % 7 === 0 ? '' : String.fromCharCode(97 + (i % 5))}`,
        city: ['Madrid', 'Sevilla', 'Milano'][i % 3],
        postcode: String(28000 + (i % 11)),
        phone: i % 13 === 0 ? '+34912345678' : null,
        street1: `Calle Mayor ${i % 9}`,
      }),
    );
    const caps: Record<string, number> = { n: 20, nn: 20, w: 12, nc: 12, np: 20 };
    expect(actual(candidatePairs('accounts', records))).toEqual(reference('accounts', records, (rule) => caps[rule] ?? 100));
  });
});
