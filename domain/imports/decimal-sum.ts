/**
 * Exact decimal arithmetic for column sums: a value is an integer count of 10^-scale units, so
 * 0.1 + 0.2 is exactly 0.3 and a total of 1M amounts drifts by nothing. Values come from
 * normalize's parseDecimal (canonical "-1234.56") or a plain "1234,56" read directly, never from
 * float arithmetic. Sums stay JS integers while they are safe (the common case, and ~10× cheaper
 * than bigint) and become bigints beyond 2^53.
 */
export interface Decimal {
  units: bigint;
  scale: number;
}

export const ZERO: Decimal = { units: 0n, scale: 0 };

const CANONICAL = /^(-)?(\d+)(?:\.(\d+))?$/;

/** A canonical decimal string ("-1234.56") as units and scale; null when not canonical. */
export function decimalOf(canonical: string): Decimal | null {
  const m = CANONICAL.exec(canonical);
  if (!m) return null;
  const [, minus, int = '0', frac = ''] = m;
  const units = BigInt(int + frac);
  return { units: minus ? -units : units, scale: frac.length };
}

function rescale(value: Decimal, scale: number): bigint {
  return scale === value.scale ? value.units : value.units * 10n ** BigInt(scale - value.scale);
}

/** A running sum; `add` takes units at a scale (a JS integer when it is safe, else a bigint). */
export class ExactSum {
  private scale = 0;
  private small = 0;
  private big: bigint | null = null;

  add(units: number | bigint, scale: number): void {
    if (scale > this.scale) {
      if (this.big !== null) this.big *= 10n ** BigInt(scale - this.scale);
      else this.small = this.safeOrPromote(this.small * 10 ** (scale - this.scale), this.small, scale - this.scale);
      this.scale = scale;
    }
    const factor = this.scale - scale;
    if (this.big === null && typeof units === 'number') {
      const value = units * 10 ** factor;
      const next = this.small + value;
      if (Number.isSafeInteger(value) && Number.isSafeInteger(next)) {
        this.small = next;
        return;
      }
      this.big = BigInt(this.small);
    }
    this.big = (this.big ?? BigInt(this.small)) + BigInt(units) * 10n ** BigInt(factor);
  }

  value(): Decimal {
    return { units: this.big ?? BigInt(this.small), scale: this.scale };
  }

  private safeOrPromote(scaled: number, original: number, by: number): number {
    if (Number.isSafeInteger(scaled)) return scaled;
    this.big = BigInt(original) * 10n ** BigInt(by);
    return 0;
  }
}

/**
 * `shown` is `sum` as a report would print it: equal, or `sum` rounded to the decimals `shown`
 * has (|shown − sum| ≤ half a unit of its last digit: 20.8 shown as "21", 100.005 as "100.01" or
 * "100.00"). A float cell (XLSX) may also be `sum` within 1e-9 relative: Excel's SUM adds doubles.
 */
export function showsSum(shown: Decimal, sum: Decimal, float: boolean): boolean {
  const scale = Math.max(shown.scale, sum.scale);
  const diff = rescale(shown, scale) - rescale(sum, scale);
  const distance = diff < 0n ? -diff : diff;
  if (distance === 0n || 2n * distance <= 10n ** BigInt(scale - shown.scale)) return true;
  if (!float) return false;
  const magnitude = Math.max(1, Math.abs(Number(sum.units) / 10 ** sum.scale));
  return Number(distance) / 10 ** scale <= 1e-9 * magnitude;
}
