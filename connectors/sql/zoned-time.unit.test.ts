import { describe, expect, it } from 'vitest';
import { exactOffsetAt, offsetAt, parseTimestamp, shiftTimestampText, toIsoInstant } from './zoned-time';

describe('toIsoInstant', () => {
  it.each([
    ['2024-07-01 10:00:00', 'UTC', '2024-07-01T10:00:00Z'],
    ['2024-07-01 10:00:00.123456', 'Europe/Madrid', '2024-07-01T08:00:00.123456Z'],
    ['2024-01-15 10:00:00.500', 'Europe/Madrid', '2024-01-15T09:00:00.5Z'],
    ['2024-01-15 10:00:00', 'Europe/Warsaw', '2024-01-15T09:00:00Z'],
    ['2024-01-15 10:00:00', 'Europe/Moscow', '2024-01-15T07:00:00Z'],
    ['2024-01-15 10:00:00', 'America/New_York', '2024-01-15T15:00:00Z'],
    // Autumn: 02:30 happens twice in Madrid; the earlier (summer time, +02:00) is taken.
    ['2024-10-27 02:30:00', 'Europe/Madrid', '2024-10-27T00:30:00Z'],
    ['2024-10-27 03:30:00', 'Europe/Madrid', '2024-10-27T02:30:00Z'],
    // Spring: 02:30 does not exist in Madrid; read with the offset before the gap (+01:00).
    ['2024-03-31 02:30:00', 'Europe/Madrid', '2024-03-31T01:30:00Z'],
    // Zoned text keeps its own offset, whatever the configured zone.
    ['2024-07-01 10:00:00+00', 'Europe/Madrid', '2024-07-01T10:00:00Z'],
    ['2024-07-01 10:00:00.25+02', 'UTC', '2024-07-01T08:00:00.25Z'],
    ['2024-07-01 10:00:00+05:30', 'UTC', '2024-07-01T04:30:00Z'],
    ['2024-07-01T10:00:00Z', 'Europe/Madrid', '2024-07-01T10:00:00Z'],
    ['0099-01-01 00:00:00', 'UTC', '0099-01-01T00:00:00Z'],
  ])('%s in %s → %s', (text, zone, iso) => {
    expect(toIsoInstant(text, zone)).toBe(iso);
  });

  it.each(['infinity', '2024-02-30 10:00:00', '2024-01-01 25:00:00', 'yesterday'])('leaves %s unread (null)', (text) => {
    expect(toIsoInstant(text, 'UTC')).toBeNull();
  });
});

describe('zone helpers', () => {
  it('offsets follow daylight saving', () => {
    expect(offsetAt(Date.UTC(2024, 0, 15), 'Europe/Madrid')).toBe(60);
    expect(offsetAt(Date.UTC(2024, 6, 15), 'Europe/Madrid')).toBe(120);
    expect(offsetAt(Date.UTC(2024, 6, 15), 'UTC')).toBe(0);
  });

  it.each([
    ['Europe/Madrid', Date.UTC(2024, 2, 31, 0, 0)], // spring forward at 01:00 UTC
    ['Europe/Madrid', Date.UTC(2024, 9, 27, 0, 0)], // fall back at 01:00 UTC
    ['Australia/Lord_Howe', Date.UTC(2024, 3, 6, 14, 0)], // a 30-minute shift
    ['America/St_Johns', Date.UTC(2024, 2, 10, 4, 0)],
  ])('the cached quarter-hour offsets equal the exact ones minute by minute across a transition (%s)', (zone, from) => {
    for (let t = from; t < from + 4 * 3_600_000; t += 60_000) {
      expect(offsetAt(t + 17_000, zone), new Date(t).toISOString()).toBe(exactOffsetAt(t + 17_000, zone));
    }
    // Read again, now from the cache.
    for (let t = from; t < from + 4 * 3_600_000; t += 60_000) expect(offsetAt(t, zone)).toBe(exactOffsetAt(t, zone));
  });

  it('parses timestamps with or without zone', () => {
    expect(parseTimestamp('2024-05-01 10:00:00.123456+01')).toEqual({ wallMs: Date.UTC(2024, 4, 1, 10), fraction: '123456', offsetMinutes: 60 });
    expect(parseTimestamp('2024-05-01')).toEqual({ wallMs: Date.UTC(2024, 4, 1), fraction: '', offsetMinutes: null });
  });

  it('shifts the text by whole seconds, keeping fraction and zone', () => {
    expect(shiftTimestampText('2024-05-01 00:04:00.000001-03', 300)).toBe('2024-04-30 23:59:00.000001-03');
    expect(shiftTimestampText('not a time', 300)).toBeNull();
  });
});
