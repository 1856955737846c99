/**
 * Contacts get a postal address, a birth date and a personal id number: CRMs keep them for
 * mailings and they are the strongest signals when matching people across sources (issue 4).
 * The personal id is compact and upper-case (spaces, dots and dashes removed).
 */
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('contacts', (t) => {
    t.text('street1');
    t.text('street2');
    t.text('postcode');
    t.text('city');
    t.text('region');
    t.date('birth_date');
    t.text('national_id');
  });
  await knex.raw('CREATE INDEX contacts_national_id_idx ON contacts (national_id) WHERE national_id IS NOT NULL AND deleted_at IS NULL');
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('contacts', (t) => {
    t.dropColumns('street1', 'street2', 'postcode', 'city', 'region', 'birth_date', 'national_id');
  });
}
