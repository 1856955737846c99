import { describe, expect, it } from 'vitest';
import { commandCpuSeconds, cpuBudget, cpuSince, formatCpuBudget, parseProcStat } from './cpu-budget';

describe('commandCpuSeconds', () => {
  it('adds up the user and system CPU of every crmhub process that printed its usage (the bin and its re-run)', () => {
    const stderr = [
      'crmhub: 853296 records may need up to 1236 MB of heap (this process has 518 MB): re-running with --max-old-space-size=1236',
      'CRMHUB_RESOURCE_USAGE {"userCPUTime":105523277,"systemCPUTime":6862999,"maxRSS":1405108}',
      'CRMHUB_RESOURCE_USAGE {"userCPUTime":1605394,"systemCPUTime":125095,"maxRSS":129296}',
    ].join('\n');
    expect(commandCpuSeconds(stderr)).toBeCloseTo(114.116765, 6);
  });

  it('is zero when no process printed one', () => {
    expect(commandCpuSeconds('some warning\n')).toBe(0);
  });
});

describe('parseProcStat', () => {
  it('reads the parent and the CPU ticks after the command name, even one with spaces and parentheses', () => {
    // proc(5): pid (comm) state ppid pgrp session tty_nr tpgid flags minflt cminflt majflt cmajflt utime stime cutime cstime …
    const line = '2281 (postgres: a) b) S 2279 2279 2279 0 -1 4194368 1000 0 0 0 150 30 7 3 20 0 1 0 123 456789 100\n';
    expect(parseProcStat(line)).toEqual({ comm: 'postgres: a) b', ppid: 2279, ownTicks: 180, reapedTicks: 10 });
  });
});

describe('cpuBudget', () => {
  it('gives the cores busy and the idle core-seconds over the wall time', () => {
    const b = cpuBudget(149, 124, 102, 2);
    expect(b.busyCores).toBeCloseTo(226 / 149, 9);
    expect(b.idleCoreSeconds).toBe(72);
    expect(formatCpuBudget(b)).toBe('crmhub 124.0 + PostgreSQL 102.0 core-s: 1.52 of 2 cores busy, 72.0 core-s idle');
  });

  it('says so when PostgreSQL is not on this machine', () => {
    const b = cpuBudget(10, 9.5, null, 2);
    expect(b.busyCores).toBeNull();
    expect(b.idleCoreSeconds).toBeNull();
    expect(formatCpuBudget(b)).toBe('crmhub 9.5 core-s (PostgreSQL not on this machine)');
  });

  it('never gives negative idle time (other processes, or rounding of the usage figures)', () => {
    expect(cpuBudget(1, 1.5, 0.6, 2).idleCoreSeconds).toBe(0);
  });
});

describe('cpuSince', () => {
  it('gives what a meter counted between its two readings, or null when a reading was null', () => {
    const readings = [10.5, 14.25];
    expect(cpuSince(() => readings.shift()!)()).toBe(3.75);
    const remote = [null, 14.25];
    expect(cpuSince(() => remote.shift()!)()).toBeNull();
  });
});
