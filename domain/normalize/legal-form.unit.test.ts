import { describe, expect, it } from 'vitest';
import { splitLegalForm } from './legal-form';

describe('splitLegalForm', () => {
  it.each([
    // Spain / Catalonia
    ['Distribuciones Pérez, S.L.', 'Distribuciones Pérez', 'S.L.'],
    ['DISTRIBUCIONES PEREZ SL', 'DISTRIBUCIONES PEREZ', 'S.L.'],
    ['Distribuciones Pérez S. L.', 'Distribuciones Pérez', 'S.L.'],
    ['Distribuciones Pérez s.l', 'Distribuciones Pérez', 'S.L.'],
    ['Talleres Martí S.L.U.', 'Talleres Martí', 'S.L.U.'],
    ['Construcciones Ruiz, S.A.', 'Construcciones Ruiz', 'S.A.'],
    ['CONSTRUCCIONES RUIZ SA', 'CONSTRUCCIONES RUIZ', 'S.A.'],
    ['Hoteles Sol S.A.U.', 'Hoteles Sol', 'S.A.U.'],
    ['Cooperativa del Camp S.Coop.', 'Cooperativa del Camp', 'S.Coop.'],
    ['Bodega Vell S. Coop.', 'Bodega Vell', 'S.Coop.'],
    ['Germans Puig S.C.', 'Germans Puig', 'S.C.'],
    ['Hermanos López C.B.', 'Hermanos López', 'C.B.'],
    ['Transportes Gil S.L.L.', 'Transportes Gil', 'S.L.L.'],
    // Italy
    ['Rossi S.r.l.', 'Rossi', 'S.r.l.'],
    ['Rossi Srl', 'Rossi', 'S.r.l.'],
    ['ROSSI SRL', 'ROSSI', 'S.r.l.'],
    ['Rossi S.r.l.s.', 'Rossi', 'S.r.l.s.'],
    ['Bianchi S.p.A.', 'Bianchi', 'S.p.A.'],
    ['BIANCHI SPA', 'BIANCHI', 'S.p.A.'],
    ['Verdi & Figli S.n.c.', 'Verdi & Figli', 'S.n.c.'],
    ['Neri di Mario Neri & C. S.a.s.', 'Neri di Mario Neri & C.', 'S.a.s.'],
    ['Agricola Val Soc. Coop.', 'Agricola Val', 'Soc. Coop.'],
    ['Agricola Val Soc. Coop. a r.l.', 'Agricola Val', 'Soc. Coop. a r.l.'],
    // Poland
    ['Kowalski Sp. z o.o.', 'Kowalski', 'Sp. z o.o.'],
    ['Kowalski sp. z o. o.', 'Kowalski', 'Sp. z o.o.'],
    ['KOWALSKI SP. Z O.O.', 'KOWALSKI', 'Sp. z o.o.'],
    ['Kowalski Sp.z.o.o.', 'Kowalski', 'Sp. z o.o.'],
    ['Kowalski spółka z ograniczoną odpowiedzialnością', 'Kowalski', 'Sp. z o.o.'],
    ['Nowak i Wspólnicy Sp. j.', 'Nowak i Wspólnicy', 'Sp. j.'],
    ['Nowak Sp. k.', 'Nowak', 'Sp. k.'],
    ['Orlen S.A.', 'Orlen', 'S.A.'],
    ['Okna Lewandowski Spółka Akcyjna', 'Okna Lewandowski', 'S.A.'],
    ['okna lewandowski spolka akcyjna', 'okna lewandowski', 'S.A.'],
    ['Nowak spolka jawna', 'Nowak', 'Sp. j.'],
    ['Nowak s.c.', 'Nowak', 'S.C.'],
    // Russia: leading, quoted, Latin transliteration, trailing
    ['ООО «Ромашка»', 'Ромашка', 'ООО'],
    ['ООО "Ромашка"', 'Ромашка', 'ООО'],
    ['ООО«Ромашка»', 'Ромашка', 'ООО'],
    ['ООО Ромашка', 'Ромашка', 'ООО'],
    ['Общество с ограниченной ответственностью «Ромашка»', 'Ромашка', 'ООО'],
    ['ПАО «Газпром»', 'Газпром', 'ПАО'],
    ['АО «Лютик»', 'Лютик', 'АО'],
    ['ЗАО Василёк', 'Василёк', 'ЗАО'],
    ['ОАО "Завод"', 'Завод', 'ОАО'],
    ['ИП Иванов Иван Иванович', 'Иванов Иван Иванович', 'ИП'],
    ['OOO "Romashka"', 'Romashka', 'ООО'],
    ['AO "Vektor"', 'Vektor', 'АО'],
    ['Vektor AO', 'Vektor', 'АО'],
    ['«Ромашка» ООО', 'Ромашка', 'ООО'],
    // Germany
    ['Müller GmbH', 'Müller', 'GmbH'],
    ['MÜLLER GMBH', 'MÜLLER', 'GmbH'],
    ['Müller GmbH & Co. KG', 'Müller', 'GmbH & Co. KG'],
    ['Müller GmbH & Co KG', 'Müller', 'GmbH & Co. KG'],
    ['Schmidt AG', 'Schmidt', 'AG'],
    ['Schmidt KG', 'Schmidt', 'KG'],
    ['Start UG (haftungsbeschränkt)', 'Start', 'UG (haftungsbeschränkt)'],
    // France
    ['Dupont SARL', 'Dupont', 'SARL'],
    ['Dupont S.A.R.L.', 'Dupont', 'SARL'],
    ['Dupont SAS', 'Dupont', 'SAS'],
    ['Dupont EURL', 'Dupont', 'EURL'],
    ['Dupont SA', 'Dupont', 'S.A.'],
    // English
    ['Acme Ltd', 'Acme', 'Ltd'],
    ['Acme Ltd.', 'Acme', 'Ltd'],
    ['Acme Limited', 'Acme', 'Ltd'],
    ['Acme, LLC', 'Acme', 'LLC'],
    ['Acme Inc.', 'Acme', 'Inc.'],
    ['Acme PLC', 'Acme', 'PLC'],
    ['  Acme   Ltd  ', 'Acme', 'Ltd'],
  ])('%j → %j + %s', (raw, name, legalForm) => {
    expect(splitLegalForm(raw)).toEqual({ name, legalForm });
  });

  it.each([
    ['Sala', 'Sala'], // no separator before "SA"
    ['CASA SALA', 'CASA SALA'],
    ['Casa Sa', 'Casa Sa'], // mixed-case undotted abbreviations are words, not forms
    ['Hotel Spa', 'Hotel Spa'],
    ['Bar Sl', 'Bar Sl'],
    ['Limited Editions', 'Limited Editions'], // only a trailing form is stripped
    ['Ag Tech', 'Ag Tech'],
    ['S.L.', 'S.L.'], // a name that is only a legal form stays whole
    ['GmbH & Co. KG', 'GmbH & Co. KG'],
    ['ООО', 'ООО'],
    ['SA', 'SA'],
    ['Aseguradora', 'Aseguradora'],
    ['Kowalski', 'Kowalski'],
    ['«Ромашка»', 'Ромашка'], // enclosing quotes are dropped even without a form
    ['"Foo" y "Bar"', '"Foo" y "Bar"'],
    ['', ''],
  ])('%j keeps name %j without a legal form', (raw, name) => {
    expect(splitLegalForm(raw)).toEqual({ name, legalForm: null });
  });
});
