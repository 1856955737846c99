/**
 * The floors (write-floor.ts, reader-floor.ts) set against the targets they bound. A floor is a
 * part of a case's work, timed alone; the case's ratio to its baseline B can never be above the
 * floor's. So a floor whose ratio is below a target's rules the target out on this machine, and one
 * above it leaves the rest of the case the difference in time.
 */

export interface Floor {
  /** What was timed ("accounts + source_records \copy'd, all at once"). */
  what: string;
  rows: number;
  seconds: number;
  /** The target it bounds, as a share of B's rate (0.10 for "≥ 10% of \copy"), and its name. */
  target?: { name: string; ratio: number };
}

export interface FloorVerdict { ratio: number; allowsSeconds: number | null; inReach: boolean | null; text: string }

const pct = (x: number) => `${(x * 100).toFixed(x < 0.01 ? 2 : 1)}%`;

/** A floor's ratio to B and what it says of its target. */
export function floorVerdict(floor: Floor, baselineRowsPerSec: number): FloorVerdict {
  const ratio = floor.rows / floor.seconds / baselineRowsPerSec;
  if (!floor.target) return { ratio, allowsSeconds: null, inReach: null, text: '–' };
  // The whole case may take this long at the target's ratio.
  const allowsSeconds = floor.rows / (floor.target.ratio * baselineRowsPerSec);
  const inReach = ratio >= floor.target.ratio;
  const text = inReach
    ? `${floor.target.name}: allows ${allowsSeconds.toFixed(1)} s, this floor leaves ${(allowsSeconds - floor.seconds).toFixed(1)} s for the rest`
    : `${floor.target.name}: out of reach (allows ${allowsSeconds.toFixed(1)} s, this alone takes ${floor.seconds.toFixed(1)} s)`;
  return { ratio, allowsSeconds, inReach, text };
}

/** A markdown table of the floors, each against B (`baseline` names it in the header). */
export function floorTable(baseline: string, baselineRowsPerSec: number, floors: readonly Floor[]): string[] {
  return [
    `| floor (the least work of a case, timed alone) | rows | s | rows/s | vs ${baseline} | the target it bounds |`,
    '|---|---|---|---|---|---|',
    ...floors.map((f) => {
      const v = floorVerdict(f, baselineRowsPerSec);
      return `| ${f.what} | ${f.rows} | ${f.seconds.toFixed(2)} | ${Math.round(f.rows / f.seconds)} | ${pct(v.ratio)} | ${v.text} |`;
    }),
  ];
}
