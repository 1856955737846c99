/**
 * Accounts: search by name, tax id, e-mail or phone; an account's page with its source records
 * (lineage per field, from the merge's own survivorship code), its facts (migrations/008), its
 * merge history and, once issue 10's table exists, its segment memberships.
 */
import type { Knex } from 'knex';
import { columnsOf } from '../../activities/merge/entity-tables';
import { loadSurvivorshipSources, survivorValues, type EntityRow } from '../../activities/merge/survivor-values';
import type { FieldLineage } from '../../domain/merge';

export interface AccountHit { id: string; name: string; taxId: string | null; email: string | null; phone: string | null; city: string | null; country: string | null }

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/** One box for everything: an e-mail, a phone, a tax id (with or without country prefix) or part of a name. */
export async function searchAccounts(db: Knex, query: string, limit = 50): Promise<AccountHit[]> {
  const q = query.trim().slice(0, 200);
  if (q.length < 2) return [];
  const compact = q.toUpperCase().replace(/[^A-Z0-9]/g, '');
  const digits = q.replace(/\D/g, '');
  const rows = await db('accounts as a').whereNull('a.deleted_at').where((w) => {
    w.whereRaw('a.name ILIKE ?', [`%${escapeLike(q)}%`]);
    if (q.includes('@')) {
      w.orWhere('a.email', q.toLowerCase()).orWhereRaw('? = ANY(a.additional_emails)', [q.toLowerCase()])
        .orWhereExists(db('contacts as c').whereRaw('c.account_id = a.id').where('c.email', q.toLowerCase()).whereNull('c.deleted_at'));
    }
    if (compact.length >= 5) {
      w.orWhere('a.tax_id', compact).orWhere('a.tax_id_invalid', q);
      // EU VAT numbers carry a country prefix that crmhub stores apart (tax_id_country).
      if (/^[A-Z]{2}[A-Z0-9]{5,}$/.test(compact)) w.orWhere((v) => v.where('a.tax_id', compact.slice(2)).where('a.tax_id_country', compact.slice(0, 2)));
    }
    if (digits.length >= 6) {
      w.orWhereRaw(`regexp_replace(coalesce(a.phone, ''), '\\D', '', 'g') LIKE ?`, [`%${digits}`])
        .orWhereRaw(`EXISTS (SELECT 1 FROM unnest(a.additional_phones) p WHERE regexp_replace(p, '\\D', '', 'g') LIKE ?)`, [`%${digits}`]);
    }
  }).orderBy('a.name').limit(limit).select('a.id', 'a.name', 'a.tax_id', 'a.email', 'a.phone', 'a.city', 'a.country_code');
  return rows.map((r) => ({ id: r.id, name: r.name, taxId: r.tax_id, email: r.email, phone: r.phone, city: r.city, country: r.country_code }));
}

export interface FactSection { table: string; count: number; columns: string[]; rows: Record<string, unknown>[] }

/** The facts shown per account: key columns, newest first (money stays in minor units + currency). */
const FACTS: { table: string; columns: string[]; order: string }[] = [
  { table: 'invoices', columns: ['number', 'kind', 'status', 'issue_date', 'due_date', 'currency', 'total_gross_minor', 'source_system_code'], order: 'issue_date' },
  { table: 'receivables', columns: ['document_number', 'status', 'due_date', 'currency', 'amount_due_minor', 'settled_at'], order: 'due_date' },
  { table: 'orders', columns: ['number', 'channel', 'status', 'ordered_at', 'currency', 'total_gross_minor'], order: 'ordered_at' },
  { table: 'shipments', columns: ['number', 'carrier', 'status', 'shipped_at', 'delivered_at'], order: 'shipped_at' },
  { table: 'activities', columns: ['kind', 'occurred_at', 'subject', 'outcome'], order: 'occurred_at' },
  { table: 'site_visits', columns: ['visited_at', 'url', 'page_views', 'duration_seconds'], order: 'visited_at' },
];

export interface AccountView {
  account: Record<string, unknown>;
  fields: { field: string; value: unknown; lineage: FieldLineage | null }[];
  sources: { source: string; externalId: string; resolvedBy: string; firstSeen: Date; lastSeen: Date; lastRunId: number | null; place: unknown; payload: Record<string, unknown> }[];
  contacts: { id: string; name: string; email: string | null; phone: string | null }[];
  facts: FactSection[];
  merges: { id: number; survivorId: string; absorbed: string[]; rule: string; decidedBy: string; at: Date; undoneAt: Date | null }[];
  /** null: issue 10's `segment_memberships` is not there yet. */
  segments: Record<string, unknown>[] | null;
}

const HIDDEN = new Set(['id', 'created_at', 'updated_at', 'deleted_at', 'merged_into_id', 'extras', 'user_edited_fields']);

export async function accountView(db: Knex, id: string): Promise<AccountView | null> {
  if (!/^[0-9a-f-]{36}$/i.test(id)) return null;
  const account = (await db('accounts').where({ id }).first()) as EntityRow | undefined;
  if (!account) return null;
  const columns = (await columnsOf(db, 'accounts')).filter((c) => !HIDDEN.has(c));
  const sources = await loadSurvivorshipSources(db, 'accounts', [id]);
  const { lineage } = survivorValues('accounts', columns, [account], sources.get(id) ?? []);
  const fields = columns.filter((c) => !isBlank(account[c])).map((c) => ({ field: c, value: account[c], lineage: lineage[c] ?? null }));

  const sourceRows = await db('source_records').where({ entity_type: 'account', crm_id: id }).orderBy(['source_system_code', 'external_id'])
    .select('source_system_code', 'external_id', 'resolved_by', 'first_seen_at', 'last_seen_at', 'last_run_id', 'last_place', 'payload');
  const contacts = await db('contacts').where({ account_id: id }).whereNull('deleted_at').orderBy(['last_name', 'first_name']).limit(20)
    .select('id', 'first_name', 'last_name', 'email', 'phone');
  const facts: FactSection[] = [];
  for (const f of FACTS) {
    const exists = (await db.raw('SELECT to_regclass(?) AS t', [`public.${f.table}`])).rows[0]?.t;
    if (!exists) continue;
    const [counted] = await db(f.table).where({ account_id: id }).count<{ count: string }[]>({ count: '*' });
    const count = counted?.count ?? 0;
    const rows = Number(count) > 0 ? await db(f.table).where({ account_id: id }).orderBy(f.order, 'desc', 'last').limit(10).select(f.columns) : [];
    facts.push({ table: f.table, count: Number(count), columns: f.columns, rows });
  }
  const merges = await db('merge_history').where({ entity_type: 'accounts' })
    .where((w) => w.where('survivor_id', id).orWhereRaw('? = ANY(absorbed_ids)', [id])).orderBy('id', 'desc').limit(50)
    .select('id', 'survivor_id', 'absorbed_ids', 'rule', 'decided_by', 'created_at', 'undone_at');
  return {
    account, fields,
    sources: sourceRows.map((r) => ({
      source: r.source_system_code, externalId: r.external_id, resolvedBy: r.resolved_by, firstSeen: r.first_seen_at, lastSeen: r.last_seen_at,
      lastRunId: r.last_run_id === null ? null : Number(r.last_run_id), place: r.last_place, payload: r.payload ?? {},
    })),
    contacts: contacts.map((c) => ({ id: c.id, name: [c.first_name, c.last_name].filter(Boolean).join(' '), email: c.email, phone: c.phone })),
    facts,
    merges: merges.map((m) => ({ id: Number(m.id), survivorId: m.survivor_id, absorbed: m.absorbed_ids, rule: m.rule, decidedBy: m.decided_by, at: m.created_at, undoneAt: m.undone_at })),
    segments: await segmentMemberships(db, id),
  };
}

/**
 * Extension point for issue 10: its `segment_memberships` (SCD-2 rows per rule and account, with
 * evidence). Read only when the table exists, by whichever account column it has, open rows only;
 * columns are taken as they are, so the page needs no change when the table lands.
 */
export async function segmentMemberships(db: Knex, accountId: string): Promise<Record<string, unknown>[] | null> {
  const { rows } = await db.raw(`SELECT column_name FROM information_schema.columns WHERE table_schema = 'public' AND table_name = 'segment_memberships'`);
  if (rows.length === 0) return null;
  const cols = new Set((rows as { column_name: string }[]).map((r) => r.column_name));
  const key = ['account_id', 'entity_id', 'record_id'].find((c) => cols.has(c));
  if (!key) return null;
  const q = db('segment_memberships').where(key, accountId).limit(100).select(db.raw('to_jsonb(segment_memberships) AS m'));
  if (cols.has('left_at')) q.whereNull('left_at');
  return (await q).map((r: { m: Record<string, unknown> }) => r.m);
}

function isBlank(v: unknown): boolean {
  return v === null || v === undefined || v === '' || (Array.isArray(v) && v.length === 0);
}
