import { describe, expect, it } from 'vitest';
import { parseBoolean } from './boolean';

describe('parseBoolean', () => {
  it.each([
    ['yes', true], ['YES', true], ['y', true], ['true', true], ['TRUE', true], ['1', true], ['x', true], ['X', true],
    ['sí', true], ['Sí', true], ['si', true], ['s', true], ['S', true], ['sì', true], ['tak', true], ['Tak.', true],
    ['да', true], ['Да', true], ['ja', true], ['oui', true], ['✓', true], ['✔', true], ['vero', true], ['verdadero', true],
    ['no', false], ['No', false], ['n', false], ['false', false], ['0', false], ['nie', false], ['нет', false],
    ['nein', false], ['non', false], ['falso', false], ['fałsz', false], ['  N  ', false],
    [true, true], [false, false], [1, true], [0, false],
  ] as const)('%j → %s', (raw, value) => {
    expect(parseBoolean(raw)).toEqual({ ok: true, value });
  });

  it.each([
    ['', 'empty'],
    ['   ', 'empty'],
    ['maybe', 'not a boolean'],
    ['quizás', 'not a boolean'],
    ['2', 'not a boolean'],
    [2, 'not a boolean'],
    ['yes no', 'not a boolean'],
  ] as const)('%j fails (%s)', (raw, reason) => {
    const r = parseBoolean(raw);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toContain(reason);
  });
});
