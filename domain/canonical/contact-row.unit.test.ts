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

  it('quarantines a birth date that is not a calendar date, naming the field', () => {
    expect(parse({ first_name: 'Ana', birth_date: '19811302' })).toEqual({ issues: [expect.stringMatching(/^birth_date: /)] });
  });
});
