import { MockActivityEnvironment } from '@temporalio/testing';
import { describe, expect, it } from 'vitest';
import { alive } from './alive';

describe('alive', () => {
  it('runs the function as is outside an activity', async () => {
    await expect(alive(async (x: number) => x * 2)(21)).resolves.toBe(42);
  });

  it('heartbeats while the activity runs and stops when it ends, errors included', async () => {
    const env = new MockActivityEnvironment();
    let beats = 0;
    env.on('heartbeat', () => beats++);
    await expect(env.run(alive(async () => 'done'))).resolves.toBe('done');
    expect(beats).toBeGreaterThanOrEqual(1);
    const after = beats;
    await expect(env.run(alive(async () => { throw new Error('boom'); }))).rejects.toThrow('boom');
    expect(beats).toBe(after + 1);
    await new Promise((r) => setTimeout(r, 50));
    expect(beats).toBe(after + 1); // no timer left behind
  });
});
