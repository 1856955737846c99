/**
 * The benchmark account row model shared by the CSV and XLSX writers: row i is a pure function of
 * (seed, i). Mixed countries (ES 50 %, IT 20 %, PL 15 %, RU 15 %) with local names, legal forms,
 * addresses, phones and tax ids; a changed variant alters the phone or the city of a row.
 */
import { decimalScrambler, int, makePermutation, mixSeed, pick, rowRng, weighted, type Rng } from './prng';
import { esCifFromDigits, esDniFromDigits, itIvaFromDigits, plNipFromDigits, ruInn10FromDigits, ruInn12FromDigits } from './tax-ids';
import { civilFromDays } from '../../domain/normalize/dates';

export type BenchCountry = 'ES' | 'IT' | 'PL' | 'RU';

export const ACCOUNT_COLUMNS = [
  'Código',
  'Razón social',
  'NIF',
  'Dirección',
  'C.P.',
  'Población',
  'País',
  'Teléfono',
  'Email',
  'Web',
  'Tipo',
  'Fecha alta',
  'Potencial',
] as const;

export interface BenchAccountRow {
  code: string;
  name: string;
  taxId: string;
  street: string;
  postcode: string;
  city: string;
  /** Country name as a Spanish ERP writes it. */
  countryName: string;
  country: BenchCountry;
  phone: string;
  email: string;
  web: string;
  /** Tipo: Cliente | Potencial | Objetivo | No cliente */
  type: string;
  /** Excel serial day number (1900 date system) of Fecha alta. */
  dateSerial: number;
  /** Potencial in euros, two decimals. */
  potential: number;
}

interface City {
  name: string;
  /** postcode prefix; the rest is random digits */
  cp: string;
  /** phone area prefix (national format, without trunk 0 for ES) */
  area: string;
}

/** [display, ascii slug] */
type Word = readonly [string, string];

function words(list: readonly string[]): Word[] {
  return list.map((w) => [w, slug(w)] as const);
}

export function slug(s: string): string {
  return s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/ł/g, 'l')
    .replace(/Ł/g, 'L')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');
}

// ---------------------------------------------------------------- Spain
const ES_CITIES: City[] = [
  { name: 'Madrid', cp: '280', area: '91' },
  { name: 'Barcelona', cp: '080', area: '93' },
  { name: 'Valencia', cp: '460', area: '96' },
  { name: 'Sevilla', cp: '410', area: '95' },
  { name: 'Bilbao', cp: '480', area: '94' },
  { name: 'Zaragoza', cp: '500', area: '976' },
  { name: 'Girona', cp: '170', area: '972' },
  { name: 'Málaga', cp: '290', area: '952' },
  { name: 'A Coruña', cp: '150', area: '981' },
  { name: 'Valladolid', cp: '470', area: '983' },
  { name: 'Lleida', cp: '250', area: '973' },
  { name: 'Ávila', cp: '050', area: '920' },
];
const ES_ACTIVITY = words(['Distribuciones', 'Talleres', 'Construcciones', 'Suministros', 'Transportes', 'Comercial', 'Hostelería', 'Ferretería', 'Muebles', 'Instalaciones', 'Panificadora', 'Gráficas']);
const ES_SURNAMES = words(['Pérez', 'García', 'Martínez', 'López', 'Sánchez', 'Fernández', 'Gómez', 'Ruiz', 'Díaz', 'Muñoz', 'Álvarez', 'Romero', 'Puig', 'Ibáñez', 'Núñez', 'Castaño']);
const ES_GIVEN = words(['José', 'María', 'Antonio', 'Carmen', 'Jordi', 'Núria', 'Javier', 'Lucía']);
const ES_FORMS = ['S.L.', 'S.A.', 'SL', 'SA', 'S.L.U.', 'S. Coop.'] as const;
const FORM_TAG: Record<string, string> = { 'S.L.': 'sl', SL: 'sl', 'S.L.U.': 'sl', 'S.A.': 'sa', SA: 'sa', 'S. Coop.': 'coop', 'S.r.l.': 'srl', 'S.r.l.s.': 'srl', 'S.p.A.': 'spa', Snc: 'snc', 'S.a.s.': 'sas' };
const ES_STREETS = ['C/ Mayor', 'Avda. Diagonal', 'C/ Gran Vía', 'Pº de Gràcia', 'C/ Alcalá', 'Pol. El Pla', 'C/ Sol', 'Rda. Sant Pere'];

// ---------------------------------------------------------------- Italy
const IT_CITIES: (City & { office: string })[] = [
  { name: 'Milano', cp: '201', area: '02', office: '015' },
  { name: 'Roma', cp: '001', area: '06', office: '058' },
  { name: 'Torino', cp: '101', area: '011', office: '001' },
  { name: 'Napoli', cp: '801', area: '081', office: '063' },
  { name: 'Bologna', cp: '401', area: '051', office: '037' },
  { name: 'Firenze', cp: '501', area: '055', office: '048' },
  { name: 'Venezia', cp: '301', area: '041', office: '027' },
  { name: 'Bari', cp: '701', area: '080', office: '072' },
];
const IT_ACTIVITY = words(['Officine', 'Costruzioni', 'Trasporti', 'Alimentari', 'Arredamenti', 'Tessitura', 'Ceramiche', 'Forniture']);
const IT_SURNAMES = words(['Rossi', 'Bianchi', 'Esposito', 'Ricci', 'Colombo', 'Bruno', 'Gallo', 'Conti', 'De Luca', 'Mancini', 'Lombardi', 'Moretti']);
const IT_FORMS = ['S.r.l.', 'S.p.A.', 'Snc', 'S.a.s.', 'S.r.l.s.'] as const;
const IT_STREETS = ['Via Roma', 'Via Garibaldi', 'Corso Italia', 'Viale Europa', 'Via Dante', 'Piazza Libertà'];

// ---------------------------------------------------------------- Poland
const PL_CITIES: City[] = [
  { name: 'Warszawa', cp: '00', area: '22' },
  { name: 'Kraków', cp: '30', area: '12' },
  { name: 'Łódź', cp: '90', area: '42' },
  { name: 'Wrocław', cp: '50', area: '71' },
  { name: 'Poznań', cp: '60', area: '61' },
  { name: 'Gdańsk', cp: '80', area: '58' },
  { name: 'Szczecin', cp: '70', area: '91' },
  { name: 'Katowice', cp: '40', area: '32' },
];
const PL_ACTIVITY = words(['Przedsiębiorstwo Handlowe', 'Zakład Produkcyjny', 'Hurtownia', 'Transport', 'Usługi Budowlane', 'Piekarnia', 'Drukarnia']);
const PL_SURNAMES = words(['Nowak', 'Kowalski', 'Wiśniewski', 'Wójcik', 'Kowalczyk', 'Kamiński', 'Lewandowski', 'Zieliński', 'Szymański', 'Woźniak', 'Dąbrowski', 'Kozłowski']);
const PL_FORMS = ['Sp. z o.o.', 'S.A.', 'Sp.j.', 'Sp.k.'] as const;
const PL_STREETS = ['ul. Piękna', 'ul. Piotrkowska', 'ul. Łąkowa', 'ul. Długa', 'ul. Żytnia', 'ul. Śląska'];

// ---------------------------------------------------------------- Russia
const RU_CITIES: (City & { office: string })[] = [
  { name: 'Москва', cp: '1', area: '495', office: '7701' },
  { name: 'Москва', cp: '1', area: '499', office: '7714' },
  { name: 'Санкт-Петербург', cp: '19', area: '812', office: '7805' },
  { name: 'Новосибирск', cp: '630', area: '383', office: '5406' },
  { name: 'Екатеринбург', cp: '620', area: '343', office: '6658' },
  { name: 'Казань', cp: '420', area: '843', office: '1655' },
];
/** [Cyrillic, latin slug] */
const RU_BRANDS: Word[] = [
  ['Ромашка', 'romashka'], ['Вектор', 'vektor'], ['Альянс', 'alyans'], ['Стройтехника', 'stroytehnika'], ['Сибирь', 'sibir'],
  ['Меридиан', 'meridian'], ['Гранит', 'granit'], ['Волга', 'volga'], ['Северный ветер', 'severnyveter'], ['Техснаб', 'tehsnab'],
];
const RU_SURNAMES: Word[] = [
  ['Иванов', 'ivanov'], ['Петров', 'petrov'], ['Смирнов', 'smirnov'], ['Кузнецов', 'kuznetsov'], ['Соколов', 'sokolov'], ['Попов', 'popov'],
];
const RU_INITIALS = ['А.', 'В.', 'И.', 'С.', 'Н.', 'Д.'];
const RU_STREETS = ['ул. Ленина', 'пр. Мира', 'ул. Садовая', 'ул. Мира', 'ул. Гагарина', 'ул. Лесная'];

const EMAIL_LOCAL: Record<BenchCountry, readonly string[]> = {
  ES: ['info', 'info', 'admin', 'ventas'],
  IT: ['info', 'info', 'amm', 'ordini'],
  PL: ['biuro', 'biuro', 'info'],
  RU: ['info', 'info', 'mail', 'zakaz'],
};
const COUNTRY_WEIGHTS = [['ES', 50], ['IT', 20], ['PL', 15], ['RU', 15]] as const;
const COUNTRY_NAMES: Record<BenchCountry, string> = { ES: 'España', IT: 'Italia', PL: 'Polonia', RU: 'Rusia' };
const TYPES = [['Cliente', 55], ['Potencial', 25], ['Objetivo', 12], ['No cliente', 8]] as const;

/** Excel serial of 2005-01-01 and 2024-12-31 (1900 date system). */
const SERIAL_2005 = 38353;
const SERIAL_2024_END = 45657;

const ZEROS = '0000000000';
function pad(n: number, w: number): string {
  const s = String(n);
  return s.length >= w ? s : ZEROS.slice(0, w - s.length) + s;
}

function esPhone(rng: Rng, city: City): string {
  const area = city.area;
  const rest = pad(int(rng, 0, 10 ** (9 - area.length) - 1), 9 - area.length);
  const n = `${area}${rest}`;
  switch (int(rng, 0, 3)) {
    case 0:
      return `${n.slice(0, 3)} ${n.slice(3, 6)} ${n.slice(6)}`;
    case 1:
      return `+34 ${n.slice(0, 2)} ${n.slice(2, 5)} ${n.slice(5, 7)} ${n.slice(7)}`;
    case 2:
      return `0034 ${n}`;
    default:
      return `6${pad(int(rng, 0, 99999999), 8)}`.replace(/^(\d{3})(\d{2})(\d{2})(\d{2})$/, '$1 $2 $3 $4');
  }
}

function itPhone(rng: Rng, city: City): string {
  if (rng() < 0.3) return `+39 3${int(rng, 20, 49)} ${pad(int(rng, 0, 9999999), 7)}`;
  const len = 10 - city.area.length;
  return `+39 ${city.area} ${pad(int(rng, 1000000, 10 ** len - 1), len)}`;
}

function plPhone(rng: Rng, city: City): string {
  if (rng() < 0.3) return `+48 ${int(rng, 500, 799)} ${pad(int(rng, 0, 999), 3)} ${pad(int(rng, 0, 999), 3)}`;
  return `+48 ${city.area} ${int(rng, 200, 899)} ${pad(int(rng, 0, 99), 2)} ${pad(int(rng, 0, 99), 2)}`;
}

function ruPhone(rng: Rng, city: City): string {
  const n = `${int(rng, 200, 999)}-${pad(int(rng, 0, 99), 2)}-${pad(int(rng, 0, 99), 2)}`;
  return rng() < 0.5 ? `+7 (${city.area}) ${n}` : `8 (${city.area}) ${n}`;
}

function phoneFor(rng: Rng, country: BenchCountry, city: City): string {
  switch (country) {
    case 'ES':
      return esPhone(rng, city);
    case 'IT':
      return itPhone(rng, city);
    case 'PL':
      return plPhone(rng, city);
    default:
      return ruPhone(rng, city);
  }
}

function citiesOf(country: BenchCountry): readonly City[] {
  return country === 'ES' ? ES_CITIES : country === 'IT' ? IT_CITIES : country === 'PL' ? PL_CITIES : RU_CITIES;
}

function formatCode(i: number): string {
  return `C${pad(i + 1, 7)}`;
}

let lastScrambler: { seed: number; fn: (i: number) => number } | undefined;
function serialScrambler(seed: number): (i: number) => number {
  if (lastScrambler?.seed !== seed) lastScrambler = { seed, fn: decimalScrambler(7, seed) };
  return lastScrambler.fn;
}

/** Row i (0-based) of the benchmark accounts file generated with `seed`. */
export function benchAccountRow(seed: number, i: number): BenchAccountRow {
  const rng = rowRng(seed, i);
  const country = weighted(rng, COUNTRY_WEIGHTS);
  // Tax-id serials are an injective scramble of i, so ids are unique for up to 10^7 rows.
  const serial = serialScrambler(seed)(i);
  const type = weighted(rng, TYPES);
  const dateSerial = int(rng, SERIAL_2005, SERIAL_2024_END);
  const potential = int(rng, 0, 250_000_00) / 100;
  let name: string;
  let taxId: string;
  let street: string;
  let postcode: string;
  let domain: string;
  let tld: string;
  let city: City;
  switch (country) {
    case 'ES': {
      city = pick(rng, ES_CITIES);
      const sur = pick(rng, ES_SURNAMES);
      postcode = `${city.cp}${pad(int(rng, 1, 99), 2)}`;
      street = `${pick(rng, ES_STREETS)}, ${int(rng, 1, 180)}`;
      tld = 'es';
      if (rng() < 0.12) {
        // autónomo: a person with a DNI-based NIF
        const given = pick(rng, ES_GIVEN);
        const sur2 = pick(rng, ES_SURNAMES);
        name = `${given[0]} ${sur[0]} ${sur2[0]}`;
        taxId = esDniFromDigits(`${int(rng, 1, 7)}${pad(serial, 7)}`);
        domain = `${given[1][0]}${sur[1]}`;
      } else {
        const act = pick(rng, ES_ACTIVITY);
        const form = pick(rng, ES_FORMS);
        const upper = rng() < 0.15;
        name = `${act[0]} ${sur[0]}${form.startsWith('S.') && rng() < 0.5 ? ',' : ''} ${form}`;
        if (upper) name = name.toUpperCase();
        const letter = form.includes('A') ? 'A' : form.includes('Coop') ? 'F' : 'B';
        taxId = esCifFromDigits(letter, pad(serial, 7));
        domain = `${sur[1]}${FORM_TAG[form] ?? ''}`;
      }
      break;
    }
    case 'IT': {
      const c = pick(rng, IT_CITIES);
      city = c;
      const sur = pick(rng, IT_SURNAMES);
      const form = pick(rng, IT_FORMS);
      const two = rng() < 0.5;
      const other = pick(rng, IT_SURNAMES);
      name = two ? `${pick(rng, IT_ACTIVITY)[0]} ${sur[0]} ${form}` : `${sur[0]} & ${other[0]} ${form}`;
      if (rng() < 0.1) name = name.toUpperCase();
      taxId = `IT${itIvaFromDigits(pad(serial, 7), c.office)}`;
      postcode = `${c.cp}${pad(int(rng, 0, 99), 2)}`;
      street = `${pick(rng, IT_STREETS)} ${int(rng, 1, 250)}`;
      domain = two ? `${sur[1]}${FORM_TAG[form] ?? ''}` : `${sur[1]}${other[1]}`;
      tld = 'it';
      break;
    }
    case 'PL': {
      city = pick(rng, PL_CITIES);
      const sur = pick(rng, PL_SURNAMES);
      const act = pick(rng, PL_ACTIVITY);
      const form = pick(rng, PL_FORMS);
      name = rng() < 0.3 ? `${act[0]} "${sur[0].toUpperCase()}" ${form}` : `${act[0]} ${sur[0]} ${form}`;
      taxId = `PL${plNipFromDigits(`${int(rng, 1, 9)}${pad(serial, 7)}${int(rng, 0, 9)}`)}`;
      postcode = `${city.cp}-${pad(int(rng, 1, 999), 3)}`;
      street = `${pick(rng, PL_STREETS)} ${int(rng, 1, 120)}${rng() < 0.3 ? `/${int(rng, 1, 40)}` : ''}`;
      domain = sur[1];
      tld = 'pl';
      break;
    }
    default: {
      const c = pick(rng, RU_CITIES);
      city = c;
      if (rng() < 0.25) {
        const sur = pick(rng, RU_SURNAMES);
        name = `ИП ${sur[0]} ${pick(rng, RU_INITIALS)}${pick(rng, RU_INITIALS)}`;
        taxId = ruInn12FromDigits(`${c.office.slice(0, 2)}${pad(serial, 7)}${int(rng, 0, 9)}`);
        domain = `ip${sur[1]}`;
      } else {
        const brand = pick(rng, RU_BRANDS);
        const form = rng() < 0.8 ? 'ООО' : 'АО';
        name = `${form} «${brand[0]}»`;
        taxId = ruInn10FromDigits(`${c.office.slice(0, 2)}${pad(serial, 7)}`);
        domain = `${brand[1]}${int(rng, 1, 99)}`;
      }
      postcode = `${c.cp}${pad(int(rng, 0, 10 ** (6 - c.cp.length) - 1), 6 - c.cp.length)}`;
      street = `${pick(rng, RU_STREETS)}, д. ${int(rng, 1, 150)}`;
      tld = 'ru';
    }
  }
  const phone = phoneFor(rng, country, city);
  const host = `${domain}.${tld}`;
  const email = `${pick(rng, EMAIL_LOCAL[country])}@${host}`;
  const web = rng() < 0.5 ? `www.${host}` : '';
  return {
    code: formatCode(i),
    name,
    taxId,
    street,
    postcode,
    city: city.name,
    countryName: COUNTRY_NAMES[country],
    country,
    phone,
    email,
    web,
    type,
    dateSerial,
    potential,
  };
}

/**
 * The rows a changed variant alters: exactly round(rows * fraction) of them, selected by a keyed
 * permutation of [0, rows) so that the selection is a pure function of (changeSeed, i, rows).
 */
export function changeSelector(rows: number, fraction: number, changeSeed: number): { count: number; isChanged: (i: number) => boolean } {
  if (!(fraction >= 0 && fraction <= 1)) throw new Error(`changedFraction must be in [0, 1]: ${fraction}`);
  const count = Math.round(rows * fraction);
  if (count === 0 || rows === 0) return { count: 0, isChanged: () => false };
  if (count === rows) return { count, isChanged: () => true };
  const perm = makePermutation(rows, changeSeed);
  return { count, isChanged: (i) => perm(i) < count };
}

/** Alters the phone or the city of a row (never both, never the key); the result always differs. */
export function changeRow(row: BenchAccountRow, changeSeed: number, i: number): BenchAccountRow {
  const rng = rowRng(mixSeed(changeSeed, 0x0c4a9e), i);
  const cities = citiesOf(row.country);
  if (rng() < 0.5) {
    const city = cities.find((c) => c.name === row.city) ?? pick(rng, cities);
    let phone = phoneFor(rng, row.country, city);
    while (phone === row.phone) phone = phoneFor(rng, row.country, city);
    return { ...row, phone };
  }
  let city = pick(rng, cities).name;
  while (city === row.city) city = pick(rng, cities).name;
  return { ...row, city };
}

/** dd/mm/yyyy of an Excel serial day (1900 date system, serial > 60); pure arithmetic, no Date. */
export function serialToDmy(serial: number): string {
  const [y, m, d] = civilFromDays(serial - 25569); // 25569 = serial of 1970-01-01
  return `${d < 10 ? '0' : ''}${d}/${m < 10 ? '0' : ''}${m}/${y}`;
}

/** 1234567.8 -> "1.234.567,80" (European grouping and decimal comma). */
export function formatEuro(n: number): string {
  const neg = n < 0;
  const cents = Math.round(Math.abs(n) * 100);
  const int = String(Math.floor(cents / 100));
  const dec = pad(cents % 100, 2);
  let grouped = '';
  for (let k = int.length; k > 0; k -= 3) grouped = int.slice(Math.max(0, k - 3), k) + (grouped ? `.${grouped}` : '');
  return `${neg ? '-' : ''}${grouped},${dec}`;
}
