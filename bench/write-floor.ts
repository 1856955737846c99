/**
 * The floor under a case's writes: the rows crmhub wrote, loaded again by `psql \copy` into the
 * CRM's empty tables, with everything those tables keep (their indexes, foreign keys, triggers and
 * WAL, on the server's settings). No Node, no parsing, no resolution, no matching: whatever an
 * import or a sync does besides, it writes at least these rows into these tables, so no version of
 * crmhub can be faster than this on the same machine. Read as a ratio to the case's own baseline
 * (the bench's B, measured in the same run), a floor below a target's ratio rules the target out
 * here; a floor above it says how much room the target leaves for everything else.
 *
 * Measured twice: one COPY at a time, table after table, and all at once (each table's rows split
 * in two files, every file on its own connection), which is what the two cores allow at best.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { psql, resetCrm, run } from './bench-process';
import { ensureDatabase } from '../db/ensure-database';

export interface WriteFloorInput {
  /** The database holding the case's output. */
  from: string;
  /** A scratch database: rebuilt empty from the migrations, then loaded (twice). */
  to: string;
  /** Where the rows wait as COPY files (emptied first, removed after). */
  dir: string;
  /** Tables loaded before the timing, untimed: what the timed rows refer to (source systems, runs). */
  untimed: readonly string[];
  /** The timed tables, in groups: a group's tables refer only to earlier groups' (foreign keys). */
  timed: readonly (readonly string[])[];
  /** Leave the second load in `to` (a test compares it with `from`); by default `to` is emptied. */
  keep?: boolean;
}

export interface WriteFloor {
  /** Rows per timed table. */
  rows: Record<string, number>;
  /** Seconds, one COPY at a time: every timed table, one after the other. */
  oneConnection: number;
  /** Seconds, each group's tables at once, each table in two parts on two connections. */
  allAtOnce: number;
}

const PARTS = 2;

/** psql quotes a \copy file name in single quotes: one inside would end it. */
function copyFile(file: string): string {
  if (file.includes("'")) throw new Error(`a COPY file name cannot hold a quote: ${file}`);
  return `'${file}'`;
}

async function copyIn(url: string, table: string, file: string): Promise<void> {
  await run('psql', [url, '-v', 'ON_ERROR_STOP=1', '-qc', `\\copy ${table} FROM ${copyFile(file)}`], process.env);
}

/**
 * A COPY text file cut into `parts` files at line ends: in COPY's text format a row is one line
 * (a newline inside a value is written as \n), so each part holds whole rows.
 */
export function splitCopyFile(file: string, parts: number): string[] {
  const prefix = `${basename(file)}.part`;
  execFileSync('split', ['-n', `l/${parts}`, '-d', file, join(dirname(file), prefix)]);
  return readdirSync(dirname(file)).filter((f) => f.startsWith(prefix)).sort().map((f) => join(dirname(file), f));
}

export async function measureWriteFloor(o: WriteFloorInput): Promise<WriteFloor> {
  rmSync(o.dir, { recursive: true, force: true });
  mkdirSync(o.dir, { recursive: true });
  const fileOf = (table: string) => join(o.dir, `${table}.copy`);
  const timedTables = o.timed.flat();
  for (const table of [...o.untimed, ...timedTables]) psql(o.from, `\\copy ${table} TO ${copyFile(fileOf(table))}`);
  const rows = Object.fromEntries(timedTables.map((t) => [t, Number(psql(o.from, `SELECT count(*) FROM ${t}`).trim())]));
  const parts = Object.fromEntries(timedTables.map((t) => [t, splitCopyFile(fileOf(t), PARTS)]));

  await ensureDatabase(o.to);
  await resetCrm(o.to);
  for (const table of o.untimed) psql(o.to, `\\copy ${table} FROM ${copyFile(fileOf(table))}`);
  // CASCADE: the tables that refer to these are empty in a fresh CRM.
  const empty = () => psql(o.to, `SET client_min_messages = warning; TRUNCATE ${timedTables.join(', ')} CASCADE; CHECKPOINT`);

  // The rows the floor loads are the rows the case wrote: a load that lost some measures nothing.
  const check = () => {
    for (const t of timedTables) {
      const n = Number(psql(o.to, `SELECT count(*) FROM ${t}`).trim());
      if (n !== rows[t]) throw new Error(`the floor loaded ${n} rows into ${t}, the case wrote ${rows[t]}`);
    }
  };

  empty();
  let t0 = performance.now();
  for (const table of timedTables) await copyIn(o.to, table, fileOf(table));
  const oneConnection = (performance.now() - t0) / 1000;
  check();

  empty();
  t0 = performance.now();
  for (const group of o.timed) await Promise.all(group.flatMap((table) => parts[table]!.map((file) => copyIn(o.to, table, file))));
  const allAtOnce = (performance.now() - t0) / 1000;
  check();

  // The scratch CRM and the files would keep gigabytes at 1M rows.
  if (!o.keep) empty();
  rmSync(o.dir, { recursive: true, force: true });
  return { rows, oneConnection, allAtOnce };
}
