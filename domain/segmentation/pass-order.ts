/**
 * The order of a segmentation pass's rules. A status rule writes an account field that other rules
 * may read: those must see tonight's value, so they wait for it. Every other pair of rules is
 * independent (each writes only its own memberships, metrics and run row), so rules run `lanes` at
 * a time on their own connections, keeping both cores busy (PostgreSQL runs a statement on one).
 *
 * `after` (from planPass: the indexes of the earlier status rules whose field a rule reads) lets a
 * rule start as soon as those are done: a status rule that no other rule reads runs beside the
 * others instead of alone before them. Among the rules ready to start, the one expected to take
 * longest goes first (`expectedMs`: its last run; unknown counts as longest), so that two lanes end
 * together rather than one waiting on a long rule started last. A plan without `after` (recorded by
 * a pass planned before it existed) keeps the old order: status rules one at a time first, then the
 * others.
 *
 * Pure and free of Node built-ins: the workflow and the benchmark both use it. `run` handles its
 * own failures (a failed rule is recorded and the pass goes on; the rules after it still run).
 */
export interface PassRule { kind: string; after?: readonly number[]; expectedMs?: number | null }

export async function runPassRules<T extends PassRule>(rules: readonly T[], lanes: number, run: (rule: T, index: number) => Promise<void>): Promise<void> {
  const width = (n: number) => Math.max(1, Math.min(Math.floor(lanes) || 1, n));
  if (rules.length && rules.every((r) => Array.isArray(r.after))) return runByDependencies(rules, width(rules.length), run);
  const indexed = rules.map((rule, index) => ({ rule, index }));
  for (const { rule, index } of indexed.filter((r) => r.rule.kind === 'status')) await run(rule, index);
  const rest = indexed.filter((r) => r.rule.kind !== 'status');
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < rest.length) {
      const { rule, index } = rest[next++]!;
      await run(rule, index);
    }
  };
  await Promise.all(Array.from({ length: width(rest.length) }, lane));
}

/** Each lane takes the ready rule (its `after` all done) expected to take longest, or waits for one to end. */
async function runByDependencies<T extends PassRule>(rules: readonly T[], lanes: number, run: (rule: T, index: number) => Promise<void>): Promise<void> {
  const started = new Set<number>();
  const done = new Set<number>();
  let wake: (() => void)[] = [];
  // Only earlier rules count as dependencies: the plan builds them so, and no cycle can then stall a lane.
  const expected = (r: T) => (typeof r.expectedMs === 'number' && Number.isFinite(r.expectedMs) ? r.expectedMs : Number.POSITIVE_INFINITY);
  const ready = () => {
    let best = -1;
    rules.forEach((r, i) => {
      if (started.has(i) || !r.after!.every((j) => !(j >= 0 && j < i) || done.has(j))) return;
      if (best < 0 || expected(r) > expected(rules[best]!)) best = i;
    });
    return best;
  };
  const lane = async (): Promise<void> => {
    while (started.size < rules.length) {
      const i = ready();
      if (i < 0) {
        // Everything left waits for a rule another lane is running.
        await new Promise<void>((resolve) => wake.push(resolve));
        continue;
      }
      started.add(i);
      try {
        await run(rules[i]!, i);
      } finally {
        done.add(i);
        const waiting = wake;
        wake = [];
        for (const w of waiting) w();
      }
    }
  };
  await Promise.all(Array.from({ length: lanes }, lane));
}
