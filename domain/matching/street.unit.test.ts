import { describe, expect, it } from 'vitest';
import { splitStreet } from './street';

describe('splitStreet', () => {
  it.each([
    ['6 tullaroop street', 'tullaroop street', '6'],
    ['Calle Mayor, 12', 'calle mayor', '12'],
    ['C/ Mayor 12, 3º B', 'calle mayor b', '12'],
    ['Via Roma 5/A', 'via roma a', '5'],
    ['ul. Marszałkowska 10-12', 'ulica marszalkowska', '10'],
    ['12b Baker St', 'baker street', '12b'],
    ['ул. Ленина, д. 5', 'ulica lenina', '5'],
    ['Avda. de la Constitución nº 7', 'avenida de la constitucion', '7'],
    ['Polígono Industrial', 'poligono industrial', null],
    ['L.GO VERDI, 134', 'largo verdi', '134'],
    ['P.zza Roma n. 95', 'piazza roma', '95'],
    ['Pol. Ind. Cervantes, nº 162', 'poligono industrial cervantes', '162'],
    ['наб. Мира, д. 110', 'naberezhnaya mira', '110'],
    ['', null, null],
    [null, null, null],
  ])('%s', (raw, street, house) => {
    expect(splitStreet(raw)).toEqual({ street, house });
  });
});
