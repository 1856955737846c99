import { describe, expect, it } from 'vitest';
import { blockingKeys, nameKey } from './blocking';
import { candidatePairs } from './candidate-pairs';
import { accountMatchRecord, contactMatchRecord, type MatchRecord } from './match-record';

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
      'n:distri perez', 'np:distri perez:28013', 'nc:distri perez:madrid',
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
    expect(c.stats.rawPairs).toBe(7); // n, np, p and two w (word + postcode) for 0-1; p for 0-2 and 1-2
    expect(c.stats.rules.p?.pairs).toBe(3);
  });

  it('skips and counts blocks over the cap', () => {
    const records = accounts(Array.from({ length: 12 }, () => 'Servicios Generales'));
    const c = candidatePairs('accounts', records, { maxBlockSize: 10 });
    expect(c.stats.candidatePairs).toBe(0);
    expect(c.stats.rules.n).toMatchObject({ oversizedBlocks: 1, recordsInOversizedBlocks: 12 });
  });

  it('link-only keeps pairs across sources', () => {
    const records = accounts(['Rossi', 'Rossi', 'Rossi', 'Rossi']);
    const c = candidatePairs('accounts', records, { sources: [0, 0, 1, 1], linkOnly: true });
    expect([...c.a].map((a, k) => [a, c.b[k]])).toEqual([[0, 2], [0, 3], [1, 2], [1, 3]]);
  });

  it('grows about linearly with the records', () => {
    const make = (n: number) => accounts(Array.from({ length: n }, (_, i) => `Empresa ${i % (n / 2)} Uno`), (i) => ({ postcode: String(10000 + (i % 97)) }));
    const small = candidatePairs('accounts', make(1000)).stats.candidatePairs;
    const big = candidatePairs('accounts', make(10000)).stats.candidatePairs;
    expect(big / small).toBeLessThan(15);
  });
});
