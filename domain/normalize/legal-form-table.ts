/**
 * Legal forms we recognise, each with its canonical spelling and the spellings seen in data.
 *
 * Two spelling kinds: `loose` spellings match case-insensitively with optional spaces after each
 * dot and an optional final dot ("S.L.", "s. l", "S.L"); `exact` spellings match only as written.
 * Undotted abbreviations are exact on purpose: "SA"/"SPA" in an upper-case ERP export is a legal
 * form, but "Casa Sa" or "Hotel Spa" are names.
 * Order matters only when two forms match the same text (Italian "S.a.s." before French "SAS").
 */
export interface LegalFormSpec {
  canonical: string;
  loose?: string[];
  exact?: string[];
}

export const TRAILING_LEGAL_FORMS: readonly LegalFormSpec[] = [
  // Germany / Austria / Switzerland (compound forms first: "GmbH & Co. KG" must not end as "KG")
  { canonical: 'GmbH & Co. KG', loose: ['GmbH & Co. KG', 'GmbH & Co KG', 'GmbH u. Co. KG', 'GmbH + Co. KG'] },
  { canonical: 'AG & Co. KG', loose: ['AG & Co. KG', 'AG & Co KG'] },
  { canonical: 'UG (haftungsbeschränkt)', loose: ['UG (haftungsbeschränkt)', 'UG (haftungsbeschraenkt)', 'UG (haftungsbeschr.)'], exact: ['UG'] },
  { canonical: 'GmbH', loose: ['GmbH'] },
  { canonical: 'AG', exact: ['AG'] },
  { canonical: 'KG', exact: ['KG'] },
  { canonical: 'OHG', exact: ['OHG'] },
  { canonical: 'GbR', exact: ['GbR', 'GBR'] },
  { canonical: 'e.K.', loose: ['e.K.'] },
  { canonical: 'e.V.', loose: ['e.V.'] },
  // Spain / Catalonia
  { canonical: 'S.L.U.', loose: ['S.L.U.'], exact: ['SLU'] },
  { canonical: 'S.L.L.', loose: ['S.L.L.'], exact: ['SLL'] },
  { canonical: 'S.L.N.E.', loose: ['S.L.N.E.'], exact: ['SLNE'] },
  { canonical: 'S.L.P.', loose: ['S.L.P.'], exact: ['SLP'] },
  { canonical: 'S.L.', loose: ['S.L.', 'Sociedad Limitada'], exact: ['SL'] },
  { canonical: 'S.A.U.', loose: ['S.A.U.'], exact: ['SAU'] },
  { canonical: 'S.Coop.', loose: ['S.Coop.', 'S.Coop.And.', 'S.Coop.Cat.'], exact: ['SCOOP'] },
  { canonical: 'C.B.', loose: ['C.B.'], exact: ['CB'] },
  // Spanish sociedad civil and Polish spółka cywilna share the spelling.
  { canonical: 'S.C.', loose: ['S.C.'], exact: ['SC'] },
  // Italy
  { canonical: 'S.r.l.s.', loose: ['S.r.l.s.'], exact: ['Srls', 'SRLS'] },
  { canonical: 'S.r.l.', loose: ['S.r.l.', 'S.R.L.', 'Società a responsabilità limitata', 'Societa a responsabilita limitata'], exact: ['Srl', 'SRL'] },
  { canonical: 'S.p.A.', loose: ['S.p.A.', 'Società per azioni', 'Societa per azioni'], exact: ['SpA', 'SPA'] },
  { canonical: 'S.n.c.', loose: ['S.n.c.'], exact: ['Snc', 'SNC'] },
  { canonical: 'S.a.s.', exact: ['S.a.s.', 'S.a.s', 's.a.s.', 's.a.s', 'Sas'] },
  { canonical: 'Soc. Coop. a r.l.', loose: ['Soc. Coop. a r.l.', 'Soc. Coop. a.r.l.', 'S.c.a.r.l.'], exact: ['Scarl', 'SCARL'] },
  { canonical: 'Soc. Coop.', loose: ['Soc. Coop.', 'Soc. Cooperativa', 'Società Cooperativa'] },
  // Poland
  { canonical: 'Sp. z o.o.', loose: ['Sp. z o.o.', 'Sp.z.o.o.', 'Sp. z o.o', 'spółka z ograniczoną odpowiedzialnością', 'spolka z ograniczona odpowiedzialnoscia'] },
  { canonical: 'S.K.A.', loose: ['S.K.A.', 'Sp. k.a.', 'spółka komandytowo-akcyjna', 'spolka komandytowo-akcyjna'] },
  { canonical: 'Sp. k.', loose: ['Sp. k.', 'spółka komandytowa', 'spolka komandytowa'] },
  { canonical: 'Sp. j.', loose: ['Sp. j.', 'spółka jawna', 'spolka jawna'] },
  // Shared: Spanish/Polish/French/Swiss/Portuguese S.A.
  { canonical: 'S.A.', loose: ['S.A.', 'Sociedad Anónima', 'Sociedad Anonima', 'Spółka Akcyjna', 'Spolka Akcyjna'], exact: ['SA'] },
  // France
  { canonical: 'SARL', loose: ['S.A.R.L.'], exact: ['SARL', 'Sarl'] },
  { canonical: 'SASU', loose: ['S.A.S.U.'], exact: ['SASU'] },
  { canonical: 'SAS', loose: ['S.A.S.'], exact: ['SAS'] },
  { canonical: 'EURL', loose: ['E.U.R.L.'], exact: ['EURL'] },
  // Portugal, Benelux
  { canonical: 'Lda.', loose: ['Lda.'] },
  { canonical: 'B.V.', loose: ['B.V.'], exact: ['BV'] },
  { canonical: 'N.V.', loose: ['N.V.'], exact: ['NV'] },
  // English-speaking
  { canonical: 'Ltd', loose: ['Ltd.', 'Limited'] },
  { canonical: 'LLC', loose: ['L.L.C.'], exact: ['LLC', 'Llc'] },
  { canonical: 'LLP', loose: ['L.L.P.'], exact: ['LLP'] },
  { canonical: 'PLC', loose: ['P.L.C.'], exact: ['PLC', 'Plc', 'plc'] },
  { canonical: 'Inc.', loose: ['Inc.', 'Incorporated'] },
  // Russian forms written after the name ("Ромашка ООО"); Latin OOO is a transliteration.
  ...russianForms(),
];

/** Russian forms, usually written before the (quoted) name: ООО «Ромашка». */
export const LEADING_LEGAL_FORMS: readonly LegalFormSpec[] = [
  { canonical: 'ООО', loose: ['Общество с ограниченной ответственностью'] },
  { canonical: 'ПАО', loose: ['Публичное акционерное общество'] },
  { canonical: 'АО', loose: ['Акционерное общество'] },
  { canonical: 'ИП', loose: ['Индивидуальный предприниматель'] },
  ...russianForms(),
];

function russianForms(): LegalFormSpec[] {
  return [
    { canonical: 'ООО', exact: ['ООО', 'OOO'] },
    { canonical: 'ОАО', exact: ['ОАО', 'OAO'] },
    { canonical: 'ЗАО', exact: ['ЗАО', 'ZAO'] },
    { canonical: 'ПАО', exact: ['ПАО', 'PAO'] },
    { canonical: 'НАО', exact: ['НАО'] },
    { canonical: 'АО', exact: ['АО', 'AO'] },
    { canonical: 'ИП', exact: ['ИП'] },
  ];
}
