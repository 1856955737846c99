/**
 * The recent block keys (migration 030): a large match stage sends each chunk's new keys to the
 * small `match_recent_block_keys`, whose index stays in shared buffers, and folds them into
 * `match_block_keys` once they fill half of them: one sorted insert touches each leaf of the big
 * index once, where a hundred chunk-sized ones touched most of its leaves each.
 */
import type { Knex } from 'knex';
import { RECENT_KEYS_SETTING } from '../../migrations/030_recent_block_keys';

/**
 * Sends the block keys the transaction's next writes add to the recent table (`on`), or back to
 * `match_block_keys`. Local to the transaction: its end resets it.
 */
export async function keysIntoRecent(trx: Knex.Transaction, on: boolean): Promise<void> {
  await trx.raw('SELECT set_config(?, ?, true)', [RECENT_KEYS_SETTING, on ? 'recent' : '']);
}

/**
 * Whether the recent keys' index has grown to half the shared buffers: past that, its inserts start
 * to read and write pages from outside them, as the big index's did.
 */
export async function recentKeysDueForFold(db: Knex): Promise<boolean> {
  const { rows: [r] } = await db.raw<{ rows: { due: boolean }[] }>(
    `SELECT pg_relation_size('match_recent_block_keys_pkey') >=
            (SELECT setting::bigint * pg_size_bytes(unit) / 2 FROM pg_settings WHERE name = 'shared_buffers') AS due`,
  );
  return !!r?.due;
}

/**
 * Moves every recent key into `match_block_keys`, in its primary key's order, and empties the recent
 * table; returns how many it moved. The profiles' writers are locked out meanwhile (SHARE ROW
 * EXCLUSIVE: readers go on): a trigger deleting a key while it moves would miss it in both tables.
 */
export async function foldRecentBlockKeys(db: Knex): Promise<number> {
  const { rows: [r] } = await db.raw<{ rows: { any: boolean }[] }>('SELECT EXISTS (SELECT FROM match_recent_block_keys) AS any');
  if (!r?.any) return 0;
  return db.transaction(async (trx) => {
    await trx.raw('LOCK TABLE match_profiles IN SHARE ROW EXCLUSIVE MODE');
    const moved = await trx.raw(
      `INSERT INTO match_block_keys (entity_type, key, record_id)
       SELECT entity_type, key, record_id FROM match_recent_block_keys ORDER BY 2, 1, 3 ON CONFLICT DO NOTHING`,
    );
    // TRUNCATE, not DELETE: the next chunks' inserts start again in a small index.
    await trx.raw('TRUNCATE match_recent_block_keys');
    return moved.rowCount ?? 0;
  });
}
