/**
 * A fresh copy of a template database for one try of a profiling harness (bench/*-direct.ts), so
 * that tries of two versions of the code start from the same data and can be alternated.
 */
import { Client } from 'pg';

export const ADMIN_URL = process.env.BENCH_ADMIN_URL || 'postgres://postgres@127.0.0.1:5432/postgres';

/** The URL of another database on the admin URL's server. */
export const databaseUrl = (name: string): string => ADMIN_URL.replace(/\/[^/]*$/, `/${name}`);

export async function cloneTemplate(template: string, copy: string): Promise<void> {
  const admin = new Client({ connectionString: ADMIN_URL });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${copy} WITH (FORCE)`);
    // FILE_COPY, then a checkpoint: PostgreSQL 15's default (WAL_LOG) writes the whole copy to the
    // WAL, and the checkpoints that followed ran in the middle of the try (seconds of noise).
    await admin.query(`CREATE DATABASE ${copy} TEMPLATE ${template} STRATEGY = FILE_COPY`);
    await admin.query('CHECKPOINT');
  } finally {
    await admin.end();
  }
}

export async function dropDatabase(name: string): Promise<void> {
  const admin = new Client({ connectionString: ADMIN_URL });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).finally(() => admin.end());
}
