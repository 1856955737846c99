/** Milliseconds per phase of a matching pass, for its summary (`ms`): `lap('read')` closes a phase. */
export function phaseTimer(): { ms: Record<string, number>; lap: (phase: string) => void } {
  const ms: Record<string, number> = {};
  let t = performance.now();
  return {
    ms,
    lap(phase) {
      const now = performance.now();
      ms[phase] = Math.round(now - t);
      t = now;
    },
  };
}
