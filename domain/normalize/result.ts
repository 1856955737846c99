/**
 * Every normalizer returns data, never throws on bad input: an invalid cell is an expected
 * outcome of an import (it is reported per row), not a programming error.
 */
export interface Failure {
  ok: false;
  reason: string;
}

export function fail(reason: string): Failure {
  return { ok: false, reason };
}
