/**
 * Yes/no cells in the languages of our sources. Unknown text is a failure, not false: a column
 * mapped as boolean that holds "pending" is a mapping mistake to surface.
 */
import { fail, type Failure } from './result';

export type BooleanResult = { ok: true; value: boolean } | Failure;

const TRUE_WORDS = [
  'true', 'yes', 'y', '1', 'x', 't', '✓', '✔', '☑', '✅',
  'sí', 'si', 's', 'verdadero', 'cierto', // es
  'cert', // ca (sí/no shared with es)
  'sì', 'vero', // it
  'tak', 'prawda', // pl
  'да', 'д', 'истина', // ru
  'ja', 'j', 'wahr', // de
  'oui', 'o', 'vrai', // fr
  'sim', 'verdade', // pt
];
const FALSE_WORDS = [
  'false', 'no', 'n', '0', 'f', '✗', '✘', '☐', '❌',
  'falso', 'fals', 'nie', 'fałsz', 'нет', 'н', 'ложь', 'nein', 'falsch', 'non', 'faux', 'não', 'nao',
];

// "Sí." / "Tak." typed as a sentence.
const TRAILING_DOT = /\.$/;

const WORDS: ReadonlyMap<string, boolean> = new Map([
  ...TRUE_WORDS.map((w) => [w, true] as const),
  ...FALSE_WORDS.map((w) => [w, false] as const),
]);

export function parseBoolean(raw: string | number | boolean): BooleanResult {
  if (typeof raw === 'boolean') return { ok: true, value: raw };
  if (typeof raw === 'number') {
    if (raw === 1) return { ok: true, value: true };
    if (raw === 0) return { ok: true, value: false };
    return fail(`not a boolean: ${raw}`);
  }
  const key = raw.trim().toLowerCase();
  if (key === '') return fail('empty');
  const value = WORDS.get(key) ?? WORDS.get(key.replace(TRAILING_DOT, ''));
  return value === undefined ? fail(`not a boolean: "${raw.trim()}"`) : { ok: true, value };
}
