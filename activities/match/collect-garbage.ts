/**
 * A full garbage collection at a match stage's seams, where the step before left its whole working
 * set behind as garbage: a chunk's candidates and pairs once its plan is made, the chunk's merges
 * once it committed. V8 collects the old generation only when it has grown to about twice what
 * survived the last collection, so the next step's allocations pile on top of the previous step's
 * garbage, and that pile was the import's peak RSS. Only when the process exposes `gc` (the crmhub
 * bin starts node with --expose-gc); elsewhere (tests, embedders) this does nothing.
 */
export function collectGarbage(): void {
  (globalThis as { gc?: () => void }).gc?.();
}
