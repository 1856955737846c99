/**
 * `fn`, with its calls run one at a time in the order they were made: each call starts once the
 * previous one has settled, and gets its own result or error. For work that shares one cursor or
 * one connection between lanes (a keyset page's bounds, a COPY into a transaction's table).
 * `idle()` settles once every call made so far has.
 */
export interface OneAtATime<A extends unknown[], R> {
  (...args: A): Promise<R>;
  idle(): Promise<void>;
}

export function oneAtATime<A extends unknown[], R>(fn: (...args: A) => Promise<R>): OneAtATime<A, R> {
  let turn: Promise<unknown> = Promise.resolve();
  const call = (...args: A): Promise<R> => {
    const mine = turn.then(() => fn(...args));
    turn = mine.catch(() => undefined); // the caller gets the error; the next call still runs
    return mine;
  };
  return Object.assign(call, { idle: () => turn.then(() => undefined) });
}
