import { describe, expect, it } from 'vitest';
import { surviveRecord, type SurvivorshipSource } from './survivorship';
import type { SourceKind } from './survivorship-rules';

const src = (sourceSystem: string, kind: SourceKind, lastSeenAt: string, payload: Record<string, unknown>): SurvivorshipSource =>
  ({ sourceSystem, externalId: `${sourceSystem}-1`, kind, lastSeenAt, payload });

const ERP = (p: Record<string, unknown>, at = '2026-01-01T00:00:00Z') => src('erp', 'erp', at, p);
const SHOP = (p: Record<string, unknown>, at = '2026-03-01T00:00:00Z') => src('shop', 'ecommerce', at, p);
const XLS = (p: Record<string, unknown>, at = '2026-06-01T00:00:00Z') => src('xls', 'spreadsheet', at, p);

describe('surviveRecord (accounts)', () => {
  const cases: {
    name: string; sources: SurvivorshipSource[]; crm?: Record<string, unknown>; edited?: string[];
    field: string; value: unknown; from: string | null;
  }[] = [
    { name: 'legal name: ERP beats a newer shop and spreadsheet', sources: [ERP({ legal_name: 'Distribuciones Pérez S.L.' }), SHOP({ legal_name: 'distribuciones perez' }), XLS({ legal_name: 'DISTRIBUCIONES PEREZ SL' })], field: 'legal_name', value: 'Distribuciones Pérez S.L.', from: 'erp' },
    { name: 'legal name: ERP empty, the next priority wins (shop over a newer spreadsheet)', sources: [ERP({ phone: '+34911111111' }), SHOP({ legal_name: 'distribuciones perez' }), XLS({ legal_name: 'DISTRIBUCIONES PEREZ SL' })], field: 'legal_name', value: 'distribuciones perez', from: 'shop' },
    { name: 'same priority: the most recent non-empty wins', sources: [src('erp_a', 'erp', '2025-01-01T00:00:00Z', { name: 'Old' }), src('erp_b', 'erp', '2026-01-01T00:00:00Z', { name: 'New' })], field: 'name', value: 'New', from: 'erp_b' },
    { name: 'phone: most recent non-empty, whatever the priority', sources: [ERP({ phone: '+34911111111' }), XLS({ phone: '+34600000000' })], field: 'phone', value: '+34600000000', from: 'xls' },
    { name: 'phone: an empty newer value does not blank an older one', sources: [ERP({ phone: '+34911111111' }), XLS({ phone: '' })], field: 'phone', value: '+34911111111', from: 'erp' },
    { name: 'tax id block: country and kind come with the tax id', sources: [ERP({ tax_id: 'B12345674', tax_id_country: 'ES', tax_id_kind: 'es_nif' }), SHOP({ tax_id_country: 'PT' })], field: 'tax_id_country', value: 'ES', from: 'erp' },
    { name: 'website: the most complete block wins', sources: [ERP({ domain: 'perez.es' }), SHOP({ website: 'https://www.perez.es/tienda', domain: 'perez.es' })], field: 'website', value: 'https://www.perez.es/tienda', from: 'shop' },
    { name: 'no source value: the CRM value stays', sources: [ERP({ name: 'Pérez' })], crm: { notes: 'llamar lunes' }, field: 'notes', value: 'llamar lunes', from: 'crm' },
    { name: 'nothing anywhere: null', sources: [ERP({ name: 'Pérez' })], field: 'notes', value: null, from: null },
    { name: 'a user-edited field keeps the CRM value', sources: [ERP({ name: 'Distribuciones Pérez' })], crm: { name: 'Pérez (Madrid)' }, edited: ['name'], field: 'name', value: 'Pérez (Madrid)', from: 'crm' },
  ];
  it.each(cases)('$name', ({ sources, crm, edited, field, value, from }) => {
    const r = surviveRecord({ entity: 'accounts', sources, crm: crm ?? {}, userEditedFields: edited ?? [] });
    expect(r.values[field]).toEqual(value);
    const l = r.lineage[field];
    expect(l === undefined ? null : l.from === 'source' ? l.sourceSystem : l.from).toBe(from);
  });

  it('an account’s address block comes from one source, never mixed: the ERP’s over a newer spreadsheet’s', () => {
    const r = surviveRecord({
      entity: 'accounts', crm: {}, userEditedFields: [],
      sources: [ERP({ street1: 'Calle Mayor 1', postcode: '28001', city: 'Madrid', country_code: 'ES' }), XLS({ city: 'Getafe' })],
    });
    expect(r.values).toMatchObject({ street1: 'Calle Mayor 1', postcode: '28001', city: 'Madrid', country_code: 'ES' });
  });

  it('a contact’s address block comes from one source, never mixed: the most recent', () => {
    const r = surviveRecord({
      entity: 'contacts', crm: {}, userEditedFields: [],
      sources: [ERP({ street1: 'Calle Mayor 1', postcode: '28001', city: 'Madrid', country_code: 'ES' }), XLS({ city: 'Getafe' })],
    });
    expect(r.values).toMatchObject({ street1: null, postcode: null, city: 'Getafe', country_code: null });
  });

  it('a user-edited address field keeps the whole CRM address block', () => {
    const r = surviveRecord({
      entity: 'accounts', userEditedFields: ['city'],
      crm: { street1: 'Gran Vía 2', postcode: '28013', city: 'Madrid', country_code: 'ES' },
      sources: [XLS({ street1: 'Calle Mayor 1', postcode: '28001', city: 'Madrid' })],
    });
    expect(r.values).toMatchObject({ street1: 'Gran Vía 2', postcode: '28013', city: 'Madrid', country_code: 'ES' });
    expect(r.lineage.street1).toEqual({ from: 'crm', reason: 'user_edited' });
  });

  it('additional e-mails and phones: union of every source and the CRM, minus the primary', () => {
    const r = surviveRecord({
      entity: 'accounts', userEditedFields: [],
      crm: { email: 'old@perez.es', additional_phones: ['+34600000001'] },
      sources: [
        ERP({ email: 'info@perez.es', phone: '+34911111111', additional_emails: ['admin@perez.es'] }),
        XLS({ email: 'perez@gmail.com', phone: '+34911111111', additional_phones: ['+34600000002'] }),
      ],
    });
    expect(r.values.email).toBe('perez@gmail.com');
    expect(r.values.additional_emails).toEqual(['admin@perez.es', 'info@perez.es', 'old@perez.es']);
    expect(r.values.phone).toBe('+34911111111');
    expect(r.values.additional_phones).toEqual(['+34600000001', '+34600000002']);
    // The spreadsheet's e-mail is the primary one: it gave nothing to the union.
    expect(r.lineage.additional_emails).toEqual({ from: 'union', sources: [{ sourceSystem: 'erp', externalId: 'erp-1' }] });
  });

  it('does not depend on the order of the sources', () => {
    const sources = [src('a', 'erp', '2026-01-01T00:00:00Z', { name: 'A', phone: '+1' }), src('b', 'erp', '2026-01-01T00:00:00Z', { name: 'B', phone: '+2' })];
    const one = surviveRecord({ entity: 'accounts', sources, crm: {}, userEditedFields: [] });
    const two = surviveRecord({ entity: 'accounts', sources: [...sources].reverse(), crm: {}, userEditedFields: [] });
    expect(one).toEqual(two);
    expect(one.values.name).toBe('A');
  });

  it('rejects a source with an unknown kind or a bad instant', () => {
    expect(() => surviveRecord({ entity: 'accounts', crm: {}, userEditedFields: [], sources: [{ ...ERP({}), kind: 'fax' as SourceKind }] })).toThrow();
    expect(() => surviveRecord({ entity: 'accounts', crm: {}, userEditedFields: [], sources: [{ ...ERP({}), lastSeenAt: 'yesterday' }] })).toThrow();
  });
});

describe('surviveRecord (contacts)', () => {
  it('first and last name come from one source; phones union minus phone and mobile', () => {
    const r = surviveRecord({
      entity: 'contacts', crm: {}, userEditedFields: [],
      sources: [
        ERP({ first_name: 'Ana', last_name: 'Pérez García', phone: '+34911111111' }),
        XLS({ first_name: 'ANA', mobile: '+34600000000', phone: '+34922222222' }),
      ],
    });
    expect(r.values).toMatchObject({ first_name: 'Ana', last_name: 'Pérez García', phone: '+34922222222', mobile: '+34600000000' });
    expect(r.values.additional_phones).toEqual(['+34911111111']);
  });

  it('birth date and national id by source priority', () => {
    const r = surviveRecord({
      entity: 'contacts', crm: {}, userEditedFields: [],
      sources: [SHOP({ birth_date: '1980-01-02', national_id: '12345678Z' }), XLS({ birth_date: '1980-02-01' })],
    });
    expect(r.values).toMatchObject({ birth_date: '1980-01-02', national_id: '12345678Z' });
  });
});
