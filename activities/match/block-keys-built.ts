/**
 * `match_block_keys` is UNLOGGED (migration 026): a crash empties it, and its marker row in
 * `match_block_keys_built` with it. Its readers call `ensureBlockKeys` first; when the marker is
 * gone, the table is rebuilt from the profiles (the rows migration 025 defines), so a candidate
 * search never reads keys a crash lost.
 *
 * The triggers keep writing into the emptied table after a crash (a profile marked matched adds its
 * keys), so "empty" would not tell a lost table from a fresh one: only the marker does. The rebuild
 * deletes whatever is there and writes every profile's rows while match_profiles is locked against
 * writers (SHARE ROW EXCLUSIVE: readers go on; writers, whose triggers would race the rebuild,
 * wait; and so does a second rebuilder, which then finds the marker back and does nothing).
 */
import type { Knex } from 'knex';
import { BLOCK_KEY_COLUMNS, contributions as blockKeyRows } from '../../migrations/030_block_keys_by_hash';
import { vacuumAnalyze } from '../pipeline/fresh-statistics';

const builtSql = 'SELECT EXISTS (SELECT FROM match_block_keys_built) AS built';

/** Rebuilds `match_block_keys` if a crash emptied it; returns whether it did. One index probe otherwise. */
export async function ensureBlockKeys(db: Knex): Promise<boolean> {
  const { rows: [state] } = await db.raw<{ rows: { built: boolean }[] }>(builtSql);
  if (state?.built) return false;
  const rebuilt = await db.transaction(async (trx) => {
    await trx.raw('LOCK TABLE match_profiles IN SHARE ROW EXCLUSIVE MODE');
    const { rows: [again] } = await trx.raw<{ rows: { built: boolean }[] }>(builtSql);
    if (again?.built) return false; // another worker rebuilt it while this one waited for the lock
    await trx.raw('DELETE FROM match_block_keys');
    // In the primary key's order (the key's hash first: migration 030), so the inserts walk its leaves once.
    await trx.raw(`INSERT INTO match_block_keys ${BLOCK_KEY_COLUMNS} ${blockKeyRows('p', 'match_profiles')} ORDER BY 4, 3`);
    await trx.raw('INSERT INTO match_block_keys_built DEFAULT VALUES');
    return true;
  });
  // Its probes should be index-only from the start (match-profiles.ts vacuumBlockKeys).
  if (rebuilt) await vacuumAnalyze(db, 'match_block_keys');
  return rebuilt;
}
