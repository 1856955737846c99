/**
 * Seeded synthetic people for the unit tests: entities with a few noisy copies each (typos,
 * missing fields, swapped names), the truth kept apart from the records.
 */
import { contactMatchRecord, type ContactMatchRecord } from './match-record';
import { mulberry32 } from './prng';

const FIRST = ['anna', 'george', 'lachlan', 'kayla', 'mitchell', 'sarah', 'jacob', 'isabelle', 'harley', 'madeline', 'charles', 'vanessa', 'elton', 'courtney'];
// Zipf-like: "smith" is everywhere, the tail is rare.
const LAST = ['smith', 'smith', 'smith', 'smith', 'smith', 'smith', 'brown', 'brown', 'green', 'waller', 'berry', 'sondergeld', 'harrington', 'bruhn', 'lanyon', 'efthimiou', 'hobson', 'neumann', 'painter', 'parr'];
const STREETS = ['tullaroop street', 'giblin street', 'goldfinch circuit', 'maltby circuit', 'forbes street', 'milne cove', 'sturdee crescent', 'oliver street'];

export interface TestPeople {
  records: ContactMatchRecord[];
  truth: Map<string, string>;
}

function typo(s: string, random: () => number): string {
  if (s.length < 3) return s;
  const i = 1 + Math.floor(random() * (s.length - 2));
  return s.slice(0, i) + s[i + 1] + s[i] + s.slice(i + 2);
}

export function testPeople(entities: number, seed = 1): TestPeople {
  const random = mulberry32(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)] as T;
  const records: ContactMatchRecord[] = [];
  const truth = new Map<string, string>();
  for (let e = 0; e < entities; e++) {
    const base = {
      first_name: pick(FIRST),
      last_name: pick(LAST),
      birth_date: `19${String(20 + Math.floor(random() * 80))}${String(1 + Math.floor(random() * 12)).padStart(2, '0')}${String(1 + Math.floor(random() * 28)).padStart(2, '0')}`,
      street1: `${1 + Math.floor(random() * 99)} ${pick(STREETS)}`,
      postcode: String(2000 + Math.floor(random() * 3000)),
      national_id: String(1_000_000 + Math.floor(random() * 8_999_999)),
    };
    const copies = random() < 0.5 ? 2 : 1;
    for (let c = 0; c < copies; c++) {
      const v = { ...base };
      if (c > 0) {
        const r = random();
        if (r < 0.3) v.last_name = typo(v.last_name, random);
        else if (r < 0.5) v.birth_date = '';
        else if (r < 0.7) [v.first_name, v.last_name] = [v.last_name, v.first_name];
        else if (r < 0.85) v.national_id = '';
      }
      const id = `r${records.length}`;
      truth.set(id, `e${e}`);
      records.push(contactMatchRecord(id, v));
    }
  }
  return { records, truth };
}
