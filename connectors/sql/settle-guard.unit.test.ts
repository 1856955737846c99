import { describe, expect, it } from 'vitest';
import { settleGuard } from './settle-guard';

describe('settleGuard', () => {
  it.each([
    [0, 0, 0.5, true],
    [10, 0, 0, true],
    [10, 5, 0.5, true], // exactly the share: allowed
    [10, 6, 0.5, false],
    [1, 1, 0.5, false], // one open row, paid: more than half (raise maxSettleShare for that run)
    [1, 1, 1, true],
    [1000, 1, 0, false],
    [3, 1, 0.34, true],
  ])('openBefore %i, missing %i, maxShare %f → ok %s', (openBefore, missing, maxShare, ok) => {
    expect(settleGuard({ openBefore, missing, maxShare }).ok).toBe(ok);
  });

  it('says why, with the counts and the share, naming the stream', () => {
    expect(settleGuard({ openBefore: 200, missing: 150, maxShare: 0.5, stream: 'receivables' })).toEqual({
      ok: false,
      refuse: 'stream receivables: refusing to settle 150 of 200 open rows (75%, more than maxSettleShare 50%): the snapshot looks truncated or its query broken; nothing was written. If so many really were paid, raise maxSettleShare for one run.',
    });
  });

  it('rejects impossible inputs instead of guessing', () => {
    expect(() => settleGuard({ openBefore: 5, missing: 6, maxShare: 0.5 })).toThrow(RangeError);
    expect(() => settleGuard({ openBefore: 5, missing: 1, maxShare: 2 })).toThrow(RangeError);
    expect(() => settleGuard({ openBefore: 5.5, missing: 1, maxShare: 0.5 })).toThrow(RangeError);
  });
});
