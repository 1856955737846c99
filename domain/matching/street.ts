/**
 * Street lines split into street name and house number, folded, with the common abbreviations
 * expanded, so "C/ Mayor, 12" and "Calle Mayor 12" compare equal and "6 tullaroop street"
 * gives house "6" on street "tullaroop street".
 */
import { foldText } from '../normalize';

export interface StreetParts {
  street: string | null;
  house: string | null;
}

// Abbreviations seen in ES/IT/PL/RU/EN exports (folded forms). Whole tokens only.
const ABBREVIATIONS: ReadonlyMap<string, string> = new Map(Object.entries({
  c: 'calle', cl: 'calle', avda: 'avenida', av: 'avenida', pza: 'plaza', ctra: 'carretera',
  pg: 'poligono', pol: 'poligono', v: 'via', vle: 'viale', pzza: 'piazza',
  ul: 'ulica', al: 'aleja', os: 'osiedle', pr: 'prospekt', prosp: 'prospekt',
  cno: 'camino', rda: 'ronda', cr: 'carrer', nab: 'naberezhnaya', per: 'pereulok',
  st: 'street', rd: 'road', ave: 'avenue', cres: 'crescent', pde: 'parade', cct: 'circuit',
}));
// Dotted abbreviations that folding splits in two ("L.GO" → "l go"), Italian mostly.
const SPLIT_ABBREVIATIONS: readonly [RegExp, string][] = [
  [/\bl go\b/g, 'largo'], [/\bp zz?a\b/g, 'piazza'], [/\bv le\b/g, 'viale'], [/\bc so\b/g, 'corso'], [/\bc da\b/g, 'contrada'],
  [/\bpol ind\b/g, 'poligono industrial'], [/\bp i\b/g, 'poligono industrial'],
];

// A house number: digits with an optional letter ("12", "12b"). Folding has already turned
// "12-14" and "5/A" into separate tokens; the first number is the house.
const HOUSE = /^\d+[a-z]?$/;
const NUMBER_MARKERS = new Set(['n', 'no', 'nr', 'num', 'numero', 'dom', 'd']);

export function splitStreet(raw: string | null | undefined): StreetParts {
  let folded = foldText(raw);
  if (folded === '') return { street: null, house: null };
  for (const [pattern, full] of SPLIT_ABBREVIATIONS) if (folded.includes(' ')) folded = folded.replace(pattern, full);
  const tokens = folded.split(' ');
  let house: string | null = null;
  const kept: string[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i] as string;
    // The first house number found wins (leading in AU/UK/US, trailing in continental Europe);
    // later numbers (floor, door) are dropped rather than mistaken for the street.
    if (HOUSE.test(t)) {
      if (house === null) house = t;
      continue;
    }
    if (NUMBER_MARKERS.has(t) && i + 1 < tokens.length && HOUSE.test(tokens[i + 1] as string)) continue;
    kept.push(ABBREVIATIONS.get(t) ?? t);
  }
  const street = kept.join(' ');
  return { street: street === '' ? null : street, house };
}
