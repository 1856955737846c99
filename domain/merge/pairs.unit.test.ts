import { describe, expect, it } from 'vitest';
import { chooseSurvivor, orderedPair } from './pairs';

describe('orderedPair', () => {
  it.each([
    ['b0000000-0000-0000-0000-000000000000', 'a0000000-0000-0000-0000-000000000000', ['a0000000-0000-0000-0000-000000000000', 'b0000000-0000-0000-0000-000000000000']],
    ['A0000000-0000-0000-0000-000000000001', 'a0000000-0000-0000-0000-000000000000', ['a0000000-0000-0000-0000-000000000000', 'a0000000-0000-0000-0000-000000000001']],
  ])('orders %s and %s', (x, y, expected) => expect(orderedPair(x, y)).toEqual(expected));
  it('refuses a record paired with itself', () => expect(() => orderedPair('a', 'a')).toThrow());
});

describe('chooseSurvivor', () => {
  it.each([
    { name: 'the oldest record', records: [{ id: 'b', createdAt: '2026-01-01T00:00:00Z' }, { id: 'c', createdAt: '2025-01-01T00:00:00Z' }], expected: 'c' },
    { name: 'same instant: the smallest id', records: [{ id: 'b', createdAt: '2026-01-01T00:00:00Z' }, { id: 'a', createdAt: new Date('2026-01-01T00:00:00Z') }], expected: 'a' },
  ])('$name', ({ records, expected }) => expect(chooseSurvivor(records)).toBe(expected));
  it('refuses an empty list', () => expect(() => chooseSurvivor([])).toThrow());
});
