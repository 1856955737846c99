import { describe, expect, it } from 'vitest';
import { cursorFor, runStartCursor } from './cursor';

describe('cursors', () => {
  it('starts an incremental run look-back seconds before the stored cursor, inclusive, keeping fraction and zone', () => {
    expect(runStartCursor('incremental', { mode: 'incremental', updatedAt: '2024-05-01 10:00:00.123456', externalId: '42' }, 300))
      .toEqual({ mode: 'incremental', updatedAt: '2024-05-01 09:55:00.123456', externalId: null });
    expect(runStartCursor('incremental', { mode: 'incremental', updatedAt: '2024-01-01 00:02:00.5+00', externalId: 'x' }, 300))
      .toEqual({ mode: 'incremental', updatedAt: '2023-12-31 23:57:00.5+00', externalId: null });
    expect(runStartCursor('incremental', { mode: 'incremental', updatedAt: '2024-03-01', externalId: '1' }, 60))
      .toEqual({ mode: 'incremental', updatedAt: '2024-02-29 23:59:00', externalId: null });
  });

  it('with no look-back, continues after the stored position', () => {
    const stored = { mode: 'incremental', updatedAt: '2024-05-01 10:00:00', externalId: '42' } as const;
    expect(runStartCursor('incremental', stored, 0)).toEqual(stored);
  });

  it('reads snapshot and full streams whole every run, and starts over when the stored cursor is of another mode or unreadable', () => {
    expect(runStartCursor('snapshot', { mode: 'snapshot', externalId: '9' }, 300)).toBeNull();
    expect(runStartCursor('full', null, 300)).toBeNull();
    expect(runStartCursor('incremental', { mode: 'full', externalId: '9' }, 300)).toBeNull();
    expect(runStartCursor('incremental', { updatedAt: 5 }, 300)).toBeNull();
    expect(runStartCursor('incremental', undefined, 300)).toBeNull();
  });

  it('refuses a page cursor of the wrong mode, naming the stream', () => {
    expect(cursorFor('full', null, 'orders')).toBeNull();
    expect(cursorFor('snapshot', { mode: 'snapshot', externalId: 'a' }, 'receivables')).toEqual({ mode: 'snapshot', externalId: 'a' });
    expect(() => cursorFor('incremental', { mode: 'snapshot', externalId: 'a' }, 'invoices')).toThrow(/^stream invoices: cursor .* is not a incremental cursor/);
  });
});
