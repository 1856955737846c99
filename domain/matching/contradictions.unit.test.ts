import { describe, expect, it } from 'vitest';
import { abbreviatedWords } from './comparisons';
import { accountContradiction, accountCorroboration, legalFormKey } from './contradictions';
import { accountMatchRecord, type AccountMatchInput } from './match-record';

const acc = (v: AccountMatchInput) => accountMatchRecord('x', { name: 'Talleres Zubiaurre', ...v });

describe('accountContradiction', () => {
  it.each([
    ['nothing but the name', {}, {}, null],
    ['a value missing on one side is no contradiction', { city: 'Bilbao', postcode: '48001' }, {}, null],
    ['two valid tax ids', { tax_id: 'B12345674', tax_id_country: 'ES' }, { tax_id: 'A58818501', tax_id_country: 'ES' }, 'different_tax_ids'],
    ['another legal form', { legal_form: 'S.L.' }, { legal_form: 'S.A.' }, 'different_legal_forms'],
    ['ООО and LLC are one form', { name: 'ООО «Ромашка»' }, { name: 'Romashka LLC' }, null],
    ['another web domain', { website: 'zubiaurre.es' }, { website: 'talleres-z.com' }, 'different_domains'],
    ['another country', { country_code: 'ES' }, { country_code: 'IT' }, 'different_countries'],
    ['postcodes far apart', { postcode: '48001' }, { postcode: '36201' }, 'different_postcodes'],
    ['a postcode one typo off is the same', { postcode: '48001' }, { postcode: '48007' }, null],
    ['another city', { city: 'Bilbao' }, { city: 'Vigo' }, 'different_cities'],
    ['a city spelled otherwise (JW ≥ 0.9)', { city: 'Gerona' }, { city: 'Girona' }, null],
    ['an exonym next to the same postcode is one place', { city: 'Sevilla', postcode: '41001' }, { city: 'Seville', postcode: '41001' }, null],
  ])('%s', (_label, x, y, expected) => {
    expect(accountContradiction(acc(x), acc(y))).toBe(expected);
  });
});

describe('accountCorroboration', () => {
  it.each([
    ['a shared e-mail', { email: 'info@zubiaurre.es' }, { email: 'INFO@zubiaurre.es' }, true],
    ['the same phone written with and without prefix', { phone: '+34944123456' }, { phone: '944123456' }, true],
    ['the same street and house number', { street1: 'Calle Mayor 12' }, { street1: 'C/ Mayor, 12' }, true],
    ['the same domain', { website: 'www.zubiaurre.es' }, { email: 'ventas@zubiaurre.es' }, true],
    ['the same postcode and city are a place, not an identifier', { postcode: '48001', city: 'Bilbao' }, { postcode: '48001', city: 'Bilbao' }, false],
    ['the same street, another number', { street1: 'Calle Mayor 12' }, { street1: 'Calle Mayor 14' }, false],
  ])('%s', (_label, x, y, expected) => {
    expect(accountCorroboration(acc(x), acc(y))).toBe(expected);
  });
});

describe('legalFormKey', () => {
  it.each([
    ['LLC', 'ООО'],
    ['JSC', 'АО'],
    ['S.L.', 'S.L.'],
    [null, null],
  ])('%s → %s', (form, key) => expect(legalFormKey(form)).toBe(key));
});

describe('abbreviatedWords', () => {
  it.each([
    ['trans garrido del sur', 'transportes garrido del sur', true],
    ['const puig centre', 'construccions puig centre', true],
    ['distrib suarez express', 'distribuciones suarez express', true],
    ['transportes garrido', 'transportes garrido', false], // equal: the exact level, not this one
    ['t garrido', 'transportes garrido', false], // one letter is not a word cut short
    ['trans garrido', 'transportes ortega', false], // another word
    ['trans gil', 'transportes gil', false], // nothing of four letters kept whole
    ['garrido del sur', 'transportes garrido del sur', false], // a word left out
  ])('%s / %s → %s', (x, y, expected) => {
    expect(abbreviatedWords(x, y)).toBe(expected);
    expect(abbreviatedWords(y, x)).toBe(expected);
  });
});
