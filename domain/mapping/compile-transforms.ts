import type { Transform } from './mapping-schema';

/** A compiled transform chain: text in, text out. */
export type TextTransform = (text: string) => string;

// Module-level regexes: compiled once, reused for every cell.
const WHITESPACE_RUN = /\s+/g;
const NON_DIGITS = /\D+/g;

const NAMED_TRANSFORMS: Record<Exclude<Transform, object>, TextTransform> = {
  trim: (text) => text.trim(),
  upper: (text) => text.toUpperCase(),
  lower: (text) => text.toLowerCase(),
  collapse_spaces: (text) => text.replace(WHITESPACE_RUN, ' ').trim(),
  remove_spaces: (text) => text.replace(WHITESPACE_RUN, ''),
  digits_only: (text) => text.replace(NON_DIGITS, ''),
};

/**
 * Builds the transform chain once per mapping (regular expressions included) so applying it to a
 * million cells allocates nothing but the resulting strings. Returns null when there is nothing
 * to do, letting the caller skip the call altogether.
 */
export function compileTransforms(transforms: readonly Transform[] | undefined): TextTransform | null {
  if (!transforms || transforms.length === 0) return null;
  const steps = transforms.map((transform): TextTransform => {
    if (typeof transform === 'string') return NAMED_TRANSFORMS[transform];
    const { pattern, with: replacement, flags = '' } = transform.replace;
    const regex = new RegExp(pattern, `g${flags}`);
    // String.prototype.replace resets lastIndex of a global regex, so sharing it is safe.
    return (text) => text.replace(regex, replacement);
  });
  if (steps.length === 1 && steps[0]) return steps[0];
  return (text) => {
    let result = text;
    for (const step of steps) result = step(result);
    return result;
  };
}
