import { describe, expect, it } from 'vitest';
import { parseBusinessDate, parseInstant } from './dates';
import { getLocaleProfile } from './locale-profiles';

const p = getLocaleProfile;

describe('parseBusinessDate: text', () => {
  it.each([
    ['es', '03/04/2024', '2024-04-03'], // the profile settles the ambiguity…
    ['en-US', '03/04/2024', '2024-03-04'], // …never the row
    ['en-GB', '03/04/2024', '2024-04-03'],
    ['it', '3/4/2024', '2024-04-03'],
    ['de', '04.03.2024', '2024-03-04'],
    ['ru', '04.03.2024 г.', '2024-03-04'],
    ['ru', '4.3.2024г', '2024-03-04'],
    ['pl', '04.03.2024 r.', '2024-03-04'],
    ['fr', '04-03-2024', '2024-03-04'],
    ['es', '3/4/24', '2024-04-03'],
    ['es', '1/1/69', '2069-01-01'], // pivot: 00-69 → 20xx
    ['es', '1/1/70', '1970-01-01'], // 70-99 → 19xx
    ['es', '31/12/99', '1999-12-31'],
    ['es', '2024-03-04', '2024-03-04'], // year-first is unambiguous in every profile
    ['en-US', '2024-03-04', '2024-03-04'],
    ['es', '2024/03/04', '2024-03-04'],
    ['es', '2024.3.4', '2024-03-04'],
    ['es', '2024-03-04T23:30:00-05:00', '2024-03-04'], // ISO datetime: the written date, no shift
    ['es', '2024-03-04T23:30:00.123Z', '2024-03-04'],
    ['es', '2024-03-04 10:15', '2024-03-04'],
    ['es', '20240304', '2024-03-04'],
    ['es', '29/02/2024', '2024-02-29'], // leap year
    ['es', '29/02/2000', '2000-02-29'], // divisible by 400
    ['es', '04/03/2024 10:30', '2024-03-04'],
    ['en-US', '3/4/2024 2:30 PM', '2024-03-04'],
    ['es', '  04/03/2024  ', '2024-03-04'],
  ])('%s %j → %s', (profile, input, value) => {
    expect(parseBusinessDate(input, p(profile))).toEqual({ ok: true, value });
  });

  it.each([
    ['es', '', 'empty'],
    ['es', '31/02/2024', 'no such calendar date'],
    ['es', '29/02/2023', 'no such calendar date'],
    ['es', '29/02/1900', 'no such calendar date'], // 1900 is not a leap year
    ['en-US', '13/04/2024', 'no such calendar date'], // no per-row reordering
    ['es', '00/01/2024', 'no such calendar date'],
    ['es', '2024-13-01', 'no such calendar date'],
    ['es', '20241301', 'no such calendar date'],
    ['es', '04/03-2024', 'not a date'], // mixed separators
    ['es', '4 de marzo de 2024', 'not a date'],
    ['es', '45000', 'not a date'], // a serial as text is not guessed
    ['es', '04/03/2024 25:00', 'invalid time'],
    ['es', '0000-01-01', 'year out of range'],
  ])('%s %j fails (%s)', (profile, input, reason) => {
    const r = parseBusinessDate(input, p(profile));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toContain(reason);
  });
});

describe('parseBusinessDate: Excel serials', () => {
  it.each([
    [1, false, '1900-01-01'],
    [59, false, '1900-02-28'],
    [61, false, '1900-03-01'], // after Lotus's phantom 29 Feb
    [45000, false, '2023-03-15'],
    [45000.75, false, '2023-03-15'], // time of day ignored
    [45351, false, '2024-02-29'],
    [2958465, false, '9999-12-31'],
    [0, true, '1904-01-01'],
    [1, true, '1904-01-02'],
    [43538, true, '2023-03-15'], // same day as 45000 in the 1900 system (offset 1462)
  ])('%d (1904: %s) → %s', (serial, date1904, value) => {
    expect(parseBusinessDate(serial, p('es'), { date1904 })).toEqual({ ok: true, value });
  });

  it.each([
    [60, false, '1900-02-29'],
    [0, false, 'out of range'],
    [-1, true, 'out of range'],
    [2958466, false, 'out of range'],
    [NaN, false, 'not a date serial'],
  ])('%d (1904: %s) fails (%s)', (serial, date1904, reason) => {
    const r = parseBusinessDate(serial, p('es'), { date1904 });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toContain(reason);
  });
});

describe('parseInstant', () => {
  it.each([
    ['es', '04/03/2024 10:30', undefined, '2024-03-04T10:30:00.000Z'], // naive → UTC
    ['es', '04/03/2024 10:30', 'Europe/Madrid', '2024-03-04T09:30:00.000Z'], // CET
    ['es', '04/07/2024 10:30', 'Europe/Madrid', '2024-07-04T08:30:00.000Z'], // CEST
    ['ru', '04.03.2024 10:30:15', 'Europe/Moscow', '2024-03-04T07:30:15.000Z'],
    ['es', '2024-03-04T10:30:00+01:00', 'Europe/Moscow', '2024-03-04T09:30:00.000Z'], // explicit offset wins
    ['es', '2024-03-04T10:30:00Z', undefined, '2024-03-04T10:30:00.000Z'],
    ['es', '2024-03-04T10:30:00.5-0500', undefined, '2024-03-04T15:30:00.500Z'],
    ['es', '2024-03-04 10:30:00,250 +05:30', undefined, '2024-03-04T05:00:00.250Z'],
    ['es', '04/03/2024', undefined, '2024-03-04T00:00:00.000Z'],
    ['en-US', '3/4/2024 12:05 AM', undefined, '2024-03-04T00:05:00.000Z'],
    ['en-US', '3/4/2024 12:05 p.m.', undefined, '2024-03-04T12:05:00.000Z'],
    ['es', '20240304', undefined, '2024-03-04T00:00:00.000Z'],
  ] as const)('%s %j in %s → %s', (profile, input, timeZone, value) => {
    expect(parseInstant(input, p(profile), timeZone ? { timeZone } : undefined)).toEqual({ ok: true, value });
  });

  it.each([
    [45000.5, undefined, false, '2023-03-15T12:00:00.000Z'],
    [45000.5, 'Europe/Warsaw', false, '2023-03-15T11:00:00.000Z'],
    [45000 + 1 / 3, undefined, false, '2023-03-15T08:00:00.000Z'], // float noise rounded away
    [0.25, undefined, true, '1904-01-01T06:00:00.000Z'],
  ] as const)('Excel serial %d in %s → %s', (serial, timeZone, date1904, value) => {
    expect(parseInstant(serial, p('es'), { date1904, ...(timeZone ? { timeZone } : {}) })).toEqual({ ok: true, value });
  });

  it.each([
    ['es', '31/02/2024 10:00', undefined, 'no such calendar date'],
    ['en-US', '3/4/2024 13:00 PM', undefined, 'invalid time'],
    ['es', '2024-03-04T10:30:00+25:00', undefined, 'invalid time'],
    ['es', '04/03/2024 10:30', 'Mars/Olympus', 'unknown time zone'],
    ['es', 'yesterday', undefined, 'not a date'],
  ] as const)('%s %j fails (%s)', (profile, input, timeZone, reason) => {
    const r = parseInstant(input, p(profile), timeZone ? { timeZone } : undefined);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toContain(reason);
  });
});
