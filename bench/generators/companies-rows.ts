/**
 * Source records of the generated companies: each entity has 1–5 records, each from a source
 * ("erp", "shop", "spreadsheet") that writes the company its own way:
 * - erp: the legal name with its form, the tax id almost always, role e-mail on the company
 *   domain, landline, full address with province;
 * - shop: names typed by the customer (lower case, no accents, no legal form, Latin spelling of
 *   Russian names), the owner's free-mail address, a mobile, the tax id only when an invoice was
 *   asked for;
 * - spreadsheet: old Excel lists (upper case, undotted forms, typos, abbreviations, missing tax
 *   ids and postcodes, the accountant's shared e-mail, sometimes an old address).
 *
 * `record_id` ("E<entity>-<k>") is the ground truth, like FEBRL's rec_id: the mapping ignores it
 * and the matcher never sees it. `external_id` is the record's id in its source, unrelated to it.
 */
import { chance, decimalScrambler, int, mixSeed, pick, rowRng, weighted, type Rng } from './prng';
import { COUNTRY_SPELLINGS, LEGAL_FORMS, ROLE_MAILBOXES, type CompanyCountry, type Spelled } from './companies-vocab';
import { companyEntity, recordCountOf, type CompanyEntity } from './companies-entity';
import { abbreviate, dropAccents, formatPhone, formatTaxId, formatWebsite, titleCase, typo } from './companies-noise';

export type CompanySource = 'erp' | 'shop' | 'spreadsheet';
export const COMPANY_SOURCES: readonly CompanySource[] = ['erp', 'shop', 'spreadsheet'];

export const COMPANY_COLUMNS = [
  'record_id', 'source', 'external_id', 'name', 'tax_id', 'website', 'email', 'phone', 'street', 'postcode', 'city', 'region', 'country',
] as const;
export type CompanyRow = Record<(typeof COMPANY_COLUMNS)[number], string>;

export function companyRecordId(entity: number, k: number): string {
  return `E${entity}-${k}`;
}

/** The true entity of a record id ("E123-2" → "E123"); throws on anything else. */
export function companyEntityOfRecordId(id: string): string {
  const m = /^(E\d+)-\d+$/.exec(id);
  if (!m) throw new Error(`not a company record id: "${id}"`);
  return m[1] as string;
}

/** Source of record k of entity i (drawn alone, so a pass over one source skips the others cheaply). */
export function companyRecordSource(seed: number, i: number, k: number): CompanySource {
  const rng = rowRng(mixSeed(seed, 0x50c3), i * 8 + k);
  return k === 0
    ? weighted(rng, [['erp', 45], ['shop', 35], ['spreadsheet', 20]] as const)
    : weighted(rng, [['erp', 20], ['shop', 40], ['spreadsheet', 40]] as const);
}

const EXTERNAL_PREFIX: Record<CompanySource, string> = { erp: 'C', shop: 'WEB-', spreadsheet: 'XL' };
let lastIdScrambler: { seed: number; fn: (i: number) => number } | undefined;
function externalId(seed: number, src: CompanySource, i: number, k: number): string {
  if (lastIdScrambler?.seed !== seed) lastIdScrambler = { seed, fn: decimalScrambler(9, mixSeed(seed, 0xe1d)) };
  return `${EXTERNAL_PREFIX[src]}${String(lastIdScrambler.fn((i * 8 + k) % 1_000_000_000)).padStart(9, '0')}`;
}

/** Probability that a source fills a field at all. */
const FILL: Record<CompanySource, { tax: number; phone: number; street: number; postcode: number; city: number; region: number; website: number }> = {
  erp: { tax: 0.92, phone: 0.9, street: 0.95, postcode: 0.95, city: 0.98, region: 0.8, website: 0.6 },
  shop: { tax: 0.25, phone: 0.85, street: 0.75, postcode: 0.85, city: 0.9, region: 0.2, website: 0.15 },
  spreadsheet: { tax: 0.35, phone: 0.7, street: 0.6, postcode: 0.6, city: 0.75, region: 0.2, website: 0.3 },
};

function latin(sp: Spelled, rng: Rng): string {
  return sp.length > 1 ? (sp[int(rng, 1, sp.length - 1)] as string) : sp[0];
}

/** The company's name as `src` writes it: legal form or not, case, accents, typos, abbreviations, script. */
export function renderName(e: CompanyEntity, src: CompanySource, rng: Rng): string {
  const ru = e.country === 'RU';
  const useLatin = ru && chance(rng, src === 'erp' ? 0.1 : src === 'shop' ? 0.55 : 0.25);
  let core = useLatin ? latin(e.name, rng) : e.name[0];
  if (e.nameEs && src !== 'erp' && chance(rng, 0.4)) core = e.nameEs;
  if (chance(rng, src === 'spreadsheet' ? 0.2 : 0.08)) core = abbreviate(rng, core);
  if (chance(rng, src === 'erp' ? 0.03 : src === 'shop' ? 0.08 : 0.22)) core = typo(rng, core);

  const withForm = chance(rng, src === 'erp' ? 0.95 : src === 'shop' ? 0.45 : 0.75);
  let name = core;
  if (withForm) {
    const spellings = LEGAL_FORMS[e.country][e.legalForm]?.spellings ?? [''];
    // ERPs mostly keep the canonical spelling; people pick any.
    let form = src === 'erp' && chance(rng, 0.7) ? spellings[0] : pick(rng, spellings);
    if (ru) {
      // Cyrillic forms go with Cyrillic names, Latin ones (OOO, LLC) with Latin names.
      const cyr = /[А-Яа-я]/.test(form);
      if (cyr === useLatin) form = useLatin ? (spellings[1] as string) : spellings[0];
      const quoted = pick(rng, [`«${core}»`, `"${core}"`, core]);
      // Short forms may trail the name ("Ромашка ООО", "Romashka LLC"); the spelled-out ones lead.
      name = /^(LLC|JSC|PJSC|CJSC)$/.test(form) || (form.length <= 3 && chance(rng, 0.1)) ? `${core} ${form}` : `${form} ${quoted}`;
    } else {
      name = `${core}${chance(rng, 0.3) ? ',' : ''} ${form}`;
    }
  }
  const r = rng();
  if (src === 'erp') name = r < 0.15 ? name.toUpperCase() : name;
  else if (src === 'shop') name = r < 0.35 ? name.toLowerCase() : r < 0.45 ? name.toUpperCase() : r < 0.55 ? titleCase(name) : name;
  else name = r < 0.5 ? name.toUpperCase() : r < 0.6 ? name.toLowerCase() : name;
  if (chance(rng, src === 'erp' ? 0.05 : src === 'shop' ? 0.5 : 0.35)) name = dropAccents(name);
  if (src === 'spreadsheet' && chance(rng, 0.05)) name = `${name.replace(' ', '  ')} `;
  return name;
}

function renderEmail(e: CompanyEntity, src: CompanySource, rng: Rng): string {
  const role = () => `${pick(rng, ROLE_MAILBOXES[e.lang])}@${e.domain}`;
  const r = rng();
  let email = '';
  if (src === 'erp') {
    if (r < 0.1) email = '';
    else if (e.domain && r < 0.85) email = role();
    else email = e.accountantEmail && r < 0.9 ? e.accountantEmail : e.ownerEmail;
  } else if (src === 'shop') {
    if (e.accountantEmail && r < 0.3) email = e.accountantEmail;
    else if (e.domain && r < 0.55) email = chance(rng, 0.5) ? role() : `${e.ownerEmail.split('@')[0]?.replace(/\d+$/, '')}@${e.domain}`;
    else email = e.ownerEmail;
  } else {
    if (e.accountantEmail && r < 0.6) email = e.accountantEmail;
    else if (r < 0.35) email = '';
    else email = e.domain && chance(rng, 0.6) ? role() : e.ownerEmail;
  }
  return email && src === 'spreadsheet' && chance(rng, 0.1) ? email.toUpperCase() : email;
}

function renderStreet(e: CompanyEntity, src: CompanySource, rng: Rng, old: boolean): string {
  const ru = e.country === 'RU';
  const translit = ru && src === 'shop' && chance(rng, 0.4);
  const type = e.streetType;
  const cyrType = type.filter((t) => !/[a-z]/i.test(t));
  const latType = type.filter((t) => /[a-z]/i.test(t));
  const typeWord = ru ? pick(rng, translit ? latType : cyrType) : src === 'erp' && chance(rng, 0.5) ? type[0] : pick(rng, type);
  const nameSp = old ? e.oldStreetName : e.streetName;
  const street = translit ? latin(nameSp, rng) : nameSp[0];
  const no = old ? e.oldHouseNumber : e.houseNumber;
  let s: string;
  switch (e.lang) {
    case 'es':
    case 'ca':
      s = pick(rng, [`${typeWord} ${street}, ${no}`, `${typeWord} ${street} ${no}`, `${typeWord} ${street}, nº ${no}`, `${typeWord} ${street}, ${no}, ${int(rng, 1, 6)}º ${pick(rng, ['A', 'B', '1ª', '2ª'])}`]);
      break;
    case 'it':
      s = pick(rng, [`${typeWord} ${street} ${no}`, `${typeWord} ${street}, ${no}`, `${typeWord} ${street} n. ${no}`]);
      break;
    case 'pl':
      s = pick(rng, [`${typeWord} ${street} ${no}`, `${typeWord} ${street} ${no}/${int(rng, 1, 40)}`, `${street} ${no}`]).trim();
      break;
    default:
      s = translit
        ? pick(rng, [`${typeWord} ${street}, d. ${no}`, `${typeWord} ${street} ${no}`, `${street} ${typeWord} ${no}`])
        : pick(rng, [`${typeWord} ${street}, д. ${no}`, `${typeWord} ${street}, ${no}`, `${typeWord} ${street}, д.${no}, оф. ${int(rng, 1, 400)}`]);
  }
  if (src === 'spreadsheet' && chance(rng, 0.3)) s = s.toUpperCase();
  if (src !== 'erp' && chance(rng, 0.3)) s = dropAccents(s);
  return s;
}

function renderCity(e: CompanyEntity, src: CompanySource, rng: Rng): string {
  const names = e.city.names;
  let c = src === 'erp' || names.length === 1 || chance(rng, 0.7) ? names[0] : pick(rng, names.slice(1));
  if (e.country === 'RU' && src === 'shop' && chance(rng, 0.4)) c = names[1] ?? c;
  if (src === 'spreadsheet' && chance(rng, 0.4)) c = c.toUpperCase();
  if (src !== 'erp' && chance(rng, 0.3)) c = dropAccents(c);
  return c;
}

function renderPhone(e: CompanyEntity, src: CompanySource, rng: Rng): string {
  const mobile = src === 'shop' ? chance(rng, 0.5) : chance(rng, 0.15);
  const nsn = mobile ? e.mobile : e.landline;
  const areaLength = mobile ? 3 : e.city.area.length;
  return formatPhone(rng, e.country as CompanyCountry, nsn, areaLength);
}

/** Record k of entity `e` as it appears in its source. */
export function companyRecord(seed: number, e: CompanyEntity, k: number): CompanyRow {
  const src = companyRecordSource(seed, e.index, k);
  const rng = rowRng(mixSeed(seed, 0x4ec04d), e.index * 8 + k);
  const fill = FILL[src];
  // A stale spreadsheet keeps the address (and phone) from before the company moved.
  const old = src === 'spreadsheet' && chance(rng, 0.1);
  const website = e.brandDomain && chance(rng, 0.6) ? formatWebsite(rng, e.brandDomain) : e.domain && chance(rng, fill.website) ? formatWebsite(rng, e.domain) : '';
  let postcode = chance(rng, fill.postcode) && !old ? e.postcode : '';
  // Excel turns 08001 into 8001.
  if (postcode && src === 'spreadsheet' && e.country !== 'PL' && postcode.startsWith('0') && chance(rng, 0.4)) postcode = postcode.replace(/^0+/, '');
  return {
    record_id: companyRecordId(e.index, k),
    source: src,
    external_id: externalId(seed, src, e.index, k),
    name: renderName(e, src, rng),
    tax_id: chance(rng, fill.tax) ? formatTaxId(rng, e.country, e.taxId) : '',
    website,
    email: renderEmail(e, src, rng),
    phone: chance(rng, fill.phone) && !old ? renderPhone(e, src, rng) : '',
    street: chance(rng, fill.street) ? renderStreet(e, src, rng, old) : '',
    postcode,
    city: chance(rng, fill.city) ? renderCity(e, src, rng) : '',
    region: chance(rng, fill.region) ? e.city.region : '',
    country: src === 'erp' && chance(rng, 0.6) ? e.country : pick(rng, COUNTRY_SPELLINGS[e.country]),
  };
}

export interface CompanyRowsOptions {
  /** Total records; the last entity is cut short if needed. */
  records: number;
  seed: number;
}

/** Number of entities needed for `records` records, and how many records the last one keeps. */
export function companyEntityCount(opts: CompanyRowsOptions): { entities: number; lastRecords: number } {
  let total = 0;
  let i = 0;
  while (total < opts.records) {
    const n = Math.min(recordCountOf(opts.seed, i), opts.records - total);
    total += n;
    i++;
    if (total === opts.records) return { entities: i, lastRecords: n };
  }
  return { entities: 0, lastRecords: 0 };
}

/**
 * Yields exactly `records` rows in O(1) memory: one pass over the entities per source (erp, then
 * shop, then spreadsheet), as if three exports had been concatenated, so the records of one
 * company are far apart in the file. Row order and content are a pure function of the options.
 */
export function* companyRows(opts: CompanyRowsOptions): Generator<CompanyRow> {
  const { entities, lastRecords } = companyEntityCount(opts);
  for (const src of COMPANY_SOURCES) {
    for (let i = 0; i < entities; i++) {
      const n = i === entities - 1 ? lastRecords : recordCountOf(opts.seed, i);
      let e: CompanyEntity | undefined;
      for (let k = 0; k < n; k++) {
        if (companyRecordSource(opts.seed, i, k) !== src) continue;
        e ??= companyEntity(opts.seed, i);
        yield companyRecord(opts.seed, e, k);
      }
    }
  }
}

