/**
 * `match_profiles.profile` is `json`, no longer `jsonb`: a profile is written whole by Node (an
 * import's profile sync, a dedupe's COPY) and read back whole by Node (the candidate search), and
 * nothing in SQL looks inside it (the block keys are their own column).
 *
 * As jsonb, the server parsed every profile written into its binary form and printed every profile
 * read back to text again, for a driver that parses both types alike. A first import's match stage
 * writes a million profiles and reads about 2.8M candidates' back (docs/performance.md).
 * https://www.postgresql.org/docs/15/datatype-json.html
 */
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.raw('ALTER TABLE match_profiles ALTER COLUMN profile TYPE json USING profile::json');
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('ALTER TABLE match_profiles ALTER COLUMN profile TYPE jsonb USING profile::jsonb');
}
