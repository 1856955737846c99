/**
 * A heartbeat on a timer for activities with no natural progress point (digesting a file,
 * finalizing a run, settling a snapshot, replaying waiting facts). With a heartbeat timeout, a
 * worker that dies while running one costs that timeout, not the start-to-close timeout: the
 * rehearsal lost 9 minutes to a `finishSyncStream` whose worker was SIGKILLed. The heartbeat
 * carries no details, so use it only for activities that resume from the database, not from
 * heartbeat details. Outside an activity (a test calling the function directly) it does nothing.
 */
import { Context } from '@temporalio/activity';

export const ALIVE_INTERVAL_MS = 5_000;

export function alive<A extends unknown[], R>(fn: (...args: A) => Promise<R>): (...args: A) => Promise<R> {
  return async (...args: A) => {
    let ctx: Context | null = null;
    try {
      ctx = Context.current();
    } catch {
      ctx = null; // not running as an activity
    }
    if (!ctx) return fn(...args);
    const current = ctx;
    current.heartbeat();
    const timer = setInterval(() => current.heartbeat(), ALIVE_INTERVAL_MS);
    try {
      return await fn(...args);
    } finally {
      clearInterval(timer);
    }
  };
}
