import { describe, expect, it } from 'vitest';
import { normalizeTaxId } from '../../domain/normalize/tax-id';
import { cifFor } from './erp-database';

describe('the rehearsal ERP’s tax ids', () => {
  it.each([1, 2, 9, 10, 49, 1999, 33_333])('customer %i gets a valid, distinct CIF', (n) => {
    const r = normalizeTaxId(cifFor(n), 'ES');
    expect(r).toMatchObject({ ok: true, kind: 'es_cif' });
    expect(cifFor(n)).not.toBe(cifFor(n + 1));
  });
});
