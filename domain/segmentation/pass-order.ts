/**
 * The order of a segmentation pass's rules: status rules one at a time first (the account fields
 * they write are inputs of the other rules, which must see tonight's values), then the other rules
 * `lanes` at a time. Those are independent: each writes only its own memberships, metrics and run
 * row, so two of them on two connections keep both cores busy (PostgreSQL runs each statement on
 * one core). Pure and free of Node built-ins: the workflow and the benchmark both use it.
 * `run` handles its own failures (a failed rule is recorded and the pass goes on).
 */
export interface PassRule { kind: string }

export async function runPassRules<T extends PassRule>(rules: readonly T[], lanes: number, run: (rule: T, index: number) => Promise<void>): Promise<void> {
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
  const width = Math.max(1, Math.min(Math.floor(lanes) || 1, rest.length));
  await Promise.all(Array.from({ length: width }, lane));
}
