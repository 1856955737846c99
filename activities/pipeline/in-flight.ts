/**
 * `task` over `items`, at most `lanes` of them in flight at once; the results in the items' order.
 *
 * For a stage's independent statements on the connection pool: PostgreSQL runs a statement on one
 * core, so one statement at a time leaves the machine's other core idle while Node waits.
 * After a failure no further item starts, and the call rejects with the first error once the
 * tasks in flight have settled (nothing is left running on a connection behind the caller's back).
 */
export async function inFlight<T, R>(items: readonly T[], lanes: number, task: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  let failed = false;
  const lane = async () => {
    while (!failed && next < items.length) {
      const i = next++;
      try {
        results[i] = await task(items[i]!, i);
      } catch (err) {
        failed = true;
        throw err;
      }
    }
  };
  const settled = await Promise.allSettled(Array.from({ length: Math.max(1, Math.min(Math.trunc(lanes), items.length)) }, lane));
  const failure = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
  if (failure) throw failure.reason;
  return results;
}
