// Not a test: measures the parsers. (1) every readable fixture parsed 500 times → files/s;
// (2) one FatturaPA body with 10,000 DettaglioLinee (~3.6 MB, about the 5 MB SdI file limit)
// and one KSeF FA(3) with 10,000 FaWiersz (the schema's maximum), plain and signed (BER,
// with openssl when it is installed) → ms per file and lines/s; peak RSS at the end.
// Run: node bin/run-ts.cjs connectors/file-drop/einvoice/measure-parse.ts
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseEInvoice } from './index';
import { FIXTURES, fixture } from './test-helpers';

const OPTS = { ownTaxIds: ['IT12345670017', 'PL5261040828'] };

function timeIt(label: string, runs: number, fn: () => number): void {
  fn(); // warm-up
  const t0 = process.hrtime.bigint();
  let lines = 0;
  for (let i = 0; i < runs; i++) lines += fn();
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  const perFile = ms / runs;
  console.log(`${label.padEnd(58)} ${perFile.toFixed(2).padStart(8)} ms/file ${(1000 / perFile).toFixed(0).padStart(7)} files/s${lines ? ` ${Math.round((lines / ms) * 1000).toLocaleString('en')} lines/s` : ''}`);
}

function bigFatturaPA(n: number): Buffer {
  const xml = fixture('IT12345670017_00002.xml').toString('utf8');
  const line = (i: number) => `<DettaglioLinee><NumeroLinea>${i}</NumeroLinea><CodiceArticolo><CodiceTipo>INTERNO</CodiceTipo><CodiceValore>ART-${i}</CodiceValore></CodiceArticolo><Descrizione>Articolo di prova numero ${i} con descrizione di lunghezza realistica</Descrizione><Quantita>1.00</Quantita><PrezzoUnitario>18.50</PrezzoUnitario><PrezzoTotale>18.50</PrezzoTotale><AliquotaIVA>22.00</AliquotaIVA></DettaglioLinee>\n`;
  const body = Array.from({ length: n }, (_, i) => line(i + 1)).join('');
  return Buffer.from(xml.replace(/<DettaglioLinee>[\s\S]*<\/DettaglioLinee>/, body));
}

function bigKsef(n: number): Buffer {
  const xml = fixture('ksef-fa3-vat.xml').toString('utf8');
  const row = (i: number) => `<FaWiersz><NrWierszaFa>${i}</NrWierszaFa><P_7>Towar testowy numer ${i} o realistycznej długości opisu</P_7><Indeks>T-${i}</Indeks><P_8A>szt.</P_8A><P_8B>1</P_8B><P_9A>18.50</P_9A><P_11>18.50</P_11><P_12>23</P_12></FaWiersz>\n`;
  const rows = Array.from({ length: n }, (_, i) => row(i + 1)).join('');
  return Buffer.from(xml.replace(/<FaWiersz>[\s\S]*<\/FaWiersz>/, rows));
}

function signBer(xml: Buffer): Buffer | null {
  try {
    const dir = mkdtempSync(join(tmpdir(), 'einvoice-measure-'));
    const [key, cert, input, out] = ['key.pem', 'cert.pem', 'in.xml', 'out.p7m'].map((f) => join(dir, f)) as [string, string, string, string];
    execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-days', '1', '-subj', '/CN=measure', '-keyout', key, '-out', cert], { stdio: 'ignore' });
    writeFileSync(input, xml);
    execFileSync('openssl', ['cms', '-sign', '-binary', '-nodetach', '-stream', '-outform', 'DER', '-signer', cert, '-inkey', key, '-in', input, '-out', out]);
    return readFileSync(out);
  } catch {
    return null;
  }
}

const files = readdirSync(FIXTURES).filter((f) => /\.(xml|p7m)$/i.test(f) && !/^(bad|malformed|not|unsupported)-/.test(f));
const bytes = files.map((f) => [f, fixture(f)] as const);
timeIt(`${files.length} fixtures (1-7 KB, 6 signed), each parsed 500×`, 500 * files.length, (() => {
  let i = 0;
  return () => {
    const [name, b] = bytes[i++ % bytes.length]!;
    return parseEInvoice(b, name, OPTS).documents.reduce((s, d) => s + d.lines.length, 0);
  };
})());

const fpa = bigFatturaPA(10_000);
const ksef = bigKsef(10_000);
for (const [label, b] of [['FatturaPA, 10,000 lines', fpa], ['KSeF FA(3), 10,000 rows', ksef]] as const) {
  timeIt(`${label} (${(b.length / 1e6).toFixed(1)} MB), plain`, 10, () => parseEInvoice(b, 'big.xml', OPTS).documents[0]!.lines.length);
  const signed = signBer(b);
  if (signed) timeIt(`${label}, signed BER .p7m (${(signed.length / 1e6).toFixed(1)} MB)`, 10, () => parseEInvoice(signed, 'big.xml.p7m', OPTS).documents[0]!.lines.length);
}
console.log(`peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB (node ${process.version})`);
