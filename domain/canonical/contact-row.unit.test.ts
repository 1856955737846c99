import { describe, expect, it } from 'vitest';
import { getLocaleProfile } from '../normalize';
import { createContactRowSchema } from './contact-row';
import { LookupIndex } from './lookup-index';
import type { MappedFields } from './row-context';

const schema = createContactRowSchema({
  profile: getLocaleProfile('es'),
  defaultCountry: 'ES',
  lookups: new LookupIndex({}),
  date1904: false,
});

function parse(fields: MappedFields) {
  const r = schema.safeParse(fields);
  return r.success ? r.data : { issues: r.issues.map((i) => `${i.path.join('.')}: ${i.message}`) };
}

describe('contact row: address, birth date and personal id (used to match people)', () => {
  it.each([
    ['a compact national id', { first_name: 'Ana', national_id: ' 12.345.678-z ' }, { national_id: '12345678Z' }],
    ['a YYYYMMDD birth date', { first_name: 'Ana', birth_date: '19810223' }, { birth_date: '1981-02-23' }],
    ['a Spanish birth date', { first_name: 'Ana', birth_date: '23/02/1981' }, { birth_date: '1981-02-23' }],
    ['an address kept as written', { first_name: 'Ana', street1: 'C/ Mayor 5', postcode: '08001', city: 'Barcelona', region: 'Barcelona' },
      { street1: 'C/ Mayor 5', postcode: '08001', city: 'Barcelona', region: 'Barcelona', street2: null }],
  ])('%s', (_, fields, expected) => {
    expect(parse(fields)).toMatchObject(expected);
  });

  it('drops a birth date that is not a calendar date, keeps the contact and warns, naming the field', () => {
    const r = schema.safeParse({ first_name: 'Ana', birth_date: '31/02/1981' });
    expect(r.success).toBe(true);
    if (!r.success) return;
    expect(r.data).toMatchObject({ first_name: 'Ana', birth_date: null });
    expect(r.warnings).toEqual([{ path: 'birth_date', code: 'invalid_value', message: expect.stringMatching(/calendar date/), input: '31/02/1981' }]);
  });

  it('rejects the row instead when the mapping makes the field strict', () => {
    const strict = createContactRowSchema({ profile: getLocaleProfile('es'), defaultCountry: 'ES', lookups: new LookupIndex({}), date1904: false }, { strict: ['birth_date'] });
    const r = strict.safeParse({ first_name: 'Ana', birth_date: '31/02/1981' });
    expect(r.success).toBe(false);
    if (r.success) return;
    expect(r.issues.map((i) => i.path.join('.'))).toEqual(['birth_date']);
  });

  it('rejects a contact left with no name, e-mail or phone once its invalid e-mail is dropped, listing both reasons', () => {
    const r = schema.safeParse({ email: 'not-an-email' });
    expect(r.success).toBe(false);
    if (r.success) return;
    expect(r.issues.map((i) => i.path.join('.'))).toEqual(['email', 'first_name']);
  });
});
