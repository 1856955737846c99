import { describe, expect, it } from 'vitest';
import { survivorValues, type EntityRow } from './survivor-values';

const row = (id: string, values: Record<string, unknown>, edited: string[] = [], extras: Record<string, unknown> = {}): EntityRow =>
  ({ id, created_at: new Date('2026-01-01T00:00:00Z'), user_edited_fields: edited, extras, ...values });

const COLUMNS = ['name', 'phone', 'email', 'additional_emails', 'additional_phones', 'notes', 'parent_account_id'];

describe('survivorValues (merged CRM rows, no source records)', () => {
  it.each([
    { name: 'the survivor keeps its values', rows: [row('s', { name: 'Pérez' }), row('x', { name: 'PEREZ' })], field: 'name', value: 'Pérez' },
    { name: 'blanks are filled from the absorbed records, in order', rows: [row('s', { name: 'Pérez' }), row('x', { notes: 'primero' }), row('y', { notes: 'segundo' })], field: 'notes', value: 'primero' },
    { name: 'a value a person edited wins, from whichever record', rows: [row('s', { phone: '+34911111111' }), row('x', { phone: '+34600000000' }, ['phone'])], field: 'phone', value: '+34600000000' },
    { name: 'a parent inside the merge is dropped', rows: [row('s', { parent_account_id: 'x' }), row('x', {})], field: 'parent_account_id', value: null },
    { name: 'a parent outside the merge is inherited', rows: [row('s', {}), row('x', { parent_account_id: 'p' })], field: 'parent_account_id', value: 'p' },
  ])('$name', ({ rows, field, value }) => {
    expect(survivorValues('accounts', COLUMNS, rows, []).next[field]).toEqual(value);
  });

  it('unions the edit marks and the extras (the survivor\'s keys win)', () => {
    const { next } = survivorValues('accounts', COLUMNS, [row('s', {}, ['name'], { a: 1 }), row('x', {}, ['phone'], { a: 2, b: 3 })], []);
    expect(next).toMatchObject({ id: 's', user_edited_fields: ['name', 'phone'], extras: { a: 1, b: 3 } });
  });

  it('source records beat CRM-only values, and lineage says where each came from', () => {
    const { next, lineage } = survivorValues('accounts', COLUMNS, [row('s', { name: 'perez' }), row('x', {})], [
      { sourceSystem: 'erp', externalId: 'C1', kind: 'erp', lastSeenAt: '2026-01-01T00:00:00Z', payload: { name: 'Distribuciones Pérez' } },
    ]);
    expect(next.name).toBe('Distribuciones Pérez');
    expect(lineage.name).toEqual({ from: 'source', rule: 'priority', sourceSystem: 'erp', externalId: 'C1' });
  });
});
