import { describe, expect, it } from 'vitest';
import { heapNeededMB, rerunExecArgv, RERUN_SEMI_SPACE_MB } from './heap-for-records';

describe('heap a whole-CRM dedupe needs', () => {
  it.each([
    [0, 96],
    [100_000, 230],
    [853_296, 1236],
    [1_000_000, 1432],
  ])('%i records → %i MB', (records, mb) => {
    expect(heapNeededMB(records)).toBe(mb);
  });

  it('fits a 150k-record CRM in the CLI’s default 512 MB heap, not a million', () => {
    expect(heapNeededMB(150_000)).toBeLessThanOrEqual(512);
    expect(heapNeededMB(1_000_000)).toBeGreaterThan(512);
  });
});

describe('node flags of the re-run', () => {
  it('replaces the heap cap and the bin’s 2 MB semi-spaces, and keeps the other flags', () => {
    const argv = rerunExecArgv(['--max-old-space-size=512', '--max-semi-space-size=2', '--expose-gc', '--cpu-prof'], 1432);
    expect(argv).toEqual(['--expose-gc', '--cpu-prof', '--max-old-space-size=1432', `--max-semi-space-size=${RERUN_SEMI_SPACE_MB}`]);
    expect(RERUN_SEMI_SPACE_MB).toBeGreaterThan(2);
  });

  it('adds both to a process started without them', () => {
    expect(rerunExecArgv([], 230)).toEqual(['--max-old-space-size=230', `--max-semi-space-size=${RERUN_SEMI_SPACE_MB}`]);
  });
});
