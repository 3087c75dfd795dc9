/**
 * Organisations by canonical name: "Canonical|form|form". Forms written in capitals (or mixed case like
 * "MoD") match only as written; other forms match with each content word capitalised. A leading "The" is
 * never part of a form (the article stays outside the span) but may be part of the canonical name.
 */
const ORG_LINES = `
NATO|NATO|Nato|North Atlantic Treaty Organization|North Atlantic Treaty Organisation|North Atlantic Alliance
European Union|EU|E.U.|European Union
United Nations|UN|U.N.|United Nations
UN Security Council|UN Security Council|U.N. Security Council|United Nations Security Council|UNSC
UN General Assembly|UN General Assembly|U.N. General Assembly|United Nations General Assembly
UN Human Rights Council|UN Human Rights Council|United Nations Human Rights Council
UNHCR|UNHCR|UN Refugee Agency|UN refugee agency
UNICEF|UNICEF
World Health Organization|WHO|World Health Organization|World Health Organisation
World Food Programme|WFP|World Food Programme|World Food Program
International Atomic Energy Agency|IAEA|International Atomic Energy Agency
OSCE|OSCE|Organization for Security and Co-operation in Europe|Organization for Security and Cooperation in Europe
International Criminal Court|ICC|International Criminal Court
International Court of Justice|ICJ|International Court of Justice
G7|G7|G-7|Group of Seven
G20|G20|G-20|Group of 20|Group of Twenty
BRICS|BRICS
ASEAN|ASEAN|Association of Southeast Asian Nations
African Union|African Union
Arab League|Arab League
Shanghai Cooperation Organisation|SCO|Shanghai Cooperation Organisation|Shanghai Cooperation Organization
CSTO|CSTO|Collective Security Treaty Organization|Collective Security Treaty Organisation
International Monetary Fund|IMF|International Monetary Fund
World Bank|World Bank
European Commission|European Commission
European Parliament|European Parliament
European Council|European Council
Council of Europe|Council of Europe
International Committee of the Red Cross|ICRC|International Committee of the Red Cross|Red Cross
Amnesty International|Amnesty International
Human Rights Watch|Human Rights Watch
Institute for the Study of War|ISW|Institute for the Study of War
Pentagon|Pentagon
State Department|State Department|US State Department|U.S. State Department|Department of State
Department of Defense|Department of Defense|Defense Department|DoD
Joint Chiefs of Staff|Joint Chiefs of Staff|JCS|Joint Chiefs
National Security Council|National Security Council|NSC
CIA|CIA|Central Intelligence Agency
FBI|FBI|Federal Bureau of Investigation
NSA|NSA|National Security Agency
US Congress|Congress|US Congress|U.S. Congress
US Senate|US Senate|U.S. Senate
House of Representatives|House of Representatives
US Navy|US Navy|U.S. Navy|United States Navy
US Army|US Army|U.S. Army|United States Army
US Air Force|US Air Force|U.S. Air Force|United States Air Force
US Marine Corps|US Marine Corps|U.S. Marine Corps|United States Marine Corps|Marine Corps
Royal Navy|Royal Navy
British Army|British Army
Royal Air Force|Royal Air Force|RAF
Bundeswehr|Bundeswehr
MI6|MI6
MI5|MI5
GCHQ|GCHQ
Ministry of Defence|MoD|MOD
Armed Forces of Ukraine|Armed Forces of Ukraine|AFU|ZSU|Ukrainian Armed Forces
Verkhovna Rada|Verkhovna Rada|Rada|Ukrainian Parliament
Security Service of Ukraine|Security Service of Ukraine|SBU|Ukrainian Security Service
Main Intelligence Directorate|Main Intelligence Directorate|GUR|HUR|Defence Intelligence of Ukraine|Defense Intelligence of Ukraine|Main Directorate of Intelligence
National Anti-Corruption Bureau of Ukraine|National Anti-Corruption Bureau|NABU
State Emergency Service of Ukraine|State Emergency Service|DSNS
Naftogaz|Naftogaz
Ukrenergo|Ukrenergo
Energoatom|Energoatom
FSB|FSB|Federal Security Service
SVR|SVR|Foreign Intelligence Service
GRU|GRU
Rosgvardia|Rosgvardia|Rosgvardiya|National Guard of Russia|Russian National Guard
State Duma|State Duma|Duma
Federation Council|Federation Council
Security Council of Russia|Security Council of Russia|Russian Security Council
Investigative Committee|Investigative Committee
Rosatom|Rosatom
Roscosmos|Roscosmos
Gazprom|Gazprom
Rosneft|Rosneft
Russian Aerospace Forces|Russian Aerospace Forces|VKS
Russian Navy|Russian Navy
Korean People's Army|Korean People's Army|KPA
Workers' Party of Korea|Workers' Party of Korea|Workers Party of Korea|WPK
National Intelligence Service|National Intelligence Service|NIS
Israel Defense Forces|Israel Defense Forces|Israeli Defense Forces|IDF
Mossad|Mossad
Shin Bet|Shin Bet
People's Liberation Army|People's Liberation Army|PLA
Islamic Revolutionary Guard Corps|Islamic Revolutionary Guard Corps|IRGC|Revolutionary Guards|Revolutionary Guard Corps
Hamas|Hamas
Hezbollah|Hezbollah|Hizbollah|Hizballah
Houthis|Houthis|Houthi|Ansar Allah
Islamic State|Islamic State|ISIS|ISIL|Daesh
al-Qaeda|al-Qaeda|Al-Qaeda|al Qaeda|Al Qaeda|al-Qaida
Taliban|Taliban
Palestinian Islamic Jihad|Palestinian Islamic Jihad|Islamic Jihad
Palestinian Authority|Palestinian Authority
Fatah|Fatah
Hayat Tahrir al-Sham|Hayat Tahrir al-Sham|HTS
Syrian Democratic Forces|Syrian Democratic Forces|SDF
PKK|PKK|Kurdistan Workers' Party
Georgian Dream|Georgian Dream
United Russia|United Russia
Alternative for Germany|Alternative for Germany|AfD
Republican Party|Republican Party|GOP
Democratic Party|Democratic Party
Reuters|Reuters
Associated Press|AP|Associated Press
Agence France-Presse|AFP|Agence France-Presse|Agence France Presse
BBC|BBC
CNN|CNN
NBC News|NBC News|NBC
CBS News|CBS News|CBS
ABC News|ABC News
Fox News|Fox News
NPR|NPR
CNBC|CNBC
Bloomberg|Bloomberg
Politico|Politico
Axios|Axios
Newsweek|Newsweek
Al Jazeera|Al Jazeera|Al-Jazeera|Aljazeera
Al Arabiya|Al Arabiya
TASS|TASS|Tass
RIA Novosti|RIA Novosti|RIA
Interfax|Interfax
Interfax-Ukraine|Interfax-Ukraine
Ukrinform|Ukrinform
Ukrainska Pravda|Ukrainska Pravda
Suspilne|Suspilne
Kyiv Independent|Kyiv Independent
Kyiv Post|Kyiv Post
Yonhap|Yonhap|Yonhap News Agency
Korean Central News Agency|KCNA|Korean Central News Agency
Rodong Sinmun|Rodong Sinmun
NK News|NK News
Daily NK|Daily NK
Kyodo|Kyodo|Kyodo News
NHK|NHK
Xinhua|Xinhua
Global Times|Global Times
The Guardian|Guardian
The New York Times|New York Times|NYT
The Washington Post|Washington Post
The Wall Street Journal|Wall Street Journal|WSJ
Financial Times|Financial Times
The Economist|Economist
The Telegraph|Telegraph|Daily Telegraph
The Times of Israel|Times of Israel
Haaretz|Haaretz
Sky News|Sky News
Deutsche Welle|Deutsche Welle|DW
Der Spiegel|Der Spiegel|Spiegel
Le Monde|Le Monde
Bild|Bild
Kommersant|Kommersant
Izvestia|Izvestia
RT|RT|Russia Today
Sputnik|Sputnik
Meduza|Meduza
Novaya Gazeta|Novaya Gazeta
The Moscow Times|Moscow Times
Euronews|Euronews
France 24|France 24
Voice of America|Voice of America|VOA
Radio Free Europe/Radio Liberty|Radio Free Europe|RFE/RL|Radio Liberty
Anadolu Agency|Anadolu Agency|Anadolu
Lockheed Martin|Lockheed Martin
Rheinmetall|Rheinmetall
`;

export interface OrgForm {
  tokens: string[];
  canonical: string;
  /** Match exactly as written (acronyms). */
  exact: boolean;
  raw: string[];
}

const RE_TOKEN = /[\p{L}\p{M}]+|\p{N}+/gu;
const RE_HAS_LOWER = /\p{Ll}/u;

function tokensOf(form: string): string[] {
  return form.match(RE_TOKEN) ?? [];
}

function fold(t: string): string {
  return t.normalize('NFD').replace(/\p{M}+/gu, '').toLowerCase();
}

function parseOrgs(): OrgForm[] {
  const out: OrgForm[] = [];
  for (const raw of ORG_LINES.split('\n')) {
    const line = raw.trim();
    if (line === '') continue;
    const parts = line.split('|');
    const canonical = parts[0] ?? '';
    for (const form of parts.slice(1)) {
      const raws = tokensOf(form);
      // Acronyms and mixed-case short forms ("MoD", "NATO", "RFE/RL") must be written that way.
      const exact = raws.length <= 2 && raws.every((t) => !RE_HAS_LOWER.test(t) || /^[A-Z][a-z][A-Z]/.test(t) || t === 'Nato');
      out.push({ tokens: raws.map(fold), canonical, exact, raw: raws });
    }
  }
  return out;
}

export const ORG_FORMS: readonly OrgForm[] = parseOrgs();

/** Folded first words of organisation names, so the people tagger does not read them as names. */
export const ORG_FIRST_WORDS: ReadonlySet<string> = new Set([
  ...ORG_FORMS.filter((f) => !f.exact).map((f) => f.tokens[0] ?? ''),
  'ministry', 'defence', 'defense', 'foreign', 'interior', 'general', 'armed', 'air', 'national', 'state',
  'security', 'military', 'kyiv', 'moscow', 'white', 'new', 'north', 'south', 'east', 'west', 'central',
]);

/** Bodies that take a country ("Russian Defence Ministry", "Ukraine's General Staff") → canonical suffix. */
export const COUNTRY_BODIES: ReadonlyArray<{ forms: string[]; suffix: string; lowerOk: boolean }> = [
  { forms: ['defence ministry', 'defense ministry', 'ministry of defence', 'ministry of defense'], suffix: 'Ministry of Defence', lowerOk: true },
  { forms: ['foreign ministry', 'ministry of foreign affairs', 'foreign affairs ministry'], suffix: 'Ministry of Foreign Affairs', lowerOk: true },
  { forms: ['interior ministry', 'ministry of internal affairs', 'ministry of interior', 'ministry of the interior'], suffix: 'Ministry of Internal Affairs', lowerOk: true },
  { forms: ['emergencies ministry', 'emergency ministry', 'ministry of emergency situations'], suffix: 'Ministry of Emergency Situations', lowerOk: true },
  { forms: ['justice ministry', 'ministry of justice'], suffix: 'Ministry of Justice', lowerOk: true },
  { forms: ['finance ministry', 'ministry of finance'], suffix: 'Ministry of Finance', lowerOk: true },
  { forms: ['health ministry', 'ministry of health'], suffix: 'Ministry of Health', lowerOk: true },
  { forms: ['unification ministry', 'ministry of unification'], suffix: 'Ministry of Unification', lowerOk: true },
  { forms: ['general staff'], suffix: 'General Staff', lowerOk: true },
  { forms: ['armed forces'], suffix: 'Armed Forces', lowerOk: true },
  { forms: ['air force'], suffix: 'Air Force', lowerOk: true },
  { forms: ['air defence forces', 'air defense forces'], suffix: 'Air Defence Forces', lowerOk: false },
  { forms: ['ground forces'], suffix: 'Ground Forces', lowerOk: false },
  { forms: ['navy'], suffix: 'Navy', lowerOk: true },
  { forms: ['army'], suffix: 'Army', lowerOk: false },
  { forms: ['national guard'], suffix: 'National Guard', lowerOk: false },
  { forms: ['military intelligence'], suffix: 'military intelligence', lowerOk: true },
  { forms: ['parliament'], suffix: 'Parliament', lowerOk: false },
];

/** Adjectives used in canonical names of country bodies. */
export const BODY_DEMONYMS: ReadonlyMap<string, string> = new Map([
  ['RU', 'Russian'], ['UA', 'Ukrainian'], ['US', 'US'], ['GB', 'British'], ['KP', 'North Korean'],
  ['KR', 'South Korean'], ['CN', 'Chinese'], ['IL', 'Israeli'], ['IR', 'Iranian'], ['BY', 'Belarusian'],
  ['PL', 'Polish'], ['DE', 'German'], ['FR', 'French'], ['TR', 'Turkish'], ['JP', 'Japanese'], ['IN', 'Indian'],
  ['IT', 'Italian'], ['ES', 'Spanish'], ['NL', 'Dutch'], ['SE', 'Swedish'], ['FI', 'Finnish'], ['NO', 'Norwegian'],
  ['DK', 'Danish'], ['EE', 'Estonian'], ['LV', 'Latvian'], ['LT', 'Lithuanian'], ['RO', 'Romanian'],
  ['MD', 'Moldovan'], ['GE', 'Georgian'], ['SY', 'Syrian'], ['LB', 'Lebanese'], ['CA', 'Canadian'],
  ['AU', 'Australian'], ['PK', 'Pakistani'], ['SA', 'Saudi'], ['EG', 'Egyptian'], ['HU', 'Hungarian'],
]);

/** Canonical names for a few bodies whose usual English name is not "<demonym> <body>". */
export const BODY_OVERRIDES: ReadonlyMap<string, string> = new Map([
  ['UA Armed Forces', 'Armed Forces of Ukraine'],
  ['UA military intelligence', 'Main Intelligence Directorate'],
  ['RU military intelligence', 'GRU'],
  ['UA Parliament', 'Verkhovna Rada'],
  ['RU Parliament', 'State Duma'],
  ['US Ministry of Defence', 'Department of Defense'],
  ['RU Aerospace Forces', 'Russian Aerospace Forces'],
]);
