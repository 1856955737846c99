/**
 * The brake on snapshot streams: an open receivable missing from this run's snapshot becomes
 * settled, so a truncated export or a broken WHERE would settle everything. A run that would
 * settle more than `maxShare` of the open rows is refused before anything is written.
 */
export type SettleVerdict = { ok: true } | { ok: false; refuse: string };

export interface SettleGuardInput {
  /** Rows open in the CRM before the run. */
  openBefore: number;
  /** Of those, how many the snapshot no longer lists (they would be settled). */
  missing: number;
  /** Largest share of `openBefore` a run may settle, 0–1 (stream option maxSettleShare, default 0.5). */
  maxShare: number;
  /** Named in the message. */
  stream?: string;
}

export function settleGuard({ openBefore, missing, maxShare, stream }: SettleGuardInput): SettleVerdict {
  if (!Number.isInteger(openBefore) || !Number.isInteger(missing) || openBefore < 0 || missing < 0 || missing > openBefore) {
    throw new RangeError(`settleGuard: need 0 <= missing (${missing}) <= openBefore (${openBefore}), integers`);
  }
  if (!(maxShare >= 0 && maxShare <= 1)) throw new RangeError(`settleGuard: maxShare ${maxShare} is not between 0 and 1`);
  if (missing === 0 || missing <= openBefore * maxShare) return { ok: true };
  const pct = (n: number) => `${Math.round(n * 1000) / 10}%`;
  return {
    ok: false,
    refuse: `${stream ? `stream ${stream}: ` : ''}refusing to settle ${missing} of ${openBefore} open rows (${pct(missing / openBefore)}, more than maxSettleShare ${pct(maxShare)}): ` +
      'the snapshot looks truncated or its query broken; nothing was written. If so many really were paid, raise maxSettleShare for one run.',
  };
}
