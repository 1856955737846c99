// Picks the field delimiter from the first lines: the candidate that splits the sample into the
// most consistent number of fields (quotes respected, by letting csv-parse do the splitting).
import { parse } from 'csv-parse/sync';

export const DELIMITER_CANDIDATES = [',', ';', '\t', '|'] as const;
const SAMPLE_RECORDS = 50;

/** Records csv-parse could split before an error (a sample cut inside a quoted field is normal). */
function sampleRecords(text: string, delimiter: string): string[][] {
  const records: string[][] = [];
  try {
    parse(text, {
      delimiter,
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: true,
      bom: true,
      to: SAMPLE_RECORDS,
      on_record: (record: string[]) => {
        records.push(record);
        return null;
      },
    });
  } catch {
    // keep what was parsed before the error
  }
  return records;
}

interface Score {
  delimiter: string;
  consistency: number;
  width: number;
}

function score(text: string, delimiter: string): Score {
  const widths = sampleRecords(text, delimiter)
    .filter((record) => record.some((cell) => cell.trim() !== ''))
    .map((record) => record.length);
  const frequency = new Map<number, number>();
  for (const width of widths) frequency.set(width, (frequency.get(width) ?? 0) + 1);
  let width = 1;
  let count = 0;
  for (const [w, c] of frequency) if (c > count || (c === count && w > width)) [width, count] = [w, c];
  // One column means the candidate never split anything; it cannot win.
  const consistency = width > 1 && widths.length > 0 ? count / widths.length : 0;
  return { delimiter, consistency, width };
}

/** Returns null when no candidate splits the sample (a single-column file). */
export function sniffDelimiter(sampleText: string): string | null {
  // Drop the last, probably cut, line so it does not count as an inconsistent record.
  const cut = sampleText.lastIndexOf('\n');
  const text = cut > 0 ? sampleText.slice(0, cut) : sampleText;
  let best: Score | null = null;
  for (const delimiter of DELIMITER_CANDIDATES) {
    const s = score(text, delimiter);
    if (s.consistency === 0) continue;
    // Strictly more consistent wins (a decimal comma in a ';' file makes ',' slightly inconsistent); ties go to the wider split.
    if (!best || s.consistency > best.consistency || (s.consistency === best.consistency && s.width > best.width)) best = s;
  }
  // Nothing splits consistently (e.g. only `;;;` lines): fall back to the candidate that occurs most.
  return best?.delimiter ?? mostFrequent(text);
}

function mostFrequent(text: string): string | null {
  let winner: string | null = null;
  let most = 0;
  for (const delimiter of DELIMITER_CANDIDATES) {
    const count = text.split(delimiter).length - 1;
    if (count > most) [winner, most] = [delimiter, count];
  }
  return winner;
}
