import { describe, expect, it } from 'vitest';
import { normalizePhone } from './phone';

describe('normalizePhone', () => {
  it.each([
    // raw, default country, e164, country, extension
    ['+34 912 345 678', 'ES', '+34912345678', 'ES', undefined],
    ['912 345 678', 'ES', '+34912345678', 'ES', undefined],
    ['0034 912 345 678', 'ES', '+34912345678', 'ES', undefined],
    ['0034 912 345 678', 'RU', '+34912345678', 'ES', undefined], // 00 works even where the IDD is 810
    ['(0034) 612 34 56 78', 'IT', '+34612345678', 'ES', undefined],
    ['612-34-56-78', 'es', '+34612345678', 'ES', undefined],
    ['(+39) 02 1234567', 'IT', '+39021234567', 'IT', undefined],
    ['02 1234567', 'IT', '+39021234567', 'IT', undefined], // Italian leading 0 is kept
    ['+39 347 123 4567', 'ES', '+393471234567', 'IT', undefined],
    ['8 (495) 123-45-67', 'RU', '+74951234567', 'RU', undefined], // RU trunk prefix 8
    ['+7 (916) 123-45-67', 'RU', '+79161234567', 'RU', undefined],
    ['22 123 45 67', 'PL', '+48221234567', 'PL', undefined],
    ['+48 22 123 45 67 wew. 12', 'PL', '+48221234567', 'PL', '12'],
    ['+34 912 345 678 ext. 123', 'ES', '+34912345678', 'ES', '123'],
    ['912 345 678 extensión 5', 'ES', '+34912345678', 'ES', '5'],
    ['02 1234567 int. 12', 'IT', '+39021234567', 'IT', '12'],
    ['8 (495) 123-45-67 доб. 4410', 'RU', '+74951234567', 'RU', '4410'],
    ['01 23 45 67 89 poste 21', 'FR', '+33123456789', 'FR', '21'],
    ['+49 30 12345678', 'DE', '+493012345678', 'DE', undefined],
    ['+41 44 668 18 00', 'CH', '+41446681800', 'CH', undefined],
    ['020 7946 0958', 'GB', '+442079460958', 'GB', undefined],
  ])('%j (%s) → %s', (raw, country, e164, expectedCountry, extension) => {
    const r = normalizePhone(raw, country);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.e164).toBe(e164);
    expect(r.country).toBe(expectedCountry);
    expect(r.extension).toBe(extension);
  });

  it.each([
    ['612 34 56 78', 'ES', 'MOBILE'],
    ['912 345 678', 'ES', 'FIXED_LINE'],
  ])('%j is %s (max metadata)', (raw, country, type) => {
    const r = normalizePhone(raw, country);
    expect(r.ok && r.type).toBe(type);
  });

  it.each([
    ['', 'ES', 'empty'],
    ['n/a', 'ES', 'not a phone number'],
    ['123', 'ES', 'too short'],
    ['+48 101 234 567', 'ES', 'invalid phone number for'], // right length, unassigned range: only max metadata catches it
    ['912 345 678', 'XX', 'unsupported default country'],
    ['+34 912 345 678 999', 'ES', 'invalid phone number for ES'],
  ])('%j (%s) fails (%s)', (raw, country, reason) => {
    const r = normalizePhone(raw, country);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toContain(reason);
  });
});
