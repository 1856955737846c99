/**
 * Blocking: which pairs are worth scoring. A union of strict rules (Splink's lesson: several
 * tight rules beat one loose one), each a key prefix ("t:" tax id, "x:" whole name, "n:" name key, …). Two
 * records are candidates when they share any key. The same keys are stored in
 * match_profiles.block_keys and match_block_keys so incremental batches find candidates in PostgreSQL.
 */
import type { AccountMatchRecord, ContactMatchRecord, MatchEntity, MatchRecord } from './match-record';
import { soundex } from './string-similarity';

// Words that say what a company does or is, not which one it is: a name key built from them
// would put every "Servicios …" into one block.
const GENERIC_WORDS = new Set([
  'de', 'del', 'la', 'las', 'los', 'el', 'y', 'i', 'e', 'the', 'and', 'of', 'di', 'da', 'il', 'lo', 'und', 'der', 'die', 'et', 'le', 'les', 'du',
  'w', 'z', 'im', 'sp', 'co', 'company', 'group', 'grupo', 'gruppo', 'grupa', 'holding',
]);

/** Two most distinctive-looking words of a folded name, truncated and sorted: "perez distri". */
export function nameKey(name: string | null): string | null {
  if (name === null) return null;
  const words: string[] = [];
  for (const w of name.split(' ')) {
    if (w.length < 2 || GENERIC_WORDS.has(w)) continue;
    const t = w.slice(0, 6);
    if (!words.includes(t)) words.push(t);
  }
  if (words.length === 0) return null;
  words.sort((x, y) => y.length - x.length || (x < y ? -1 : x > y ? 1 : 0));
  return words.slice(0, 2).sort().join(' ');
}

function accountKeys(r: AccountMatchRecord): string[] {
  const keys: string[] = [];
  if (r.tax) keys.push(`t:${r.tax}`);
  for (const e of r.emails) keys.push(`e:${e}`);
  for (const p of r.phones) keys.push(`p:${p}`);
  if (r.domain) keys.push(`d:${r.domain}`);
  for (const name of r.name2 === null ? [r.name] : [r.name, r.name2]) {
    // The whole name: identical names always meet, however many share it (chained when the
    // block is large), so a names-only list with one customer on every line still links.
    if (name !== null) keys.push(`x:${name}`);
    const key = nameKey(name);
    if (key === null) continue;
    keys.push(`n:${key}`);
    if (r.postcode) keys.push(`np:${key}:${r.postcode}`);
    if (r.city) keys.push(`nc:${key}:${r.city}`);
  }
  if (r.nameNative) keys.push(`nn:${r.nameNative}`);
  // Each distinctive word with the place: a typo in one word ("Soelr") still meets its twin
  // through the other words.
  const place = r.city ?? r.postcode;
  if (place && r.name) {
    const seen: string[] = [];
    for (const w of r.name.split(' ')) {
      if (w.length < 4 || GENERIC_WORDS.has(w) || seen.includes(w)) continue;
      seen.push(w);
      keys.push(`w:${w}:${place}`);
    }
  }
  const first = r.name?.split(' ')[0];
  if (first && r.house && r.postcode) keys.push(`h:${first.slice(0, 4)}:${r.house}:${r.postcode}`);
  return keys;
}

function contactKeys(r: ContactMatchRecord): string[] {
  const keys: string[] = [];
  for (const e of r.emails) keys.push(`e:${e}`);
  for (const p of r.phones) keys.push(`p:${p}`);
  if (r.nid) keys.push(`i:${r.nid}`);
  const sf = r.first ? soundex(r.first.replace(/ /g, '')) : '';
  const sl = r.last ? soundex(r.last.replace(/ /g, '')) : '';
  // Order-free, so a record with first and last name swapped lands in the same block.
  if (sf && sl) keys.push(sf < sl ? `fl:${sf}:${sl}` : `fl:${sl}:${sf}`);
  if (r.dob) {
    if (r.last) keys.push(`bl:${r.dob}:${r.last.slice(0, 3)}`);
    if (r.first) keys.push(`bf:${r.dob}:${r.first.slice(0, 3)}`);
    if (r.postcode) keys.push(`bp:${r.dob}:${r.postcode}`);
  }
  if (r.postcode) {
    if (sl) keys.push(`pl:${r.postcode}:${sl}`);
    if (sf) keys.push(`pf:${r.postcode}:${sf}`);
    if (r.house && r.street) keys.push(`a:${r.postcode}:${r.house}:${r.street.slice(0, 3)}`);
  }
  return keys;
}

/** The blocking keys of a record; the text before the first ":" names the rule. */
export function blockingKeys(entity: MatchEntity, record: MatchRecord): string[] {
  if (record.e !== entity) throw new Error(`a ${record.e} record cannot be blocked as ${entity}`);
  return record.e === 'accounts' ? accountKeys(record) : contactKeys(record);
}
