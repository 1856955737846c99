import { describe, expect, it } from 'vitest';
import { accountMatchRecord, contactMatchRecord, MatchRecord, shareRepeatedValues } from './match-record';

describe('accountMatchRecord', () => {
  it('gives the ERP, shop and spreadsheet spellings of one company the same name', () => {
    const erp = accountMatchRecord('1', { name: 'Distribuciones Pérez S.L.', tax_id: 'B12345674', tax_id_country: 'ES' });
    const shop = accountMatchRecord('2', { name: 'distribuciones perez', email: 'distriperez@gmail.com' });
    const excel = accountMatchRecord('3', { name: 'DISTRIBUCIONES PEREZ SL', phone: '+34912345678' });
    expect([erp.name, shop.name, excel.name]).toEqual(['distribuciones perez', 'distribuciones perez', 'distribuciones perez']);
    expect([erp.form, shop.form, excel.form]).toEqual(['S.L.', null, 'S.L.']);
    expect(erp.tax).toBe('ES:B12345674');
  });

  it.each([
    ['a free-mail address is not a company domain', { name: 'X', email: 'Juan@Gmail.com' }, { emails: ['juan@gmail.com'], domain: null }],
    ['a company mailbox gives the registrable domain', { name: 'X', email: 'ventas@shop.perez.es' }, { emails: ['ventas@shop.perez.es'], domain: 'perez.es' }],
    ['the website wins over the mailbox', { name: 'X', website: 'https://www.perez.co.uk/contact', email: 'a@other.es' }, { domain: 'perez.co.uk' }],
    ['emails are de-duplicated across columns', { name: 'X', email: 'a@x.es', additional_emails: ['A@x.es', 'b@x.es'] }, { emails: ['a@x.es', 'b@x.es'] }],
    ['phones from both columns', { name: 'X', phone: '+34 912 345 678', additional_phones: ['+34912345678', '+34600000000'] }, { phones: ['+34912345678', '+34600000000'] }],
    ['house number split from the street', { name: 'X', street1: 'Calle Mayor 12', postcode: '28 013', city: 'MADRID' }, { street: 'calle mayor', house: '12', postcode: '28013', city: 'madrid' }],
    ['leading zeros a spreadsheet dropped come back (ES)', { name: 'X', postcode: '5031', country_code: 'ES' }, { postcode: '05031' }],
    ['a Polish postcode keeps its digits', { name: 'X', postcode: '30-781', country_code: 'PL' }, { postcode: '30781' }],
    ['a short postcode without country is left alone', { name: 'X', postcode: '5031' }, { postcode: '5031' }],
    ['a spelled-out legal form is split off', { name: 'CARPINTERÍA BLANCO SOCIEDAD LIMITADA' }, { name: 'carpinteria blanco', form: 'S.L.' }],
    ['a tax id without country takes the account country', { name: 'X', tax_id: 'b12345674', country_code: 'es' }, { tax: 'ES:B12345674', country: 'ES' }],
    ['legal name kept as a second name', { name: 'Pérez Hermanos', legal_name: 'Distribuciones Pérez Hermanos S.A.' }, { name: 'perez hermanos', name2: 'distribuciones perez hermanos', form: 'S.A.' }],
    ['an explicit legal form wins', { name: 'Rossi SRL', legal_form: 'S.p.A.' }, { name: 'rossi', form: 'S.p.A.' }],
    ['a lower-case name loses its undotted legal form too', { name: 'hermanos molina martinez sl' }, { name: 'hermanos molina martinez', form: 'S.L.' }],
    ['a lower-case Russian form in Latin leads the name', { name: 'ooo sk vesna stroy' }, { name: 'sk vesna stroy', form: 'ООО' }],
    ['a mixed-case name keeps an undotted word that may be a name', { name: 'Hotel Spa' }, { name: 'hotel spa', form: null }],
  ])('%s', (_label, input, expected) => {
    expect(accountMatchRecord('1', input)).toMatchObject(expected);
  });

  it('keeps a Cyrillic name in both scripts', () => {
    const r = accountMatchRecord('1', { name: 'ООО «Ромашка»' });
    expect(r.form).toBe('ООО');
    expect(r.name).toBe('romashka');
    expect(r.nameNative).toBe('ромашка');
    expect(accountMatchRecord('2', { name: 'Pérez' }).nameNative).toBeNull();
  });

  it('is valid against its schema and JSON round-trips', () => {
    const r = accountMatchRecord('1', { name: 'Distribuciones Pérez S.L.', email: 'a@perez.es', phone: '+34912345678' });
    expect(MatchRecord.parse(JSON.parse(JSON.stringify(r)))).toEqual(r);
  });
});

describe('contactMatchRecord', () => {
  it.each([
    ['ISO birth date compacted', { birth_date: '1981-03-12' }, { dob: '19810312' }],
    ['compact birth date kept', { birth_date: '19810312' }, { dob: '19810312' }],
    ['a partial date is dropped', { birth_date: '1981-03' }, { dob: null }],
    ['names folded', { first_name: ' José ', last_name: "O'Brien-Núñez" }, { first: 'jose', last: 'o brien nunez' }],
    ['Cyrillic names transliterated', { first_name: 'Иван', last_name: 'Петров' }, { first: 'ivan', last: 'petrov' }],
    ['national id compacted', { national_id: '123 456 789' }, { nid: '123456789' }],
    ['phone and mobile together', { phone: '+34912345678', mobile: '+34600000000' }, { phones: ['+34912345678', '+34600000000'] }],
    ['street, house, suburb, state', { street1: '6 tullaroop street', street2: 'Willaroo', city: 'St James', postcode: '4011', region: 'WA' }, { street: 'tullaroop street', house: '6', street2: 'willaroo', city: 'st james', postcode: '4011', region: 'wa' }],
    ['empty values are null', { first_name: '  ', last_name: null }, { first: null, last: null, emails: [], phones: [] }],
  ])('%s', (_label, input, expected) => {
    expect(contactMatchRecord('1', input)).toMatchObject(expected);
  });
});

describe('shareRepeatedValues', () => {
  it('pools the place and legal form, never the names, identifiers or ids, and changes no value', () => {
    const pool = new Map<string, string>();
    const values = { name: 'Talleres Ruiz S.L.', tax_id: 'B12345674', tax_id_country: 'ES', street1: 'Calle Mayor 12', postcode: '28013', city: 'Madrid', country_code: 'ES', email: 'info@ruiz.es' };
    const a = accountMatchRecord('a', values);
    const copy = structuredClone(a);
    expect(shareRepeatedValues(a, pool)).toBe(a);
    expect(a).toEqual(copy);
    expect([...pool.keys()].sort()).toEqual([a.form, a.street, a.postcode, a.city, a.country].sort());
    expect(pool.has(a.name!)).toBe(false);
    expect(pool.has(a.tax!)).toBe(false);
    const b = shareRepeatedValues(accountMatchRecord('b', { ...values, name: 'Otra' }), pool);
    expect(pool.size).toBe(5);
    expect(b.city).toBe('madrid');
  });

  it('pools a contact\'s region as well', () => {
    const pool = new Map<string, string>();
    const c = shareRepeatedValues(contactMatchRecord('c', { first_name: 'Ana', region: 'Lazio', city: 'Roma' }), pool);
    expect(pool.has(c.region!)).toBe(true);
    expect(pool.has(c.city!)).toBe(true);
    expect(pool.has(c.first!)).toBe(false);
  });
});
