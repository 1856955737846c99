/**
 * Word lists of the generated company dataset: per language (Spanish, Catalan, Italian, Polish,
 * Russian) the cities (postcode prefix, phone area, region, alternative spellings), the parts of
 * company names, legal forms with the spellings seen in real exports, street types with their
 * abbreviations, franchise brands and free-mail providers.
 *
 * A name is built from three parts (activity × surname/brand × qualifier) so that a keyed
 * permutation of the per-language entity index gives distinct names until the product is used up
 * (then the names repeat, as "Talleres García" repeats across Spain). Russian parts carry their
 * Latin spelling(s) because shops and spreadsheets often hold transliterated names.
 */

export type CompanyLang = 'es' | 'ca' | 'it' | 'pl' | 'ru';
export type CompanyCountry = 'ES' | 'IT' | 'PL' | 'RU';

/** A word in its native script and one or more Latin spellings (native first when Latin already). */
export type Spelled = readonly [native: string, ...latin: string[]];

export interface CompanyCity {
  /** Native name, then alternative names people write (Lérida, Gerona, Moskva, Warsaw …). */
  names: Spelled;
  /** Postcode prefix; the rest is random digits. */
  cp: string;
  /** National significant area code (no trunk prefix), e.g. '91', '02', '22', '495'. */
  area: string;
  region: string;
  /** Italian tax-office code of the P.IVA, Russian 2-digit region of the INN. */
  office?: string;
}

export const CITIES: Record<CompanyLang, readonly CompanyCity[]> = {
  es: [
    { names: ['Madrid'], cp: '280', area: '91', region: 'Madrid' },
    { names: ['Valencia', 'València'], cp: '460', area: '96', region: 'Valencia' },
    { names: ['Sevilla', 'Seville'], cp: '410', area: '95', region: 'Sevilla' },
    { names: ['Zaragoza', 'Saragossa'], cp: '500', area: '976', region: 'Zaragoza' },
    { names: ['Bilbao', 'Bilbo'], cp: '480', area: '94', region: 'Bizkaia' },
    { names: ['Málaga'], cp: '290', area: '952', region: 'Málaga' },
    { names: ['Alicante', 'Alacant'], cp: '030', area: '965', region: 'Alicante' },
    { names: ['Valladolid'], cp: '470', area: '983', region: 'Valladolid' },
    { names: ['A Coruña', 'La Coruña'], cp: '150', area: '981', region: 'A Coruña' },
    { names: ['Murcia'], cp: '300', area: '968', region: 'Murcia' },
    { names: ['Castellón de la Plana', 'Castelló de la Plana', 'Castellón'], cp: '120', area: '964', region: 'Castellón' },
    { names: ['Albacete'], cp: '020', area: '967', region: 'Albacete' },
    { names: ['Ávila'], cp: '050', area: '920', region: 'Ávila' },
  ],
  ca: [
    { names: ['Barcelona'], cp: '080', area: '93', region: 'Barcelona' },
    { names: ['Girona', 'Gerona'], cp: '170', area: '972', region: 'Girona' },
    { names: ['Lleida', 'Lérida'], cp: '250', area: '973', region: 'Lleida' },
    { names: ['Tarragona'], cp: '430', area: '977', region: 'Tarragona' },
    { names: ['Sabadell'], cp: '082', area: '93', region: 'Barcelona' },
    { names: ['Terrassa', 'Tarrasa'], cp: '082', area: '93', region: 'Barcelona' },
    { names: ['Reus'], cp: '432', area: '977', region: 'Tarragona' },
    { names: ['Mataró'], cp: '083', area: '93', region: 'Barcelona' },
  ],
  it: [
    { names: ['Milano', 'Milan'], cp: '201', area: '02', region: 'MI', office: '015' },
    { names: ['Roma', 'Rome'], cp: '001', area: '06', region: 'RM', office: '058' },
    { names: ['Torino', 'Turin'], cp: '101', area: '011', region: 'TO', office: '001' },
    { names: ['Napoli', 'Naples'], cp: '801', area: '081', region: 'NA', office: '063' },
    { names: ['Bologna'], cp: '401', area: '051', region: 'BO', office: '037' },
    { names: ['Firenze', 'Florence'], cp: '501', area: '055', region: 'FI', office: '048' },
    { names: ['Venezia', 'Venice'], cp: '301', area: '041', region: 'VE', office: '027' },
    { names: ['Bari'], cp: '701', area: '080', region: 'BA', office: '072' },
    { names: ['Verona'], cp: '371', area: '045', region: 'VR', office: '023' },
    { names: ['Padova', 'Padua'], cp: '351', area: '049', region: 'PD', office: '028' },
    { names: ['Brescia'], cp: '251', area: '030', region: 'BS', office: '017' },
    { names: ['Genova', 'Genoa'], cp: '161', area: '010', region: 'GE', office: '010' },
  ],
  pl: [
    { names: ['Warszawa', 'Warsaw'], cp: '00', area: '22', region: 'mazowieckie' },
    { names: ['Kraków', 'Krakow', 'Cracow'], cp: '30', area: '12', region: 'małopolskie' },
    { names: ['Łódź', 'Lodz'], cp: '90', area: '42', region: 'łódzkie' },
    { names: ['Wrocław', 'Wroclaw'], cp: '50', area: '71', region: 'dolnośląskie' },
    { names: ['Poznań', 'Poznan'], cp: '60', area: '61', region: 'wielkopolskie' },
    { names: ['Gdańsk', 'Gdansk'], cp: '80', area: '58', region: 'pomorskie' },
    { names: ['Szczecin'], cp: '70', area: '91', region: 'zachodniopomorskie' },
    { names: ['Lublin'], cp: '20', area: '81', region: 'lubelskie' },
    { names: ['Katowice'], cp: '40', area: '32', region: 'śląskie' },
    { names: ['Bydgoszcz'], cp: '85', area: '52', region: 'kujawsko-pomorskie' },
  ],
  ru: [
    { names: ['Москва', 'Moskva', 'Moscow'], cp: '1', area: '495', region: 'Москва', office: '77' },
    { names: ['Санкт-Петербург', 'Sankt-Peterburg', 'Saint Petersburg'], cp: '19', area: '812', region: 'Санкт-Петербург', office: '78' },
    { names: ['Новосибирск', 'Novosibirsk'], cp: '630', area: '383', region: 'Новосибирская область', office: '54' },
    { names: ['Екатеринбург', 'Yekaterinburg', 'Ekaterinburg'], cp: '620', area: '343', region: 'Свердловская область', office: '66' },
    { names: ['Казань', 'Kazan'], cp: '420', area: '843', region: 'Республика Татарстан', office: '16' },
    { names: ['Нижний Новгород', 'Nizhny Novgorod', 'Nizhniy Novgorod'], cp: '603', area: '831', region: 'Нижегородская область', office: '52' },
    { names: ['Самара', 'Samara'], cp: '443', area: '846', region: 'Самарская область', office: '63' },
    { names: ['Краснодар', 'Krasnodar'], cp: '350', area: '861', region: 'Краснодарский край', office: '23' },
  ],
};

/** Name parts: [activity, surname-or-brand, qualifier]; each list holds distinct spellings. */
export interface NameParts {
  activities: readonly Spelled[];
  cores: readonly Spelled[];
  qualifiers: readonly Spelled[];
}

const s = (list: readonly string[]): Spelled[] => list.map((w) => [w] as const);

const ES_SURNAMES = ['Pérez', 'García', 'Martínez', 'López', 'Sánchez', 'Fernández', 'Gómez', 'Ruiz', 'Díaz', 'Muñoz', 'Álvarez', 'Romero', 'Navarro', 'Torres', 'Domínguez', 'Vázquez', 'Ramos', 'Gil', 'Serrano', 'Molina', 'Blanco', 'Morales', 'Suárez', 'Ortega', 'Delgado', 'Castro', 'Ortiz', 'Rubio', 'Marín', 'Sanz', 'Iglesias', 'Núñez', 'Medina', 'Garrido', 'Cortés', 'Castillo', 'Santos', 'Lozano', 'Guerrero', 'Cano', 'Prieto', 'Méndez', 'Cruz', 'Calvo', 'Gallego', 'Herrera', 'Márquez', 'León', 'Peña', 'Cabrera', 'Ibáñez', 'Castaño', 'Aguilar', 'Pascual', 'Montero', 'Hidalgo', 'Lorenzo', 'Vidal', 'Fuentes', 'Carrasco'];
const CA_SURNAMES = ['Puig', 'Vila', 'Soler', 'Ferrer', 'Roca', 'Serra', 'Font', 'Pujol', 'Vidal', 'Casas', 'Riera', 'Sala', 'Costa', 'Prat', 'Camps', 'Bosch', 'Mas', 'Batlle', 'Coll', 'Oliveras', 'Torrent', 'Planas', 'Vilaró', 'Comas', 'Rovira', 'Fàbregas', 'Gispert', 'Solé', 'Badia', 'Pons', 'Canals', 'Miró', 'Sunyer', 'Vives', 'Ribas', 'Portabella', 'Llopis', 'Closa', 'Brugués', 'Dalmau'];

export const NAME_PARTS: Record<CompanyLang, NameParts> = {
  es: {
    activities: s(['Distribuciones', 'Talleres', 'Construcciones', 'Suministros', 'Transportes', 'Comercial', 'Servicios Integrales', 'Instalaciones', 'Ferretería', 'Muebles', 'Gráficas', 'Reformas', 'Carpintería', 'Electricidad', 'Fontanería', 'Climatización', 'Asesoría', 'Limpiezas', 'Excavaciones', 'Frutas', 'Autocares', 'Cerámicas', 'Hermanos', 'Grupo']),
    cores: s(ES_SURNAMES),
    qualifiers: s(['', 'e Hijos', 'del Norte', 'del Sur', 'Levante', 'Mediterráneo', 'Castilla', 'Ibérica', 'Hispania', '2000', 'Express', 'Industrial', 'y Asociados', 'Gestión', 'Logística', 'Global', 'Centro', 'Atlántico', ...ES_SURNAMES.slice(0, 22)]),
  },
  ca: {
    activities: s(['Distribucions', 'Tallers', 'Construccions', 'Subministraments', 'Transports', 'Comercial', 'Serveis Integrals', 'Instal·lacions', 'Ferreteria', 'Mobles', 'Gràfiques', 'Reformes', 'Fusteria', 'Electricitat', 'Lampisteria', 'Climatització', 'Assessoria', 'Neteges', 'Excavacions', 'Fruites']),
    cores: s(CA_SURNAMES),
    qualifiers: s(['', 'i Fills', 'del Vallès', 'de l\'Empordà', 'Maresme', 'Penedès', 'Catalunya', '2000', 'Express', 'Industrial', 'i Associats', 'Gestió', 'Logística', 'Global', 'Centre', 'Mediterrània', ...CA_SURNAMES.slice(0, 24)]),
  },
  it: {
    activities: s(['Officine', 'Costruzioni', 'Trasporti', 'Alimentari', 'Arredamenti', 'Tessitura', 'Ceramiche', 'Forniture', 'Impianti', 'Edilizia', 'Autoricambi', 'Carpenteria', 'Serramenti', 'Tipografia', 'Elettroforniture', 'Pastificio', 'Oleificio', 'Caseificio', 'Servizi Integrati', 'Logistica']),
    cores: s(['Rossi', 'Russo', 'Ferrari', 'Esposito', 'Bianchi', 'Romano', 'Colombo', 'Ricci', 'Marino', 'Greco', 'Bruno', 'Gallo', 'Conti', 'De Luca', 'Mancini', 'Costa', 'Giordano', 'Rizzo', 'Lombardi', 'Moretti', 'Barbieri', 'Fontana', 'Santoro', 'Mariani', 'Rinaldi', 'Caruso', 'Ferrara', 'Galli', 'Martini', 'Leone', 'Longo', 'Gentile', 'Martinelli', 'Vitale', 'Lombardo', 'Serra', 'Coppola', 'De Santis', "D'Angelo", 'Marchetti', 'Parisi', 'Villa', 'Conte', 'Ferraro', 'Ferri', 'Fabbri', 'Bianco', 'Marini', 'Grasso', 'Valentini']),
    qualifiers: s(['', '& Figli', 'Nord', 'Sud', 'Italia', 'Group', 'Service', '2000', 'Adriatica', 'Tirrena', 'Padana', 'Lombarda', 'Veneta', 'Emiliana', 'Toscana', 'Sistemi', 'Tecnica', 'Industriale', '& C.', 'Fratelli', '& Bianchi', '& Verdi', '& Neri', '& Galli', '& Sala', '& Riva', '& Testa', '& Pellegrini', '& Monti', '& Fumagalli']),
  },
  pl: {
    activities: s(['Przedsiębiorstwo Handlowe', 'Zakład Usługowy', 'Hurtownia', 'Transport', 'Budownictwo', 'Usługi Remontowe', 'Meble', 'Piekarnia', 'Instalacje', 'Auto Serwis', 'Drukarnia', 'Elektro', 'Stal', 'Agro', 'Okna', 'Tartak', 'Kamieniarstwo', 'Ogrody', 'Chłodnictwo', 'Spedycja']),
    cores: s(['Kowalski', 'Nowak', 'Wiśniewski', 'Wójcik', 'Kowalczyk', 'Kamiński', 'Lewandowski', 'Zieliński', 'Szymański', 'Woźniak', 'Dąbrowski', 'Kozłowski', 'Jankowski', 'Mazur', 'Kwiatkowski', 'Krawczyk', 'Piotrowski', 'Grabowski', 'Nowakowski', 'Pawłowski', 'Michalski', 'Król', 'Wieczorek', 'Jabłoński', 'Wróbel', 'Majewski', 'Olszewski', 'Stępień', 'Malinowski', 'Jaworski', 'Adamczyk', 'Dudek', 'Zając', 'Wilk', 'Górski', 'Rutkowski', 'Sikora', 'Baran', 'Michalak', 'Szewczyk']),
    qualifiers: s(['', 'i Synowie', 'Polska', 'Plus', 'Serwis', 'Trans', 'Bud', 'Pomorze', 'Mazowsze', 'Śląsk', 'Centrum', 'Group', 'Tech', 'Eko', 'Max', 'Invest', 'System', 'Partner', 'Export', 'Import', 'Logistic', 'Projekt', 'Market', 'Standard', 'Kompleks', 'Bis', 'Północ', 'Południe', 'Wschód', 'Zachód']),
  },
  ru: {
    activities: [['', ''], ['ТД', 'TD'], ['ПКФ', 'PKF'], ['НПО', 'NPO'], ['СК', 'SK'], ['ТК', 'TK'], ['Агро', 'Agro'], ['Нео', 'Neo'], ['Мега', 'Mega'], ['Евро', 'Evro', 'Euro'], ['Торговый дом', 'Torgovyy dom'], ['Промышленная компания', 'Promyshlennaya kompaniya'], ['Строительная компания', 'Stroitelnaya kompaniya'], ['Транспортная компания', 'Transportnaya kompaniya'], ['Лес', 'Les'], ['Урал', 'Ural']],
    cores: [
      ['Ромашка', 'Romashka'], ['Вектор', 'Vektor', 'Vector'], ['Альянс', 'Alyans', 'Alliance'], ['Стройтехника', 'Stroytekhnika', 'Stroitehnika'], ['Сибирь', 'Sibir'],
      ['Меридиан', 'Meridian'], ['Гранит', 'Granit'], ['Волга', 'Volga'], ['Северный ветер', 'Severnyy veter', 'Severny Veter'], ['Техснаб', 'Tekhsnab', 'Tehsnab'],
      ['Радуга', 'Raduga'], ['Заря', 'Zarya'], ['Восход', 'Voskhod', 'Voshod'], ['Феникс', 'Feniks', 'Phoenix'], ['Горизонт', 'Gorizont'], ['Атлант', 'Atlant'],
      ['Прогресс', 'Progress'], ['Спектр', 'Spektr'], ['Импульс', 'Impuls'], ['Континент', 'Kontinent'], ['Олимп', 'Olimp'], ['Багира', 'Bagira'],
      ['Кристалл', 'Kristall'], ['Берёзка', 'Beryozka', 'Berezka'], ['Надежда', 'Nadezhda'], ['Весна', 'Vesna'], ['Янтарь', 'Yantar'], ['Рубин', 'Rubin'],
      ['Сокол', 'Sokol'], ['Тайга', 'Tayga', 'Taiga'], ['Байкал', 'Baykal', 'Baikal'], ['Енисей', 'Yenisey', 'Enisey'], ['Держава', 'Derzhava'], ['Лидер', 'Lider'],
      ['Стандарт', 'Standart'], ['Квадрат', 'Kvadrat'], ['Арсенал', 'Arsenal'], ['Магистраль', 'Magistral'], ['Полюс', 'Polyus'], ['Гарант', 'Garant'],
    ],
    qualifiers: [['', ''], ['-Строй', '-Stroy'], ['Плюс', 'Plyus', 'Plus'], ['-Сервис', '-Servis'], ['Трейд', 'Treyd', 'Trade'], ['-М', '-M'], ['Групп', 'Grupp', 'Group'], ['-Юг', '-Yug'], ['Север', 'Sever'], ['-Авто', '-Avto'], ['-Инвест', '-Invest'], ['-Холдинг', '-Kholding', '-Holding'], ['-Логистик', '-Logistik'], ['Пром', 'Prom'], ['-Техно', '-Tekhno'], ['2000', '2000'], ['-Центр', '-Tsentr', '-Centr'], ['-Урал', '-Ural'], ['Снаб', 'Snab'], ['-Экспорт', '-Eksport', '-Export']],
  },
};

/** Legal-form keys per country and the spellings exports use (the first is the canonical one). */
export const LEGAL_FORMS: Record<CompanyCountry, Readonly<Record<string, { weight: number; spellings: Spelled }>>> = {
  ES: {
    sl: { weight: 60, spellings: ['S.L.', 'SL', 'S.L', 'S. L.', 'Sociedad Limitada'] },
    slu: { weight: 10, spellings: ['S.L.U.', 'SLU', 'S.L.U'] },
    sa: { weight: 20, spellings: ['S.A.', 'SA', 'S.A', 'Sociedad Anónima'] },
    coop: { weight: 5, spellings: ['S.Coop.', 'S. Coop.', 'SCOOP'] },
    cb: { weight: 5, spellings: ['C.B.', 'CB'] },
  },
  IT: {
    srl: { weight: 55, spellings: ['S.r.l.', 'SRL', 'Srl', 's.r.l.', 'S.R.L.'] },
    srls: { weight: 8, spellings: ['S.r.l.s.', 'SRLS', 'Srls'] },
    spa: { weight: 15, spellings: ['S.p.A.', 'SPA', 'SpA'] },
    snc: { weight: 12, spellings: ['S.n.c.', 'SNC', 'Snc', 'snc'] },
    sas: { weight: 10, spellings: ['S.a.s.', 'Sas', 's.a.s.'] },
  },
  PL: {
    spzoo: { weight: 65, spellings: ['Sp. z o.o.', 'sp. z o.o.', 'sp. z o. o.', 'Sp. z o. o.', 'Sp.z.o.o.', 'Sp. z o.o', 'spółka z ograniczoną odpowiedzialnością'] },
    sa: { weight: 10, spellings: ['S.A.', 'SA', 'Spółka Akcyjna'] },
    spj: { weight: 15, spellings: ['Sp. j.', 'sp.j.', 'spółka jawna'] },
    spk: { weight: 10, spellings: ['Sp. k.', 'sp.k.', 'spółka komandytowa'] },
  },
  RU: {
    ooo: { weight: 80, spellings: ['ООО', 'OOO', 'LLC', 'Общество с ограниченной ответственностью'] },
    ao: { weight: 12, spellings: ['АО', 'AO', 'JSC', 'Акционерное общество'] },
    pao: { weight: 3, spellings: ['ПАО', 'PAO', 'PJSC'] },
    zao: { weight: 5, spellings: ['ЗАО', 'ZAO', 'CJSC'] },
  },
};

/** Street types: the full word, then the abbreviations found in exports. */
export const STREET_TYPES: Record<CompanyLang, readonly Spelled[]> = {
  es: [['Calle', 'C/', 'C/.', 'CL', 'c/'], ['Avenida', 'Avda.', 'Av.', 'AV'], ['Plaza', 'Pza.', 'Pl.'], ['Paseo', 'Pº', 'Pso.'], ['Camino', 'Cno.'], ['Polígono Industrial', 'Pol. Ind.', 'P.I.']],
  ca: [['Carrer', 'C/', 'c.', 'Cr.'], ['Avinguda', 'Av.', 'Avda.'], ['Plaça', 'Pl.', 'Pça.'], ['Passeig', 'Pg.', 'Pg'], ['Ronda', 'Rda.'], ['Polígon Industrial', 'Pol. Ind.']],
  it: [['Via', 'V.'], ['Viale', 'V.le'], ['Piazza', 'P.za', 'P.zza'], ['Corso', 'C.so'], ['Vicolo', 'Vic.'], ['Largo', 'L.go']],
  pl: [['ulica', 'ul.', 'ul', 'Ul.'], ['aleja', 'al.', 'Al.'], ['plac', 'pl.'], ['osiedle', 'os.']],
  ru: [['улица', 'ул.', 'ул', 'ulitsa', 'ul.'], ['проспект', 'пр-т', 'просп.', 'prospekt', 'pr-t'], ['переулок', 'пер.', 'pereulok', 'per.'], ['шоссе', 'ш.', 'shosse'], ['набережная', 'наб.', 'naberezhnaya']],
};

export const STREET_NAMES: Record<CompanyLang, readonly Spelled[]> = {
  es: s(['Mayor', 'Gran Vía', 'Alcalá', 'del Sol', 'de la Constitución', 'Real', 'San Vicente', 'de la Paz', 'Colón', 'Cervantes', 'de Andalucía', 'de la Industria', 'Nueva', 'del Carmen', 'Santa María', 'de Valencia', 'Doctor Fleming', 'Reyes Católicos']),
  ca: s(['Major', 'de Gràcia', 'Diagonal', 'Sant Pere', 'de la Indústria', 'Nou', 'del Mar', 'Sant Joan', 'de Catalunya', 'Balmes', 'Verdaguer', 'de la Rambla', 'Sant Jordi', 'Prat de la Riba']),
  it: s(['Roma', 'Garibaldi', 'Dante', 'Mazzini', 'Cavour', 'Matteotti', 'Europa', 'Libertà', 'Vittorio Emanuele', 'Marconi', 'Verdi', 'dei Mille', 'XX Settembre', 'della Repubblica', 'San Francesco', 'Gramsci']),
  pl: s(['Długa', 'Piękna', 'Piotrkowska', 'Łąkowa', 'Żytnia', 'Śląska', 'Mickiewicza', 'Kościuszki', 'Słowackiego', 'Jana Pawła II', 'Polna', 'Leśna', 'Kwiatowa', 'Ogrodowa', 'Przemysłowa', 'Szkolna']),
  ru: [['Ленина', 'Lenina'], ['Мира', 'Mira'], ['Садовая', 'Sadovaya'], ['Гагарина', 'Gagarina'], ['Лесная', 'Lesnaya'], ['Советская', 'Sovetskaya'], ['Пушкина', 'Pushkina'], ['Центральная', 'Tsentralnaya'], ['Молодёжная', 'Molodyozhnaya', 'Molodezhnaya'], ['Школьная', 'Shkolnaya'], ['Промышленная', 'Promyshlennaya'], ['Кирова', 'Kirova'], ['Октябрьская', 'Oktyabrskaya'], ['Строителей', 'Stroiteley']],
};

/** Franchise brands: franchisees are different companies (own tax id) sharing the brand name. */
export const FRANCHISES: Record<CompanyLang, readonly Spelled[]> = {
  es: s(['Pizzería Don Giovanni', 'Autoescuela Rápida', 'Lavandería Clean&Go', 'Inmobiliaria Tu Casa', 'Óptica Visión Clara', 'Academia Idiomas Plus']),
  ca: s(['Forn de Pa Sant Jordi', 'Autoescola Ràpida', 'Bugaderia Net i Clar', 'Immobiliària Casa Nostra']),
  it: s(['Pizzeria Da Mario', 'Autoscuola Rapida', 'Lavanderia Pulito Subito', 'Immobiliare Casa Mia', 'Ottica Vista Chiara']),
  pl: s(['Pizzeria Mamma Mia', 'Szkoła Jazdy Rondo', 'Pralnia Ekspres', 'Biuro Nieruchomości Dom', 'Optyk Okular']),
  ru: [['Автошкола Светофор', 'Avtoshkola Svetofor'], ['Пекарня Хлебница', 'Pekarnya Khlebnitsa'], ['Химчистка Диана', 'Khimchistka Diana'], ['Агентство недвижимости Этажи', 'Agentstvo nedvizhimosti Etazhi']],
};

/** Free-mail providers by country (domains the normalizer knows as free-mail). */
export const FREE_MAIL: Record<CompanyCountry, readonly string[]> = {
  ES: ['gmail.com', 'gmail.com', 'hotmail.com', 'hotmail.es', 'yahoo.es', 'outlook.es', 'telefonica.net'],
  IT: ['gmail.com', 'libero.it', 'libero.it', 'hotmail.it', 'virgilio.it', 'alice.it', 'tiscali.it'],
  PL: ['wp.pl', 'wp.pl', 'o2.pl', 'onet.pl', 'interia.pl', 'gmail.com'],
  RU: ['yandex.ru', 'yandex.ru', 'mail.ru', 'mail.ru', 'rambler.ru', 'bk.ru', 'gmail.com'],
};

/** Local parts of a company's role addresses. */
export const ROLE_MAILBOXES: Record<CompanyLang, readonly string[]> = {
  es: ['info', 'info', 'administracion', 'contabilidad', 'pedidos', 'ventas', 'facturas'],
  ca: ['info', 'info', 'administracio', 'comptabilitat', 'comandes', 'vendes'],
  it: ['info', 'info', 'amministrazione', 'ordini', 'commerciale', 'fatture'],
  pl: ['biuro', 'biuro', 'info', 'sekretariat', 'zamowienia', 'ksiegowosc'],
  ru: ['info', 'info', 'office', 'zakaz', 'buh', 'sales'],
};

/** Latin given names used to build owners' and accountants' free-mail addresses. */
export const GIVEN_NAMES: Record<CompanyLang, readonly string[]> = {
  es: ['jose', 'maria', 'antonio', 'carmen', 'javier', 'lucia', 'manuel', 'ana', 'francisco', 'laura', 'david', 'marta'],
  ca: ['jordi', 'nuria', 'marc', 'montse', 'pere', 'laia', 'joan', 'merce', 'xavier', 'anna'],
  it: ['marco', 'giulia', 'luca', 'francesca', 'andrea', 'chiara', 'giuseppe', 'sara', 'paolo', 'elena'],
  pl: ['piotr', 'anna', 'krzysztof', 'agnieszka', 'tomasz', 'malgorzata', 'pawel', 'katarzyna', 'marcin', 'ewa'],
  ru: ['ivan', 'olga', 'sergey', 'elena', 'aleksey', 'natalya', 'dmitriy', 'tatyana', 'andrey', 'irina'],
};

/** Abbreviations typed for long words of company names. */
export const NAME_ABBREVIATIONS: Readonly<Record<string, readonly string[]>> = {
  Distribuciones: ['Distrib.', 'Dist.'],
  Construcciones: ['Const.', 'Construc.'],
  Suministros: ['Sum.', 'Suministr.'],
  Transportes: ['Transp.', 'Trans.'],
  Instalaciones: ['Inst.', 'Instal.'],
  'Servicios Integrales': ['Serv. Integrales', 'Servicios Int.'],
  Hermanos: ['Hnos.', 'Hnos'],
  'e Hijos': ['e Hjos.', 'e Hijos'],
  Distribucions: ['Distrib.'],
  Construccions: ['Const.'],
  'Serveis Integrals': ['Serv. Integrals'],
  'Instal·lacions': ['Instal.', 'Instal.lacions', 'Instal·lac.'],
  Costruzioni: ['Costr.'],
  Arredamenti: ['Arred.'],
  Elettroforniture: ['Elettrof.'],
  'Servizi Integrati': ['Serv. Integrati'],
  Fratelli: ['F.lli', 'Flli'],
  'Przedsiębiorstwo Handlowe': ['P.H.', 'PH', 'Przeds. Handlowe'],
  'Zakład Usługowy': ['Z.U.', 'Zakł. Usługowy'],
  'Usługi Remontowe': ['Usł. Remontowe'],
  'Торговый дом': ['ТД'],
  'Torgovyy dom': ['TD'],
};

/** Country cell values as exports write them; every value is read by normalizeCountry. */
export const COUNTRY_SPELLINGS: Record<CompanyCountry, readonly string[]> = {
  ES: ['ES', 'ES', 'España', 'ESPAÑA', 'Spain', 'Espanya', 'es'],
  IT: ['IT', 'IT', 'Italia', 'ITALIA', 'Italy'],
  PL: ['PL', 'PL', 'Polska', 'POLSKA', 'Poland', 'Polonia'],
  RU: ['RU', 'RU', 'Россия', 'Russia', 'Российская Федерация', 'Rusia'],
};

export const LANG_COUNTRY: Record<CompanyLang, CompanyCountry> = { es: 'ES', ca: 'ES', it: 'IT', pl: 'PL', ru: 'RU' };
export const TLD: Record<CompanyCountry, readonly string[]> = { ES: ['es', 'es', 'com'], IT: ['it', 'it', 'com'], PL: ['pl', 'pl', 'com.pl'], RU: ['ru', 'ru', 'com'] };
