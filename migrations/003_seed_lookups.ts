/**
 * Starting values for the lookups the business edits later (code, label, order, synonyms).
 * Synonyms are the labels our users' files carry in ES/CA/IT/PL/RU/DE/FR, so an import resolves
 * "Cliente", "Klient" or "Клиент" to `client` without a value map in every mapping file.
 * `down` removes only rows that no account or contact references.
 */
import type { Knex } from 'knex';

type Seed = { code: string; label: string; synonyms: string[]; extra?: Record<string, unknown> };

export const LOOKUP_SEEDS: Record<string, Seed[]> = {
  relationship_types: [
    { code: 'client', label: 'Client', synonyms: ['customer', 'cliente', 'client', 'klient', 'клиент', 'покупатель', 'kunde', 'cliente attivo', 'clienti'] },
    { code: 'prospect', label: 'Prospect', synonyms: ['potencial', 'posible cliente', 'potencial client', 'potenziale', 'prospect', 'potencjalny', 'потенциальный', 'interessent', 'lead'] },
    { code: 'target', label: 'Target', synonyms: ['objetivo', 'objectiu', 'obiettivo', 'cel', 'цель', 'целевой', 'zielkunde', 'cible'] },
    { code: 'non_client', label: 'Non-client', synonyms: ['no cliente', 'no client', 'non cliente', 'nie klient', 'не клиент', 'kein kunde', 'non client', 'ex cliente', 'former client'] },
    { code: 'other', label: 'Other', synonyms: ['otro', 'altre', 'altro', 'inny', 'другое', 'sonstige', 'autre', 'proveedor', 'fornitore', 'dostawca', 'поставщик'] },
  ],
  account_categories: [
    { code: 'A', label: 'A', synonyms: ['cat a', 'categoria a', 'kategoria a', 'категория a'], extra: { target_visits_per_year: 12 } },
    { code: 'B', label: 'B', synonyms: ['cat b', 'categoria b', 'kategoria b', 'категория b'], extra: { target_visits_per_year: 6 } },
    { code: 'C', label: 'C', synonyms: ['cat c', 'categoria c', 'kategoria c', 'категория c'], extra: { target_visits_per_year: 2 } },
  ],
  contact_roles: [
    { code: 'decision_maker', label: 'Decision maker', synonyms: ['decisor', 'decisió', 'decisore', 'decydent', 'лпр', 'лицо принимающее решение', 'entscheider', 'décideur'] },
    { code: 'influencer', label: 'Influencer', synonyms: ['influenciador', 'prescriptor', 'influenzatore', 'wpływowy', 'влияющий', 'beeinflusser', 'prescripteur'] },
    { code: 'non_decision_maker', label: 'Non-decision maker', synonyms: ['no decisor', 'no decisió', 'non decisore', 'niedecydent', 'не лпр', 'kein entscheider', 'non décideur', 'usuario', 'utente', 'użytkownik'] },
  ],
  departments: [
    { code: 'management', label: 'Management', synonyms: ['dirección', 'gerencia', 'direcció', 'direzione', 'zarząd', 'dyrekcja', 'руководство', 'дирекция', 'geschäftsführung', 'direction'] },
    { code: 'sales', label: 'Sales', synonyms: ['ventas', 'comercial', 'vendes', 'vendite', 'commerciale', 'sprzedaż', 'handel', 'продажи', 'отдел продаж', 'vertrieb', 'ventes'] },
    { code: 'purchasing', label: 'Purchasing', synonyms: ['compras', 'compres', 'acquisti', 'zakupy', 'закупки', 'einkauf', 'achats'] },
    { code: 'finance', label: 'Finance', synonyms: ['finanzas', 'administración', 'contabilidad', 'finances', 'amministrazione', 'finanza', 'finanse', 'księgowość', 'бухгалтерия', 'финансы', 'buchhaltung', 'finanzen', 'comptabilité'] },
    { code: 'marketing', label: 'Marketing', synonyms: ['márketing', 'маркетинг'] },
    { code: 'operations', label: 'Operations', synonyms: ['operaciones', 'logística', 'producción', 'operacions', 'operazioni', 'produzione', 'logistica', 'produkcja', 'logistyka', 'производство', 'логистика', 'betrieb', 'produktion', 'opérations'] },
    { code: 'it', label: 'IT', synonyms: ['informática', 'sistemas', 'informàtica', 'informatica', 'it', 'ит', 'информационные технологии', 'edv', 'informatique'] },
    { code: 'hr', label: 'Human resources', synonyms: ['rrhh', 'recursos humanos', 'recursos humans', 'risorse umane', 'kadry', 'hr', 'отдел кадров', 'персонал', 'personal', 'ressources humaines'] },
    { code: 'technical', label: 'Technical', synonyms: ['técnico', 'oficina técnica', 'tècnic', 'tecnico', 'ufficio tecnico', 'dział techniczny', 'технический отдел', 'technik', 'technique'] },
    { code: 'other', label: 'Other', synonyms: ['otro', 'altre', 'altro', 'inny', 'другое', 'sonstige', 'autre'] },
  ],
  industries: [
    { code: 'retail', label: 'Retail', synonyms: ['comercio minorista', 'retail', 'comerç', 'commercio al dettaglio', 'handel detaliczny', 'розница', 'einzelhandel', 'commerce de détail'] },
    { code: 'wholesale', label: 'Wholesale', synonyms: ['distribución', 'mayorista', 'distribució', 'ingrosso', 'distribuzione', 'hurt', 'hurtownia', 'оптовая торговля', 'опт', 'großhandel', 'commerce de gros'] },
    { code: 'manufacturing', label: 'Manufacturing', synonyms: ['industria', 'fabricación', 'indústria', 'manifattura', 'produzione industriale', 'przemysł', 'produkcja', 'производство', 'промышленность', 'industrie', 'fabrication'] },
    { code: 'construction', label: 'Construction', synonyms: ['construcción', 'construcció', 'edilizia', 'costruzioni', 'budownictwo', 'строительство', 'bau', 'bauwesen', 'bâtiment'] },
    { code: 'hospitality', label: 'Hospitality', synonyms: ['hostelería', 'horeca', 'hoteles', 'hostaleria', 'ristorazione', 'alberghiero', 'gastronomia', 'hotelarstwo', 'гостиничный бизнес', 'общепит', 'gastgewerbe', 'hôtellerie'] },
    { code: 'food', label: 'Food and beverage', synonyms: ['alimentación', 'alimentació', 'alimentare', 'spożywcza', 'żywność', 'продукты питания', 'пищевая промышленность', 'lebensmittel', 'alimentaire'] },
    { code: 'automotive', label: 'Automotive', synonyms: ['automoción', 'automoció', 'automotive', 'motoryzacja', 'автомобильная', 'kfz', 'automobile'] },
    { code: 'services', label: 'Services', synonyms: ['servicios', 'serveis', 'servizi', 'usługi', 'услуги', 'dienstleistungen', 'services'] },
    { code: 'logistics', label: 'Logistics', synonyms: ['logística', 'transporte', 'logistica', 'trasporti', 'logistyka', 'transport', 'логистика', 'транспорт', 'logistik', 'logistique'] },
    { code: 'healthcare', label: 'Healthcare', synonyms: ['sanidad', 'salud', 'sanitat', 'sanità', 'ochrona zdrowia', 'medycyna', 'здравоохранение', 'medizin', 'gesundheitswesen', 'santé'] },
    { code: 'technology', label: 'Technology', synonyms: ['tecnología', 'informática', 'tecnologia', 'tecnologia', 'technologia', 'it', 'технологии', 'технология', 'technologie'] },
    { code: 'agriculture', label: 'Agriculture', synonyms: ['agricultura', 'agricoltura', 'rolnictwo', 'сельское хозяйство', 'landwirtschaft'] },
  ],
  zones: [
    { code: 'es_north', label: 'Spain North', synonyms: ['norte', 'zona norte', 'nord'] },
    { code: 'es_east', label: 'Spain East', synonyms: ['levante', 'este', 'catalunya', 'cataluña', 'zona este'] },
    { code: 'es_center', label: 'Spain Centre', synonyms: ['centro', 'zona centro', 'madrid'] },
    { code: 'es_south', label: 'Spain South', synonyms: ['sur', 'zona sur', 'andalucía'] },
    { code: 'it_north', label: 'Italy North', synonyms: ['nord italia', 'italia settentrionale'] },
    { code: 'it_center', label: 'Italy Centre', synonyms: ['centro italia', 'italia centrale'] },
    { code: 'it_south', label: 'Italy South', synonyms: ['sud italia', 'mezzogiorno', 'italia meridionale'] },
    { code: 'pl_north', label: 'Poland North', synonyms: ['północ', 'polska północna'] },
    { code: 'pl_south', label: 'Poland South', synonyms: ['południe', 'polska południowa'] },
    { code: 'ru_central', label: 'Russia Central', synonyms: ['центр', 'центральный', 'москва'] },
    { code: 'ru_northwest', label: 'Russia North-West', synonyms: ['северо-запад', 'северо-западный', 'санкт-петербург'] },
  ],
  status_tiers: [
    { code: 'silver', label: 'Silver', synonyms: ['plata', 'argent', 'argento', 'srebrny', 'серебро', 'серебряный', 'silber'], extra: { rank: 1 } },
    { code: 'gold', label: 'Gold', synonyms: ['oro', 'or', 'złoty', 'золото', 'золотой'], extra: { rank: 2 } },
    { code: 'platinum', label: 'Platinum', synonyms: ['platino', 'platí', 'platynowy', 'платина', 'платиновый', 'platin', 'platine'], extra: { rank: 3 } },
  ],
};

export async function up(knex: Knex): Promise<void> {
  for (const [table, seeds] of Object.entries(LOOKUP_SEEDS)) {
    const rows = seeds.map((s, i) => ({ code: s.code, label: s.label, sort_order: (i + 1) * 10, synonyms: s.synonyms, ...s.extra }));
    await knex(table).insert(rows).onConflict('code').ignore();
  }
}

export async function down(knex: Knex): Promise<void> {
  const used: Record<string, [string, string][]> = {
    relationship_types: [['accounts', 'relationship_type_code']],
    account_categories: [['accounts', 'category_code']],
    industries: [['accounts', 'industry_code']],
    zones: [['accounts', 'zone_code']],
    status_tiers: [['accounts', 'status_tier_code']],
    contact_roles: [['contacts', 'role_code']],
    departments: [['contacts', 'department_code']],
  };
  for (const [table, seeds] of Object.entries(LOOKUP_SEEDS)) {
    let q = knex(table).whereIn('code', seeds.map((s) => s.code));
    for (const [refTable, col] of used[table] ?? []) q = q.whereNotIn('code', knex(refTable).whereNotNull(col).distinct(col));
    await q.delete();
  }
}
