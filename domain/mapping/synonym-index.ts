import type { TargetEntity } from '../canonical/fields';
import { compactHeader, foldHeader } from './fold-text';
import { HEADER_SYNONYMS, type HeaderLanguage, type SynonymsByLanguage } from './header-synonyms';

/** One header spelling for one field, folded once. */
export interface SynonymEntry {
  field: string;
  /** As written in the table, for reasons shown to the user. */
  text: string;
  languages: HeaderLanguage[];
  /** Position in its language list (lowest over languages): earlier spellings win ties. */
  rank: number;
  folded: string;
  compact: string;
  tokens: string[];
}

export interface SynonymIndex {
  entries: readonly SynonymEntry[];
  /** By compact form ("piva", "email"): exact and spacing-insensitive matches in one lookup. */
  byCompact: ReadonlyMap<string, readonly SynonymEntry[]>;
}

const cache = new Map<TargetEntity, SynonymIndex>();

/** The folded synonym table of an entity, built on first use. */
export function synonymIndex(entity: TargetEntity): SynonymIndex {
  const cached = cache.get(entity);
  if (cached) return cached;
  const byFieldAndCompact = new Map<string, SynonymEntry>();
  const table: Record<string, SynonymsByLanguage | undefined> = HEADER_SYNONYMS[entity];
  for (const [field, byLanguage] of Object.entries(table)) {
    for (const [language, spellings] of Object.entries(byLanguage ?? {}) as [HeaderLanguage, readonly string[]][]) {
      spellings.forEach((text, rank) => {
        const folded = foldHeader(text);
        const compact = compactHeader(folded);
        const key = `${field}\u0000${compact}`;
        const existing = byFieldAndCompact.get(key);
        if (existing) {
          if (!existing.languages.includes(language)) existing.languages.push(language);
          existing.rank = Math.min(existing.rank, rank);
        } else {
          byFieldAndCompact.set(key, { field, text, languages: [language], rank, folded, compact, tokens: folded.split(' ') });
        }
      });
    }
  }
  const entries = [...byFieldAndCompact.values()];
  const byCompact = new Map<string, SynonymEntry[]>();
  for (const entry of entries) byCompact.set(entry.compact, [...(byCompact.get(entry.compact) ?? []), entry]);
  const index = { entries, byCompact };
  cache.set(entity, index);
  return index;
}
