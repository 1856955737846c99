/**
 * Seeded match profiles of Spanish companies drawn from small pools, for the tests of the candidate
 * search: blocks of every size, some over their rule's cap, the same on every run.
 */
import { randomUUID } from 'node:crypto';
import { accountMatchRecord, type MatchRecord } from '../../domain/matching';

/** A tiny seeded PRNG, so the data (and its block sizes) are the same on every run. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/** Accounts drawn from small pools: blocks of every size, some over their rule's cap. */
export function seededAccounts(n: number, seed: number): MatchRecord[] {
  const r = rng(seed);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(r() * xs.length)]!;
  const words = ['acme', 'iberica', 'levante', 'norte', 'solar', 'talleres', 'vidres', 'transportes', 'garcia', 'perez', 'lopez', 'martin', 'ruiz', 'sanz'];
  const cities = ['Madrid', 'Valencia', 'Girona', 'Sevilla', 'Bilbao', 'Vigo'];
  return Array.from({ length: n }, () => {
    const city = pick(cities);
    return accountMatchRecord(randomUUID(), {
      name: `${pick(words)} ${pick(words)}${r() < 0.3 ? ` ${pick(words)}` : ''} SL`,
      phone: r() < 0.7 ? `+3491${String(Math.floor(r() * 400)).padStart(7, '0')}` : null,
      email: r() < 0.3 ? `info@${pick(words)}${Math.floor(r() * 60)}.es` : null,
      street1: r() < 0.6 ? `Calle ${pick(words)} ${1 + Math.floor(r() * 20)}` : null,
      postcode: r() < 0.8 ? `${28000 + Math.floor(r() * 8)}` : null,
      city,
      country_code: 'ES',
    });
  });
}

