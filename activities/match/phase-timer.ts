/** Milliseconds per phase of a matching pass, for its summary (`ms`): `lap('read')` closes a phase. */
export function phaseTimer(): { ms: Record<string, number>; lap: (phase: string) => void } {
  return phaseTimerFrom({});
}

/** A timer that goes on filling `ms` (phases timed by an earlier step), starting now. */
export function phaseTimerFrom(ms: Record<string, number>): { ms: Record<string, number>; lap: (phase: string) => void } {
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
