/**
 * Exact decimal arithmetic on the amount strings of e-invoices (xs:decimal: "1234.50", "-2",
 * "+0.5"): sums of per-rate totals, negation of credit notes. bigint underneath, never a float.
 */

const DECIMAL = /^([+-])?(\d+)(?:\.(\d+))?$/;

export interface Decimal {
  /** The value times 10^scale. */
  units: bigint;
  scale: number;
}

/** Parse xs:decimal text; undefined when it is not one. */
export function parseDecimalText(text: string): Decimal | undefined {
  const m = DECIMAL.exec(text.trim());
  if (!m) return undefined;
  const [, sign, int = '0', frac = ''] = m;
  const units = BigInt(int + frac);
  return { units: sign === '-' ? -units : units, scale: frac.length };
}

function rescale(d: Decimal, scale: number): bigint {
  return d.units * 10n ** BigInt(scale - d.scale);
}

export function addDecimals(values: readonly Decimal[]): Decimal {
  const scale = Math.max(0, ...values.map((v) => v.scale));
  return { units: values.reduce((sum, v) => sum + rescale(v, scale), 0n), scale };
}

export function multiplyDecimals(a: Decimal, b: Decimal): Decimal {
  return { units: a.units * b.units, scale: a.scale + b.scale };
}

/** Rounded half away from zero to `scale` decimals (never adds decimals it does not need to drop). */
export function roundDecimal(d: Decimal, scale: number): Decimal {
  if (d.scale <= scale) return d;
  const div = 10n ** BigInt(d.scale - scale);
  const negative = d.units < 0n;
  const abs = negative ? -d.units : d.units;
  const q = abs / div + ((abs % div) * 2n >= div ? 1n : 0n);
  return { units: negative ? -q : q, scale };
}

export function negateDecimal(d: Decimal): Decimal {
  return { units: -d.units, scale: d.scale };
}

export function signOf(d: Decimal): -1 | 0 | 1 {
  return d.units < 0n ? -1 : d.units > 0n ? 1 : 0;
}

/**
 * Machine text: '-' for negatives, '.' as decimal point, no grouping, the scale as written —
 * except that exactly three decimals get a fourth zero ("1.500" → "1.5000"). Under a locale
 * profile that groups thousands with '.', "1.500" is one thousand five hundred; no profile reads
 * a group of four digits as thousands, so the value means the same whatever profile validates it.
 */
export function formatDecimal(d: Decimal): string {
  const scale = d.scale === 3 ? 4 : d.scale;
  const units = rescale(d, scale);
  const negative = units < 0n;
  const digits = (negative ? -units : units).toString().padStart(scale + 1, '0');
  const int = digits.slice(0, digits.length - scale);
  const frac = digits.slice(digits.length - scale);
  return `${negative ? '-' : ''}${int}${scale > 0 ? `.${frac}` : ''}`;
}

/** A rate as "22.00": two decimals at least, more when the document has them. */
export function formatRate(d: Decimal): string {
  const scale = Math.max(2, d.scale === 3 ? 4 : d.scale);
  return formatDecimal({ units: rescale(d, scale), scale });
}
