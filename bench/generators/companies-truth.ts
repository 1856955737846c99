/**
 * Why a matcher erred on the generated company set: its wrong pairs by the kind of hard negative
 * that fooled it (namesake, franchise, shared accountant e-mail …), and the true pairs it missed
 * by the two sources involved (erp~shop, shop~spreadsheet …). The generator knows the truth, so
 * this is computed from the record ids alone; it tells where to look, it scores nothing.
 */
import { companyEntity, type CompanyEntity } from './companies-entity';
import { companyRecordSource } from './companies-rows';

export type WrongPairKind = 'namesake' | 'franchise' | 'shared_accountant_email' | 'same_name_by_chance' | 'other';

export interface CompanyErrorBreakdown {
  /** Pairs placed together that are two companies: [all proposed clusters, automatic merges]. */
  wrong: Record<WrongPairKind, [all: number, auto: number]>;
  /** True pairs not placed together, by "sourceA~sourceB" (sorted): [all, auto]. */
  missed: Record<string, [all: number, auto: number]>;
}

interface Parsed {
  entity: number;
  k: number;
}

function parseId(id: string): Parsed {
  const m = /^E(\d+)-(\d+)$/.exec(id);
  if (!m) throw new Error(`not a company record id: "${id}"`);
  return { entity: Number(m[1]), k: Number(m[2]) };
}

export function wrongPairKind(a: CompanyEntity, b: CompanyEntity): WrongPairKind {
  if (a.kind === 'franchisee' && b.kind === 'franchisee') return 'franchise';
  if (a.name[0] === b.name[0]) return a.kind === 'namesake' || b.kind === 'namesake' ? 'namesake' : 'same_name_by_chance';
  if (a.accountantEmail !== null && a.accountantEmail === b.accountantEmail) return 'shared_accountant_email';
  return 'other';
}

/** `lines`: every record's cluster and decision, as match-file writes them. */
export function companyErrorBreakdown(seed: number, lines: readonly { id: string; cluster: string; decision: string }[]): CompanyErrorBreakdown {
  const wrong: CompanyErrorBreakdown['wrong'] = { namesake: [0, 0], franchise: [0, 0], shared_accountant_email: [0, 0], same_name_by_chance: [0, 0], other: [0, 0] };
  const missed: CompanyErrorBreakdown['missed'] = {};
  const entities = new Map<number, CompanyEntity>();
  const entity = (i: number): CompanyEntity => {
    let e = entities.get(i);
    if (!e) entities.set(i, (e = companyEntity(seed, i)));
    return e;
  };
  const clusters = new Map<string, { ids: Parsed[]; auto: boolean }>();
  const byEntity = new Map<number, { id: Parsed; cluster: string; auto: boolean }[]>();
  for (const l of lines) {
    const id = parseId(l.id);
    const auto = l.decision === 'auto';
    const c = clusters.get(l.cluster) ?? { ids: [], auto };
    c.ids.push(id);
    clusters.set(l.cluster, c);
    const list = byEntity.get(id.entity) ?? [];
    list.push({ id, cluster: l.cluster, auto });
    byEntity.set(id.entity, list);
  }
  for (const c of clusters.values()) {
    for (let x = 0; x < c.ids.length; x++) {
      for (let y = x + 1; y < c.ids.length; y++) {
        const a = c.ids[x] as Parsed;
        const b = c.ids[y] as Parsed;
        if (a.entity === b.entity) continue;
        const kind = wrongPairKind(entity(a.entity), entity(b.entity));
        wrong[kind][0]++;
        if (c.auto) wrong[kind][1]++;
      }
    }
  }
  for (const [i, recs] of byEntity) {
    for (let x = 0; x < recs.length; x++) {
      for (let y = x + 1; y < recs.length; y++) {
        const a = recs[x] as (typeof recs)[number];
        const b = recs[y] as (typeof recs)[number];
        const together = a.cluster === b.cluster;
        if (together && a.auto) continue;
        const key = [companyRecordSource(seed, i, a.id.k), companyRecordSource(seed, i, b.id.k)].sort().join('~');
        const m = missed[key] ?? [0, 0];
        if (!together) m[0]++;
        m[1]++;
        missed[key] = m;
      }
    }
  }
  return { wrong, missed };
}

export function formatCompanyErrorBreakdown(b: CompanyErrorBreakdown): string {
  const wrong = Object.entries(b.wrong).filter(([, [all]]) => all > 0).map(([k, [all, auto]]) => `${k} ${all}/${auto}`).join(', ') || 'none';
  const missed = Object.entries(b.missed).sort().map(([k, [all, auto]]) => `${k} ${all}/${auto}`).join(', ') || 'none';
  return `wrong pairs by hard negative (all/auto): ${wrong}\nmissed true pairs by sources (all/auto): ${missed}`;
}
