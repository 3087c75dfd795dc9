import type { Echelon } from '../../model/entities.ts';

/** Head words of a formation name → echelon (plural forms map to the same echelon). */
export const ECHELON_HEADS: ReadonlyMap<string, { echelon: Echelon; plural: boolean; singular: string }> = new Map([
  ['troop', { echelon: 'troop', plural: false, singular: 'troop' }],
  ['squadron', { echelon: 'squadron', plural: false, singular: 'squadron' }],
  ['squadrons', { echelon: 'squadron', plural: true, singular: 'squadron' }],
  ['company', { echelon: 'company', plural: false, singular: 'company' }],
  ['companies', { echelon: 'company', plural: true, singular: 'company' }],
  ['battalion', { echelon: 'battalion', plural: false, singular: 'battalion' }],
  ['battalions', { echelon: 'battalion', plural: true, singular: 'battalion' }],
  ['btg', { echelon: 'battalion_tactical_group', plural: false, singular: 'btg' }],
  ['btgs', { echelon: 'battalion_tactical_group', plural: true, singular: 'btg' }],
  ['battlegroup', { echelon: 'battlegroup', plural: false, singular: 'battlegroup' }],
  ['battlegroups', { echelon: 'battlegroup', plural: true, singular: 'battlegroup' }],
  ['regiment', { echelon: 'regiment', plural: false, singular: 'regiment' }],
  ['regiments', { echelon: 'regiment', plural: true, singular: 'regiment' }],
  ['brigade', { echelon: 'brigade', plural: false, singular: 'brigade' }],
  ['brigades', { echelon: 'brigade', plural: true, singular: 'brigade' }],
  ['division', { echelon: 'division', plural: false, singular: 'division' }],
  ['divisions', { echelon: 'division', plural: true, singular: 'division' }],
  ['corps', { echelon: 'corps', plural: false, singular: 'corps' }],
  ['army', { echelon: 'army', plural: false, singular: 'army' }],
  ['armies', { echelon: 'army', plural: true, singular: 'army' }],
  ['fleet', { echelon: 'fleet', plural: false, singular: 'fleet' }],
  ['fleets', { echelon: 'fleet', plural: true, singular: 'fleet' }],
  ['flotilla', { echelon: 'fleet', plural: false, singular: 'flotilla' }],
]);

/** Words inside a formation name that say what kind it is; alone they do not make a name. */
export const GENERIC_MODIFIERS: ReadonlySet<string> = new Set([
  'separate', 'independent', 'guards', 'guard', 'mechanized', 'mechanised', 'motorized', 'motorised', 'motor',
  'rifle', 'rifles', 'tank', 'armored', 'armoured', 'airborne', 'air', 'assault', 'marine', 'marines', 'naval',
  'infantry', 'artillery', 'mountain', 'jaeger', 'special', 'forces', 'force', 'purpose', 'territorial', 'defense',
  'defence', 'combined', 'arms', 'operational', 'parachute', 'cavalry', 'airmobile', 'coastal', 'missile',
  'anti', 'aircraft', 'ranger', 'light', 'heavy', 'fighter', 'bomber', 'reconnaissance', 'recon', 'engineer',
  'engineering', 'sapper', 'signal', 'signals', 'logistics', 'support', 'rocket', 'drone', 'unmanned', 'systems',
  'attack', 'strike', 'aviation', 'helicopter', 'expeditionary', 'commando', 'spetsnaz', 'volunteer', 'rapid',
  'reaction', 'response', 'national', 'guardsmen', 'storm', 'stormtrooper', 'shock', 'penal', 'border',
  'garrison', 'training', 'reserve', 'mobile', 'tactical', 'elite', 'new', 'presidential', 'sniper', 'medical',
  'security', 'patrol', 'fires', 'field', 'cyber', 'electronic', 'warfare', 'radio', 'technical', 'motorcycle',
  'army', 'corps', 'group', 'combat', 'brigade', 'battalion', 'regiment', 'division', 'of',
]);

/** Capitalised words that cannot be part of a formation name (the walk back stops there). */
export const NAME_STOPS: ReadonlySet<string> = new Set([
  'the', 'a', 'an', 'and', 'or', 'of', 'in', 'on', 'at', 'by', 'for', 'with', 'from', 'to', 'into', 'its', 'his',
  'her', 'their', 'our', 'this', 'that', 'these', 'those', 'both', 'as', 'after', 'before', 'while', 'when',
  'meanwhile', 'but', 'also', 'says', 'said', 'report', 'reports', 'former', 'ex', 'commander', 'commanders',
  'chief', 'head', 'members', 'soldiers', 'troops', 'fighters', 'unit', 'units', 'nato', 'un', 'eu', 'us',
  'breaking', 'update', 'exclusive', 'analysis', 'watch', 'video', 'live', 'photos', 'how', 'why', 'what',
  'who', 'where', 'is', 'are', 'was', 'were', 'has', 'have', 'had', 'will', 'would', 'could', 'newly',
  'formed', 'deployed', 'elite', 'famed', 'vaunted', 'notorious', 'feared', 'own',
]);

/** Modifiers that make a "Brigade"/"Battalion"/"Regiment" something other than a formation. */
export const NON_MILITARY_MODIFIERS: ReadonlySet<string> = new Set([
  'fire', 'red', 'immortal', 'peace', 'press', 'diplomatic', 'revolutionary', 'criminal', 'homicide',
  'legal', 'civil', 'rights', 'antitrust', 'sales', 'premier', 'league', 'championship', 'cheerleading',
  'shadow', 'dark', 'ghost', 'tanker', 'tankers', 'fishing', 'merchant', 'commercial', 'civilian', 'bus',
  'truck', 'taxi', 'car', 'vehicle', 'aircraft', 'jet', 'fishing', 'whaling', 'salvation', 'boys', 'girls',
  'brass', 'pipe', 'band', 'jazz', 'qassam', 'quds', 'aqsa', 'martyrs', 'al', 'hamas', 'hezbollah', 'houthi',
  'islamic', 'jihad', 'mujahideen', 'ezzedine', 'izz', 'din', 'ad', 'ezzeddine',
]);

/** Names of fleets and flotillas (Russian and others), the only fleets without an ordinal. */
export const FLEET_NAMES: ReadonlySet<string> = new Set([
  'black sea', 'northern', 'pacific', 'baltic', 'caspian', 'atlantic', 'mediterranean', 'eastern', 'southern',
  'western', 'north sea', 'home', 'grand', 'high seas', 'azov', 'dnipro', 'dnieper', 'danube', 'amur',
]);

/** Spelled-out ordinals (capitalised in names: "Third Assault Brigade", "Sixth Fleet"). */
export const SPELLED_ORDINALS: ReadonlyMap<string, number> = new Map([
  ['first', 1], ['second', 2], ['third', 3], ['fourth', 4], ['fifth', 5], ['sixth', 6], ['seventh', 7],
  ['eighth', 8], ['ninth', 9], ['tenth', 10], ['eleventh', 11], ['twelfth', 12], ['thirteenth', 13],
  ['fourteenth', 14], ['fifteenth', 15], ['sixteenth', 16], ['seventeenth', 17], ['eighteenth', 18],
  ['nineteenth', 19], ['twentieth', 20],
]);

/** NATO phonetic letters naming companies and troops ("Alpha Company"). */
export const PHONETIC: ReadonlySet<string> = new Set([
  'alpha', 'bravo', 'charlie', 'delta', 'echo', 'foxtrot', 'golf', 'hotel', 'india', 'kilo', 'lima',
]);

/** Adjectives allowed between a country word and a unit ("Russia's elite 76th ..."). */
export const PRE_UNIT_ADJECTIVES = 'elite|vaunted|famed|famous|notorious|feared|own|new|newly[- ]formed|battle-hardened|storied|legendary|so-called';

export interface NamedUnit {
  /** Token forms, folded, space separated ("wagner group"). */
  forms: string[];
  name: string;
  echelon: Echelon;
  ordinal: number | null;
  country: string | null;
}

/**
 * Formations known by a name without (or besides) an echelon word, matched as whole token sequences.
 * The longest form wins; the name is the canonical one so that all forms merge.
 */
export const NAMED_UNITS: readonly NamedUnit[] = [
  { forms: ['wagner group', 'wagner pmc', 'pmc wagner', 'wagner private military company', 'wagner'], name: 'Wagner Group', echelon: 'pmc', ordinal: null, country: 'RU' },
  { forms: ['africa corps', 'african corps'], name: 'Africa Corps', echelon: 'pmc', ordinal: null, country: 'RU' },
  { forms: ['redut', 'pmc redut'], name: 'Redut', echelon: 'pmc', ordinal: null, country: 'RU' },
  { forms: ['rusich'], name: 'Rusich', echelon: 'pmc', ordinal: null, country: 'RU' },
  { forms: ['akhmat', 'akhmat battalion', 'akhmat special forces'], name: 'Akhmat', echelon: 'battalion', ordinal: null, country: 'RU' },
  { forms: ['storm z', 'storm-z'], name: 'Storm-Z', echelon: 'company', ordinal: null, country: 'RU' },
  { forms: ['kraken'], name: 'Kraken', echelon: 'regiment', ordinal: null, country: 'UA' },
  { forms: ['azov'], name: 'Azov', echelon: 'brigade', ordinal: null, country: 'UA' },
  { forms: ['russian volunteer corps'], name: 'Russian Volunteer Corps', echelon: 'corps', ordinal: null, country: 'UA' },
  { forms: ['somalia battalion'], name: 'Somalia Battalion', echelon: 'battalion', ordinal: null, country: 'RU' },
  { forms: ['gaza division'], name: 'Gaza Division', echelon: 'division', ordinal: null, country: 'IL' },
  { forms: ['kantemirovskaya division'], name: 'Kantemirovskaya Division', echelon: 'division', ordinal: null, country: 'RU' },
  { forms: ['tamanskaya division'], name: 'Tamanskaya Division', echelon: 'division', ordinal: null, country: 'RU' },
];

/** Folded names (see normalizeUnitKey) of well-known formations → owning state. */
const KNOWN_COUNTRY_LIST: ReadonlyArray<[string, string]> = [
  // Russia
  ...['black sea fleet', 'northern fleet', 'pacific fleet', 'baltic fleet', 'caspian flotilla',
    '1 tank army', '2 combined arms army', '3 combined arms army', '5 combined arms army', '6 combined arms army',
    '8 combined arms army', '18 combined arms army', '20 combined arms army', '25 combined arms army',
    '29 combined arms army', '35 combined arms army', '36 combined arms army', '41 combined arms army',
    '49 combined arms army', '58 combined arms army', '3 army corps', '11 army corps', '14 army corps',
    '22 army corps', '68 army corps', '2 motor rifle division', '3 motor rifle division', '4 tank division',
    '10 tank division', '18 motor rifle division', '19 motor rifle division', '20 motor rifle division',
    '27 motor rifle division', '42 motor rifle division', '47 tank division', '70 motor rifle division',
    '90 tank division', '127 motor rifle division', '144 motor rifle division', '150 motor rifle division',
    '76 air assault division', '98 airborne division', '104 air assault division', '106 airborne division',
    '7 air assault division', '7 mountain air assault division', '11 airborne assault brigade',
    '11 air assault brigade', '83 air assault brigade', '31 air assault brigade', '45 spetsnaz brigade',
    '45 special purpose brigade', '3 spetsnaz brigade', '22 spetsnaz brigade', '53 anti aircraft missile brigade',
    '64 motor rifle brigade', '200 motor rifle brigade', '155 marine brigade', '155 naval infantry brigade',
    '810 marine brigade', '810 naval infantry brigade', '336 marine brigade', '40 marine brigade',
    '61 marine brigade', '331 parachute regiment', '234 air assault regiment', '137 parachute regiment',
    '217 parachute regiment', '1 motor rifle regiment', 'special buryat battalion', 'vostok battalion',
    'sparta battalion', 'pyatnashka battalion', 'arbat battalion'].map((k): [string, string] => [k, 'RU']),
  // Ukraine
  ...['3 assault brigade', '47 mechanized brigade', '93 mechanized brigade', '72 mechanized brigade',
    '92 assault brigade', '95 air assault brigade', '80 air assault brigade', '79 air assault brigade',
    '81 airmobile brigade', '82 air assault brigade', '25 airborne brigade', '46 airmobile brigade',
    '36 marine brigade', '35 marine brigade', '37 marine brigade', '38 marine brigade', '24 mechanized brigade',
    '28 mechanized brigade', '30 mechanized brigade', '53 mechanized brigade', '54 mechanized brigade',
    '56 motorized infantry brigade', '57 motorized infantry brigade', '58 motorized infantry brigade',
    '59 motorized infantry brigade', '60 mechanized brigade', '63 mechanized brigade', '65 mechanized brigade',
    '66 mechanized brigade', '67 mechanized brigade', '68 jaeger brigade', '110 mechanized brigade',
    '115 mechanized brigade', '116 mechanized brigade', '117 mechanized brigade', '118 mechanized brigade',
    '128 mountain assault brigade', '10 mountain assault brigade', '14 mechanized brigade', '17 tank brigade',
    '1 tank brigade', '4 tank brigade', '5 assault brigade', '12 azov brigade', '12 special forces brigade',
    '13 khartia brigade', '22 mechanized brigade', '33 mechanized brigade', '41 mechanized brigade',
    '43 artillery brigade', '44 artillery brigade', '88 mechanized brigade', '155 mechanized brigade',
    '1 presidential brigade', 'presidential brigade', 'azov brigade', 'azov regiment', 'azov battalion',
    'aidar battalion', 'da vinci wolves battalion', 'khartia brigade', 'magura brigade', 'kraken regiment',
    '1 azov corps', '3 army corps ukraine', 'third assault brigade', 'sixth assault brigade'].map((k): [string, string] => [k, 'UA']),
  // United States
  ...['82 airborne division', '101 airborne division', '10 mountain division', '1 cavalry division',
    '1 armored division', '1 infantry division', '3 infantry division', '4 infantry division',
    '25 infantry division', '173 airborne brigade', '2 cavalry regiment', '75 ranger regiment',
    '18 airborne corps', '5 corps', '3 armored corps', '1 corps', '1 marine division', '2 marine division',
    '3 marine division', '2 fleet', '3 fleet', '4 fleet', '5 fleet', '6 fleet', '7 fleet', '10 fleet'].map((k): [string, string] => [k, 'US']),
  // Israel
  ...['golani brigade', 'givati brigade', 'nahal brigade', 'kfir brigade', 'paratroopers brigade',
    '7 armored brigade', '36 division', '98 division', '162 division', '99 division', '252 division',
    'netzah yehuda battalion'].map((k): [string, string] => [k, 'IL']),
  // United Kingdom, North Korea
  ['16 air assault brigade', 'GB'], ['3 commando brigade', 'GB'], ['1 uk division', 'GB'], ['3 uk division', 'GB'],
  ['11 corps', 'KP'], ['storm corps', 'KP'],
  ...['center group of forces', 'centre group of forces', 'north group of forces', 'northern group of forces',
    'south group of forces', 'southern group of forces', 'west group of forces', 'western group of forces',
    'east group of forces', 'eastern group of forces', 'dnepr group of forces', 'dnieper group of forces',
    'kursk group of forces'].map((k): [string, string] => [k, 'RU']),
  ...['dnipro group of forces', 'khortytsia group of forces', 'tavria group of forces', 'khortytsia strategic group',
    'tavria strategic group', 'khortytsia operational strategic group', 'tavria operational strategic group',
    'odesa group of forces'].map((k): [string, string] => [k, 'UA']),
];

export const KNOWN_COUNTRY: ReadonlyMap<string, string> = new Map(KNOWN_COUNTRY_LIST);

const RE_KEY_DROP = /\b(?:separate|independent|guards?|the|ukraine's|ukrainian|russian|named after [a-z ]+)\b/g;
const RE_NON_WORD = /[^a-z0-9]+/g;
const KEY_SPELLING: ReadonlyArray<[RegExp, string]> = [
  [/mechanised/g, 'mechanized'], [/motorised/g, 'motorized'], [/armoured/g, 'armored'],
  [/defence/g, 'defense'], [/airborne assault/g, 'airborne assault'], [/naval infantry/g, 'naval infantry'],
];

/** Lookup key for a unit name: lower case, ordinal as a bare number, filler words dropped. */
export function normalizeUnitKey(name: string, ordinal: number | null): string {
  let k = name.toLowerCase();
  for (const [re, to] of KEY_SPELLING) k = k.replace(re, to);
  k = k.replace(RE_KEY_DROP, ' ');
  // Drop the ordinal as written ("11th", "XVIII", "Third") and put the number first.
  const parts = k.replace(RE_NON_WORD, ' ').trim().split(' ').filter((p) => p !== '');
  if (ordinal !== null && parts.length > 0) parts.shift();
  const body = parts.join(' ');
  return ordinal !== null ? `${ordinal} ${body}` : body;
}
