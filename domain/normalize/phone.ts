/**
 * Phone numbers to E.164 with libphonenumber-js.
 *
 * We import the "max" metadata: it is the only build whose isValid() checks the digits against
 * each country's real number ranges (the default "min" build only checks lengths, so isValid()
 * behaves like isPossible()) and that can tell mobile from fixed line (getType()). Cost: 145 kB
 * of metadata instead of 80 kB, loaded once per worker, and regex matching per number —
 * acceptable next to the per-row DB work.
 */
import { isSupportedCountry, parsePhoneNumberFromString, validatePhoneNumberLength } from 'libphonenumber-js/max';
import { fail, type Failure } from './result';

export type PhoneResult =
  | { ok: true; e164: string; country: string | undefined; extension?: string; type?: string }
  | Failure;

// Extension markers libphonenumber does not know (it handles ext., x, #, доб., int.): Polish
// "wew.", French "poste", German "App."/"Durchwahl", Spanish "extensión".
const LOCAL_EXTENSION = /[\s,;]*(?:wewn?\.?|poste|app\.|durchwahl|dw\.?|extensi[oó]n)\s*:?\s*(\d{1,7})\s*$/iu;
const LEADING_00 = /^\s*\(?\s*00(?=\s*[1-9])/;

/**
 * `defaultCountry` is the country of the row (or the import's profile) and is only used for
 * numbers written without an international prefix.
 */
export function normalizePhone(raw: string, defaultCountry: string): PhoneResult {
  let text = raw.trim();
  if (text === '') return fail('empty');
  const country = defaultCountry.toUpperCase();
  if (!isSupportedCountry(country)) return fail(`unsupported default country "${defaultCountry}"`);

  let extension: string | undefined;
  const ext = LOCAL_EXTENSION.exec(text);
  if (ext) {
    extension = ext[1];
    text = text.slice(0, ext.index);
  }
  // "0034 …" is how most of Europe dials abroad; libphonenumber only understands it when the
  // default country's own IDD is 00, so a Russian file with "0039…" would fail without this.
  text = text.replace(LEADING_00, '+');

  const parsed = parsePhoneNumberFromString(text, { defaultCountry: country });
  if (!parsed) return fail(`not a phone number: "${raw}"`);
  if (!parsed.isValid()) {
    const length = validatePhoneNumberLength(text, { defaultCountry: country });
    const where = parsed.country ?? `+${parsed.countryCallingCode}`;
    return fail(`invalid phone number for ${where}${length ? ` (${length.toLowerCase().replace(/_/g, ' ')})` : ''}: "${raw}"`);
  }
  extension ??= parsed.ext;
  const type = parsed.getType();
  return {
    ok: true,
    e164: parsed.number,
    country: parsed.country,
    ...(extension ? { extension } : {}),
    ...(type ? { type } : {}),
  };
}
