import { describe, expect, it } from 'vitest';
import { comparisonsFor, type Comparison } from './comparisons';
import { accountMatchRecord, contactMatchRecord, type AccountMatchInput, type ContactMatchInput } from './match-record';

function level(entity: 'accounts' | 'contacts', name: string, a: AccountMatchInput | ContactMatchInput, b: AccountMatchInput | ContactMatchInput): string {
  const c = comparisonsFor(entity).find((x) => x.name === name) as Comparison;
  const build = entity === 'accounts' ? (id: string, v: object) => accountMatchRecord(id, v) : (id: string, v: object) => contactMatchRecord(id, v);
  const ra = build('a', a);
  const rb = build('b', b);
  const l = c.compare(ra, rb);
  expect(c.compare(rb, ra), 'comparisons are symmetric').toBe(l);
  return c.levels[l] as string;
}

describe('account comparisons', () => {
  it.each([
    ['name', { name: 'Distribuciones Pérez S.L.' }, { name: 'DISTRIBUCIONES PEREZ SL' }, 'exact'],
    ['name', { name: 'Distribuciones Perez' }, { name: 'Distribuciones Peres' }, 'jaro-winkler ≥ 0.95'],
    ['name', { name: 'Transportes Garcia' }, { name: 'Transportes Garsia Hnos' }, 'jaro-winkler ≥ 0.88'],
    ['name', { name: 'Perez Distribuciones' }, { name: 'Distribuciones Perez' }, 'half the words shared'],
    ['name', { name: 'Rossi' }, { name: 'Bianchi' }, 'else'],
    ['name', { name: 'ООО Ромашка' }, { name: 'Ромашка' }, 'exact'],
    ['name', { name: 'Marca' }, { name: 'Otra', legal_name: 'Marca' }, 'exact'],
    ['name', { name: 'Rossi' }, {}, 'null'],
    ['legal_form', { name: 'Rossi SRL' }, { name: 'Rossi S.r.l.' }, 'exact'],
    ['legal_form', { name: 'Rossi SRL' }, { name: 'Rossi S.p.A.' }, 'else'],
    ['tax_id', { tax_id: 'B12345674', tax_id_country: 'ES' }, { tax_id: 'B12345674', tax_id_country: 'ES' }, 'exact'],
    ['tax_id', { tax_id: 'B12345674', tax_id_country: 'ES' }, { tax_id: 'B12345675', tax_id_country: 'ES' }, 'one edit'],
    ['tax_id', { tax_id: 'B12345674', tax_id_country: 'ES' }, { tax_id: 'A87654321', tax_id_country: 'ES' }, 'else'],
    ['domain', { website: 'perez.es' }, { email: 'info@perez.es' }, 'exact'],
    ['domain', { email: 'a@gmail.com' }, { email: 'b@gmail.com' }, 'null'],
    ['email', { email: 'a@perez.es' }, { additional_emails: ['x@y.es', 'A@perez.es'] }, 'shared address'],
    ['email', { email: 'juan.perez@gmail.com' }, { email: 'juan.perez@perez.es' }, 'same mailbox name'],
    ['email', { email: 'a@perez.es' }, { email: 'b@perez.es' }, 'else'],
    ['phone', { phone: '+34912345678' }, { additional_phones: ['+34912345678'] }, 'shared number'],
    ['phone', { phone: '+34912345678' }, { phone: '+34932345678' }, 'same last 7 digits'],
    ['phone', { phone: '+34912345678' }, { phone: '+34600000000' }, 'else'],
    ['street', { street1: 'Calle Mayor 12' }, { street1: 'C/ Mayor, 12' }, 'same street and number'],
    ['street', { street1: 'Calle Mayor 12' }, { street1: 'Calle Mallor 12' }, 'similar street, same number'],
    ['street', { street1: 'Calle Mayor 12' }, { street1: 'Calle Mayor 14' }, 'similar street'],
    ['street', { street1: 'Calle Mayor 12' }, { street1: 'Via Roma 12' }, 'else'],
    ['postcode', { postcode: '28013' }, { postcode: '28 013' }, 'exact'],
    ['postcode', { postcode: '28013' }, { postcode: '28014' }, 'one edit'],
    ['postcode', { postcode: '28013' }, { postcode: '08001' }, 'else'],
    ['city', { city: 'Málaga' }, { city: 'MALAGA' }, 'exact'],
    ['city', { city: 'Valladolid' }, { city: 'Valladolis' }, 'jaro-winkler ≥ 0.9'],
    ['city', { city: 'Madrid' }, { city: 'Sevilla' }, 'else'],
    ['country', { country_code: 'es' }, { country_code: 'ES' }, 'exact'],
    ['country', { country_code: 'ES' }, { country_code: 'IT' }, 'else'],
  ])('%s: %j ~ %j → %s', (name, a, b, expected) => {
    expect(level('accounts', name, a, b)).toBe(expected);
  });
});

describe('contact comparisons', () => {
  it.each([
    ['first_name', { first_name: 'Lachlan' }, { first_name: 'lachlan' }, 'exact'],
    ['first_name', { first_name: 'lachlan' }, { first_name: 'lachlna' }, 'jaro-winkler ≥ 0.92'],
    ['first_name', { first_name: 'kayla' }, { first_name: 'kaylee' }, 'jaro-winkler ≥ 0.8'],
    ['first_name', { first_name: 'berry', last_name: 'lachlan' }, { first_name: 'lachlan', last_name: 'berry' }, 'swapped with the other name'],
    ['last_name', { first_name: 'berry', last_name: 'lachlan' }, { first_name: 'lachlan', last_name: 'berry' }, 'swapped with the other name'],
    ['first_name', { last_name: 'lachlan' }, { first_name: 'lachlan' }, 'swapped with the other name'],
    ['first_name', { first_name: 'anna' }, { first_name: 'george' }, 'else'],
    ['first_name', { first_name: 'anna' }, {}, 'null'],
    ['birth_date', { birth_date: '1981-03-12' }, { birth_date: '19810312' }, 'exact'],
    ['birth_date', { birth_date: '1981-03-12' }, { birth_date: '1981-03-13' }, 'one digit off or day/month swapped'],
    ['birth_date', { birth_date: '1981-03-12' }, { birth_date: '1981-12-03' }, 'one digit off or day/month swapped'],
    ['birth_date', { birth_date: '1981-03-12' }, { birth_date: '1918-03-12' }, 'one digit off or day/month swapped'],
    ['birth_date', { birth_date: '1981-03-12' }, { birth_date: '1981-07-25' }, 'same year'],
    ['birth_date', { birth_date: '1981-03-12' }, { birth_date: '1975-07-25' }, 'else'],
    ['national_id', { national_id: '6988048' }, { national_id: '6988048' }, 'exact'],
    ['national_id', { national_id: '6988048' }, { national_id: '6988043' }, 'one edit'],
    ['national_id', { national_id: '6988048' }, { national_id: '1234567' }, 'else'],
    ['email', { email: 'a@x.es' }, { email: 'a@x.es' }, 'shared address'],
    ['phone', { mobile: '+34600000000' }, { phone: '+34600000000' }, 'shared number'],
    ['street', { street1: '6 tullaroop street' }, { street1: 'tullaroop street 6' }, 'exact'],
    ['street', { street1: '6 tullaroop street' }, { street1: '6 tullarop street' }, 'jaro-winkler ≥ 0.9'],
    ['house_number', { street1: '6 tullaroop street' }, { street1: '6 maltby circuit' }, 'exact'],
    ['house_number', { street1: '6 tullaroop street' }, { street1: '7 tullaroop street' }, 'else'],
    ['street2', { street2: 'willaroo' }, { street2: 'willaroo' }, 'exact'],
    ['postcode', { postcode: '4011' }, { postcode: '4012' }, 'one edit'],
    ['city', { city: 'st james' }, { city: 'St. James' }, 'exact'],
    ['region', { region: 'wa' }, { region: 'nsw' }, 'else'],
  ])('%s: %j ~ %j → %s', (name, a, b, expected) => {
    expect(level('contacts', name, a, b)).toBe(expected);
  });
});

describe('comparison definitions', () => {
  it.each(['accounts', 'contacts'] as const)('%s: level 0 is null, the last is else, labels are unique', (entity) => {
    for (const c of comparisonsFor(entity)) {
      expect(c.levels[0]).toBe('null');
      expect(c.levels.at(-1)).toBe('else');
      expect(new Set(c.levels).size).toBe(c.levels.length);
    }
  });
});
