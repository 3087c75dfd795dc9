import type { CountryMentionKind } from '../../model/entities.ts';

/** Behaviour flags on a gazetteer form; context rules in context-rules.ts read them. */
export const Flag = {
  none: 0,
  /** Capital or seat of power: counts only when used for the state ("Moscow denied"). */
  capital: 1,
  /** Also a given name: a capitalised word right after it makes it a person ("Jordan Peterson"). */
  givenName: 2,
  /** Also a surname: a capitalised word right before it makes it a person ("Michael Jordan"). */
  surname: 4,
  /** Only after "the" ("the Emirates", "the North"); the article stays outside the span. */
  requiresThe: 8,
  /** Needs Korean context elsewhere in the text ("the North" → KP). */
  koreaContext: 16,
  /** Georgia / Georgian: the US state in an Atlanta story. */
  georgia: 32,
  /** Two-letter upper-case acronym that is also a word ("US"): skipped in all-caps text. */
  shortAcronym: 64,
  /** Also a common noun when capitalised at sentence start ("Turkey dinner", "China plates"). */
  commonNoun: 128,
  /** Washington: the US state in a Seattle story. */
  washington: 256,
  /** Seat of power (Kremlin, White House): a capitalised word after it does not start another name. */
  seat: 512,
} as const;

/** Case policy: any case, capitalised words must stay capitalised, or exact upper-case acronym. */
export const CaseMode = { any: 0, capitalized: 1, exact: 2 } as const;
export type CaseMode = (typeof CaseMode)[keyof typeof CaseMode];

export interface CuratedForm {
  iso2: string | null;
  form: string;
  kind: CountryMentionKind;
  flags?: number;
  caseMode?: CaseMode;
  /** Display name for iso2 === null entries. */
  name?: string;
}

const A = 'alias' as const;
const N = 'name' as const;
const D = 'demonym' as const;
const C = 'capital' as const;

/** Curated English forms that override or complete world-countries. Listed forms win collisions. */
export const CURATED_FORMS: readonly CuratedForm[] = [
  // United States
  { iso2: 'US', form: 'U.S.', kind: A, caseMode: CaseMode.exact },
  { iso2: 'US', form: 'US', kind: A, caseMode: CaseMode.exact, flags: Flag.shortAcronym },
  { iso2: 'US', form: 'USA', kind: A, caseMode: CaseMode.exact },
  { iso2: 'US', form: 'U.S.A.', kind: A, caseMode: CaseMode.exact },
  { iso2: 'US', form: 'America', kind: A },
  { iso2: 'US', form: 'United States', kind: N },
  { iso2: 'US', form: 'United States of America', kind: N },
  { iso2: 'US', form: 'Washington', kind: C, flags: Flag.capital | Flag.surname | Flag.washington },
  { iso2: 'US', form: 'White House', kind: C, flags: Flag.capital | Flag.seat },
  // United Kingdom
  { iso2: 'GB', form: 'UK', kind: A, caseMode: CaseMode.exact },
  { iso2: 'GB', form: 'U.K.', kind: A, caseMode: CaseMode.exact },
  { iso2: 'GB', form: 'Britain', kind: A },
  { iso2: 'GB', form: 'Great Britain', kind: A },
  { iso2: 'GB', form: 'United Kingdom', kind: N },
  { iso2: 'GB', form: 'England', kind: N },
  { iso2: 'GB', form: 'Scotland', kind: N },
  { iso2: 'GB', form: 'Wales', kind: N, flags: Flag.surname },
  { iso2: 'GB', form: 'Northern Ireland', kind: N },
  { iso2: 'GB', form: 'Downing Street', kind: C, flags: Flag.capital | Flag.seat },
  // Koreas
  { iso2: 'KP', form: 'North Korea', kind: N },
  { iso2: 'KP', form: 'DPRK', kind: A, caseMode: CaseMode.exact },
  { iso2: 'KP', form: 'D.P.R.K.', kind: A, caseMode: CaseMode.exact },
  { iso2: 'KP', form: 'North', kind: A, flags: Flag.requiresThe | Flag.koreaContext },
  { iso2: 'KR', form: 'South Korea', kind: N },
  { iso2: 'KR', form: 'Republic of Korea', kind: N },
  { iso2: 'KR', form: 'ROK', kind: A, caseMode: CaseMode.exact },
  { iso2: 'KR', form: 'South', kind: A, flags: Flag.requiresThe | Flag.koreaContext },
  // Russia, Ukraine and neighbours
  { iso2: 'RU', form: 'Russia', kind: N },
  { iso2: 'RU', form: 'Russian Federation', kind: N },
  { iso2: 'RU', form: 'Kremlin', kind: C, flags: Flag.capital | Flag.seat },
  { iso2: 'UA', form: 'Ukraine', kind: N },
  { iso2: 'UA', form: 'Kyiv', kind: C, flags: Flag.capital },
  { iso2: 'UA', form: 'Kiev', kind: C, flags: Flag.capital },
  { iso2: 'UA', form: 'Bankova', kind: C, flags: Flag.capital | Flag.seat },
  { iso2: 'GE', form: 'Georgia', kind: N, flags: Flag.georgia },
  { iso2: 'GE', form: 'Georgian', kind: D, flags: Flag.georgia },
  { iso2: 'GE', form: 'Georgians', kind: D, flags: Flag.georgia },
  { iso2: 'BY', form: 'Byelorussian', kind: D },
  { iso2: 'BY', form: 'Belarusan', kind: D },
  { iso2: 'MD', form: 'Moldavia', kind: A },
  // China, Taiwan
  { iso2: 'CN', form: 'China', kind: N, flags: Flag.commonNoun },
  { iso2: 'CN', form: 'PRC', kind: A, caseMode: CaseMode.exact },
  { iso2: 'CN', form: 'P.R.C.', kind: A, caseMode: CaseMode.exact },
  { iso2: 'CN', form: 'Mainland China', kind: A },
  { iso2: 'CN', form: 'Zhongnanhai', kind: C, flags: Flag.capital | Flag.seat },
  { iso2: 'TW', form: 'Taiwan', kind: N },
  { iso2: 'TW', form: 'Taipei', kind: C, flags: Flag.capital },
  // Middle East
  { iso2: 'AE', form: 'UAE', kind: A, caseMode: CaseMode.exact },
  { iso2: 'AE', form: 'U.A.E.', kind: A, caseMode: CaseMode.exact },
  { iso2: 'AE', form: 'Emirates', kind: A, flags: Flag.requiresThe },
  { iso2: 'SA', form: 'KSA', kind: A, caseMode: CaseMode.exact },
  { iso2: 'SA', form: 'Saudi', kind: D },
  { iso2: 'SA', form: 'Saudis', kind: D },
  { iso2: 'PS', form: 'Palestine', kind: N },
  { iso2: 'PS', form: 'State of Palestine', kind: N },
  { iso2: 'PS', form: 'Palestinian', kind: D },
  { iso2: 'PS', form: 'Palestinians', kind: D },
  { iso2: 'PS', form: 'Ramallah', kind: C, flags: Flag.capital },
  { iso2: 'JO', form: 'Jordan', kind: N, flags: Flag.givenName | Flag.surname },
  { iso2: 'IL', form: 'Jerusalem', kind: C, flags: Flag.capital },
  { iso2: 'IL', form: 'Israel', kind: N, flags: Flag.givenName },
  { iso2: 'IR', form: 'Teheran', kind: C, flags: Flag.capital },
  { iso2: 'YE', form: 'Sanaa', kind: C, flags: Flag.capital },
  { iso2: 'AZ', form: 'Azeri', kind: D },
  { iso2: 'AZ', form: 'Azeris', kind: D },
  // Europe
  { iso2: 'NL', form: 'Holland', kind: A, flags: Flag.surname },
  { iso2: 'NL', form: 'Netherlands', kind: N },
  { iso2: 'NL', form: 'Dutchman', kind: D },
  { iso2: 'NL', form: 'Dutchmen', kind: D },
  { iso2: 'CZ', form: 'Czech Republic', kind: N },
  { iso2: 'CZ', form: 'Czechia', kind: N },
  { iso2: 'CZ', form: 'Czechs', kind: D },
  { iso2: 'TR', form: 'Turkey', kind: N, flags: Flag.commonNoun },
  { iso2: 'TR', form: 'Türkiye', kind: N },
  { iso2: 'TR', form: 'Republic of Turkey', kind: N },
  { iso2: 'TR', form: 'Turk', kind: D },
  { iso2: 'TR', form: 'Turks', kind: D },
  { iso2: 'FR', form: 'Frenchman', kind: D },
  { iso2: 'FR', form: 'Frenchmen', kind: D },
  { iso2: 'FR', form: 'Frenchwoman', kind: D },
  { iso2: 'FR', form: 'Elysee', kind: C, flags: Flag.capital | Flag.seat },
  { iso2: 'FR', form: 'Élysée', kind: C, flags: Flag.capital | Flag.seat },
  { iso2: 'FR', form: 'Elysee Palace', kind: C, flags: Flag.capital | Flag.seat },
  { iso2: 'GB', form: 'Briton', kind: D },
  { iso2: 'GB', form: 'Britons', kind: D },
  { iso2: 'GB', form: 'Brit', kind: D },
  { iso2: 'GB', form: 'Brits', kind: D },
  { iso2: 'GB', form: 'Scot', kind: D },
  { iso2: 'GB', form: 'Scots', kind: D },
  { iso2: 'GB', form: 'Scotsman', kind: D },
  { iso2: 'GB', form: 'Scotsmen', kind: D },
  { iso2: 'GB', form: 'Scottish', kind: D },
  { iso2: 'GB', form: 'Welsh', kind: D },
  { iso2: 'GB', form: 'Welshman', kind: D },
  { iso2: 'GB', form: 'Welshmen', kind: D },
  { iso2: 'GB', form: 'Englishman', kind: D },
  { iso2: 'GB', form: 'Englishmen', kind: D },
  { iso2: 'GB', form: 'Northern Irish', kind: D },
  { iso2: 'IE', form: 'Irishman', kind: D },
  { iso2: 'IE', form: 'Irishmen', kind: D },
  { iso2: 'PL', form: 'Pole', kind: D },
  { iso2: 'PL', form: 'Poles', kind: D },
  { iso2: 'SE', form: 'Swede', kind: D },
  { iso2: 'SE', form: 'Swedes', kind: D },
  { iso2: 'DK', form: 'Danes', kind: D },
  { iso2: 'FI', form: 'Finns', kind: D },
  { iso2: 'ES', form: 'Spaniard', kind: D },
  { iso2: 'ES', form: 'Spaniards', kind: D },
  { iso2: 'SI', form: 'Slovenian', kind: D },
  { iso2: 'SI', form: 'Slovenians', kind: D },
  { iso2: 'RS', form: 'Serb', kind: D },
  { iso2: 'RS', form: 'Serbs', kind: D },
  { iso2: 'HR', form: 'Croat', kind: D },
  { iso2: 'HR', form: 'Croats', kind: D },
  { iso2: 'MK', form: 'Macedonia', kind: A },
  { iso2: 'VA', form: 'Vatican', kind: N },
  { iso2: 'VA', form: 'Holy See', kind: A },
  { iso2: 'XK', form: 'Pristina', kind: C, flags: Flag.capital },
  { iso2: 'XK', form: 'Prishtina', kind: C, flags: Flag.capital },
  // Asia
  { iso2: 'MM', form: 'Burma', kind: A },
  { iso2: 'MM', form: 'Myanmar', kind: N },
  { iso2: 'MM', form: 'Naypyitaw', kind: C, flags: Flag.capital },
  { iso2: 'MM', form: 'Nay Pyi Taw', kind: C, flags: Flag.capital },
  { iso2: 'MN', form: 'Ulaanbaatar', kind: C, flags: Flag.capital },
  { iso2: 'KZ', form: 'Kazakh', kind: D },
  { iso2: 'KZ', form: 'Kazakhs', kind: D },
  { iso2: 'UZ', form: 'Uzbek', kind: D },
  { iso2: 'UZ', form: 'Uzbeks', kind: D },
  { iso2: 'TJ', form: 'Tajik', kind: D },
  { iso2: 'TJ', form: 'Tajiks', kind: D },
  { iso2: 'KG', form: 'Kyrgyz', kind: D },
  { iso2: 'NP', form: 'Nepali', kind: D },
  { iso2: 'PH', form: 'Philippine', kind: D },
  { iso2: 'PH', form: 'Filipina', kind: D },
  { iso2: 'PH', form: 'Filipinas', kind: D },
  { iso2: 'HK', form: 'Hongkonger', kind: D },
  { iso2: 'HK', form: 'Hongkongers', kind: D },
  { iso2: 'AU', form: 'Aussie', kind: D },
  { iso2: 'AU', form: 'Aussies', kind: D },
  { iso2: 'TL', form: 'East Timor', kind: N },
  // Africa and the Americas
  { iso2: 'CI', form: 'Ivory Coast', kind: N },
  { iso2: 'CI', form: "Côte d'Ivoire", kind: N },
  { iso2: 'CI', form: "Cote D'Ivoire", kind: N },
  { iso2: 'CD', form: 'Congo', kind: N },
  { iso2: 'CD', form: 'Democratic Republic of Congo', kind: N },
  { iso2: 'CD', form: 'Democratic Republic of the Congo', kind: N },
  { iso2: 'CD', form: 'DR Congo', kind: N },
  { iso2: 'CD', form: 'D.R. Congo', kind: N },
  { iso2: 'CD', form: 'DRC', kind: A, caseMode: CaseMode.exact },
  { iso2: 'CD', form: 'Congo-Kinshasa', kind: N },
  { iso2: 'CD', form: 'Congo Kinshasa', kind: N },
  { iso2: 'CD', form: 'Congolese', kind: D },
  { iso2: 'CG', form: 'Republic of the Congo', kind: N },
  { iso2: 'CG', form: 'Republic of Congo', kind: N },
  { iso2: 'CG', form: 'Congo-Brazzaville', kind: N },
  { iso2: 'CG', form: 'Congo Brazzaville', kind: N },
  { iso2: 'TD', form: 'Chad', kind: N, flags: Flag.givenName },
  { iso2: 'DO', form: 'Dominican', kind: D },
  { iso2: 'DO', form: 'Dominicans', kind: D },
  { iso2: 'SZ', form: 'Swaziland', kind: A },
  { iso2: 'CV', form: 'Cape Verde', kind: N },
  { iso2: 'CV', form: 'Cabo Verde', kind: N },
  { iso2: 'EC', form: 'Ecuadorian', kind: D },
  { iso2: 'EC', form: 'Ecuadorians', kind: D },
  { iso2: 'AR', form: 'Argentinian', kind: D },
  { iso2: 'AR', form: 'Argentinians', kind: D },
  { iso2: 'SV', form: 'Salvadorean', kind: D },
  // States that no longer exist
  { iso2: null, name: 'Soviet Union', form: 'Soviet', kind: D },
  { iso2: null, name: 'Soviet Union', form: 'Soviets', kind: D },
  { iso2: null, name: 'Soviet Union', form: 'Soviet Union', kind: N },
  { iso2: null, name: 'Soviet Union', form: 'USSR', kind: A, caseMode: CaseMode.exact },
  { iso2: null, name: 'Soviet Union', form: 'U.S.S.R.', kind: A, caseMode: CaseMode.exact },
  { iso2: null, name: 'Yugoslavia', form: 'Yugoslavia', kind: N },
  { iso2: null, name: 'Yugoslavia', form: 'Yugoslav', kind: D },
  { iso2: null, name: 'Czechoslovakia', form: 'Czechoslovakia', kind: N },
  { iso2: null, name: 'East Germany', form: 'East Germany', kind: N },
];

/**
 * Phrases that contain a country form but are not country mentions. Matched case-insensitively
 * (after a capitalised first word) and, being longer, they win over the form inside them.
 */
export const BLOCKED_PHRASES: readonly string[] = [
  'Latin America', 'Latin American', 'Latin Americans', 'South America', 'South American',
  'South Americans', 'North America', 'North American', 'North Americans', 'Central America',
  'Central American', 'Central Americans', 'Pan-American', 'Pan American', 'Captain America',
  'Miss America', 'Indian Ocean', 'Indian subcontinent', 'Indian summer', 'India ink',
  'New Mexico', 'New Mexican', 'New Jersey', 'Jersey City', 'Jersey Shore', 'New Guinea',
  'West Timor', 'New England', 'New South Wales', 'British Columbia', 'Gulf of Guinea',
  'Guinea pig', 'Guinea pigs', 'Guinea fowl', 'Guinea worm', 'Niger River', 'River Niger',
  'Niger Delta', 'Niger-Congo', 'Lake Chad', 'Jordan River', 'River Jordan', 'Jordan Valley',
  'Air Jordan', 'Congo River', 'Congo Basin', 'South China Sea', 'East China Sea', 'Sea of Japan',
  'Gulf of Mexico', 'Irish Sea', 'Washington Post', 'Washington Times', 'Washington state',
  'Washington Monument', 'Washington Nationals', 'Washington Commanders', 'Washington Wizards',
  'Washington Capitals', 'Washington Mystics', 'Washington Square', 'George Washington',
  'Denzel Washington', 'Booker T. Washington', 'Mount Washington', 'Lake Washington',
  'Moscow Times', 'Kyiv Post', 'Kyiv Independent', 'Kiev Post', 'Tehran Times',
  'Paris Saint-Germain', 'Paris Hilton', 'Brussels', 'Brussels sprouts', 'Georgia Tech',
  'Georgia State', 'French fries', 'French toast', 'French kiss', 'French horn', 'French press',
  'French dressing', 'Swiss cheese', 'Swiss army knife', 'Turkish delight', 'Russian roulette',
  'Russian doll', 'Russian dolls', 'Chinese checkers', 'Chinese whispers', 'Dutch oven',
  'Dutch courage', 'Danish pastry', 'Irish coffee', 'Panama hat', 'Jerusalem artichoke',
  'Mexican wave', 'Great Dane', 'North Pole', 'South Pole', 'Young Turks', 'Norwegian Air',
  'Fly Emirates',
];

/** world-countries alternative spellings that are ordinary words, names or ambiguous here. */
export const DROPPED_FORMS: ReadonlySet<string> = new Set([
  'island', 'mann', 'prathet', 'thai', 'lao', 'togolese', 'viti', 'timor', 'dominique', 'saudi',
  'rsa', 'guiana', 'the valley', 'reunion', 'sarnam', 'nihon', 'english', 'korea', 'korean',
  'lao people\'s democratic republic', 'the bermudas', 'somers isles', 'pleasant island',
  'the abode of peace', 'nation of brunei', 'portuguesa', 'mexicanos', 'naoero', 'aland',
  'congo', 'emirates',
]);

/** Capitals from world-countries left out: common words or names, or rarely used for the state. */
export const DROPPED_CAPITALS: ReadonlySet<string> = new Set([
  'victoria', 'male', 'moroni', 'kingston', 'santiago', 'georgetown', 'saint john\'s',
  'st. george\'s', 'nassau', 'palikir', 'ngerulmud', 'lobamba', 'bloemfontein', 'cape town',
  'sri jayawardenepura kotte', 'praia', 'sucre', 'yaren', 'funafuti',
  'south tarawa', 'majuro', 'basseterre', 'castries', 'kingstown', 'roseau', 'belmopan',
  'port louis', 'dili', 'victoria', 'honiara', 'port vila', 'nuku\'alofa', 'gitega',
]);

/** Words that, capitalised right after a given-name form, keep it a country ("Jordan King Abdullah"). */
export const STATE_FOLLOWERS: ReadonlySet<string> = new Set([
  'king', 'queen', 'crown', 'prince', 'princess', 'foreign', 'prime', 'president', 'minister',
  'ministry', 'government', 'army', 'armed', 'air', 'royal', 'embassy', 'times', 'news',
  'defense', 'defence', 'interior', 'border', 'police', 'national', 'red', 'central', 'state',
  'parliament', 'senate', 'says', 'said', 'will', 'and', 'or', 'aerospace', 'hayom', 'railways',
  'electric', 'prison', 'airports', 'ports', 'security', 'intelligence', 'navy', 'forces', 'military',
  'cabinet', 'knesset', 'bonds', 'chemicals', 'football', 'radio', 'television',
]);

/** Common given names that precede a surname-like country form in title-case text. */
export const GIVEN_NAMES: ReadonlySet<string> = new Set([
  'michael', 'george', 'denzel', 'booker', 'kerry', 'jim', 'vernon', 'barbara', 'eddie', 'tom',
  'jimmy', 'isaiah', 'john', 'james', 'david', 'robert', 'mary', 'chris', 'mike', 'brian',
]);

/** Words that turn a capitalised common-noun form into the noun ("Turkey dinner", "China cabinet"). */
export const COMMON_NOUN_FOLLOWERS: ReadonlySet<string> = new Set([
  'dinner', 'sandwich', 'sandwiches', 'breast', 'burger', 'burgers', 'meat', 'leg', 'legs',
  'feast', 'vulture', 'vultures', 'bacon', 'roast', 'gravy', 'stuffing', 'trot', 'shoot',
  'plate', 'plates', 'cabinet', 'set', 'teacup', 'teacups', 'dishes', 'pattern',
]);

/** Words before a common-noun form that make it the noun ("fine china", "roast turkey"). */
export const COMMON_NOUN_PRECEDERS: ReadonlySet<string> = new Set([
  'fine', 'bone', 'roast', 'roasted', 'wild', 'smoked', 'thanksgiving', 'christmas', 'stuffed',
]);

/** Prefixes of ship names: "USS Georgia" is a ship. */
export const SHIP_PREFIXES: ReadonlySet<string> = new Set([
  'uss', 'hms', 'rfs', 'ins', 'hmas', 'hmcs', 'hmnzs', 'usns', 'ss', 'rv', 'mv',
]);
