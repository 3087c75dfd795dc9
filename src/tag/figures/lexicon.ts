import type { FigureCategory, FigureQualifier } from '../../model/entities.ts';

/** Spelled-out numbers below one hundred. */
export const SMALL_NUMBERS: ReadonlyMap<string, number> = new Map([
  ['one', 1], ['two', 2], ['three', 3], ['four', 4], ['five', 5], ['six', 6], ['seven', 7], ['eight', 8],
  ['nine', 9], ['ten', 10], ['eleven', 11], ['twelve', 12], ['thirteen', 13], ['fourteen', 14], ['fifteen', 15],
  ['sixteen', 16], ['seventeen', 17], ['eighteen', 18], ['nineteen', 19], ['twenty', 20], ['thirty', 30],
  ['forty', 40], ['fifty', 50], ['sixty', 60], ['seventy', 70], ['eighty', 80], ['ninety', 90],
]);

/** Scale words that multiply the number before them ("1.5 million", "two hundred"). */
export const SCALE_WORDS: ReadonlyMap<string, number> = new Map([
  ['hundred', 100], ['thousand', 1e3], ['million', 1e6], ['billion', 1e9], ['trillion', 1e12], ['dozen', 12],
  ['mln', 1e6], ['mn', 1e6], ['bn', 1e9], ['bln', 1e9], ['tn', 1e12], ['trn', 1e12],
]);

/** Abbreviated scales glued to digits ("3bn", "10k", "$5m"). */
export const SCALE_SUFFIXES: ReadonlyMap<string, number> = new Map([
  ['k', 1e3], ['m', 1e6], ['mn', 1e6], ['mln', 1e6], ['b', 1e9], ['bn', 1e9], ['bln', 1e9], ['tn', 1e12], ['trn', 1e12],
]);

/** Plural magnitudes in vague quantities ("thousands of"); "tens"/"hundreds" may combine ("tens of thousands"). */
export const VAGUE_WORDS: ReadonlyMap<string, number> = new Map([
  ['tens', 10], ['dozens', 12], ['scores', 20], ['hundreds', 100], ['thousands', 1e3], ['millions', 1e6],
  ['billions', 1e9], ['trillions', 1e12],
]);

export interface QualifierRule {
  words: readonly string[];
  qualifier: FigureQualifier;
  /** Whether max is set to N ("nearly 100" is at most 100). */
  maxIsValue: boolean;
}

function rule(phrase: string, qualifier: FigureQualifier, maxIsValue = false): QualifierRule {
  return { words: phrase.split(' '), qualifier, maxIsValue };
}

/** Qualifiers before a number, longest first so "no more than" beats "more than". */
export const QUALIFIERS: readonly QualifierRule[] = [
  rule('as many as', 'up_to', true), rule('as much as', 'up_to', true), rule('a maximum of', 'up_to', true),
  rule('no more than', 'up_to', true), rule('not more than', 'up_to', true),
  rule('a minimum of', 'at_least'), rule('no fewer than', 'at_least'), rule('no less than', 'at_least'),
  rule('in excess of', 'at_least'), rule('well over', 'at_least'), rule('just over', 'at_least'),
  rule('an estimated', 'about'), rule('close to', 'about', true), rule('just under', 'about', true),
  rule('up to', 'up_to', true), rule('fewer than', 'up_to', true), rule('less than', 'up_to', true),
  rule('at least', 'at_least'), rule('more than', 'at_least'), rule('upwards of', 'at_least'),
  rule('over', 'at_least'),
  rule('nearly', 'about', true), rule('almost', 'about', true),
  rule('about', 'about'), rule('around', 'about'), rule('some', 'about'), rule('roughly', 'about'),
  rule('approximately', 'about'), rule('approx', 'about'), rule('estimated', 'about'), rule('circa', 'about'),
].sort((a, b) => b.words.length - a.words.length);

/** First words of qualifiers, to tell a qualifier from a capitalised name before a number. */
export const QUALIFIER_FIRST_WORDS: ReadonlySet<string> = new Set(QUALIFIERS.map((q) => q.words[0] ?? ''));

/** Currency symbols before the amount, with the ISO 4217 code. */
export const CURRENCY_SYMBOLS: ReadonlyMap<string, string> = new Map([
  ['$', 'USD'], ['US$', 'USD'], ['A$', 'AUD'], ['C$', 'CAD'], ['HK$', 'HKD'], ['NZ$', 'NZD'], ['£', 'GBP'],
  ['€', 'EUR'], ['₽', 'RUB'], ['₴', 'UAH'], ['¥', 'JPY'], ['₹', 'INR'], ['₩', 'KRW'], ['₪', 'ILS'], ['₺', 'TRY'],
]);

/** Currency codes written before or after the amount ("USD 5m", "5m euros"). */
export const CURRENCY_CODES: ReadonlySet<string> = new Set([
  'USD', 'EUR', 'GBP', 'RUB', 'UAH', 'CNY', 'JPY', 'KRW', 'KPW', 'INR', 'CHF', 'CAD', 'AUD', 'ILS', 'TRY', 'IRR', 'PLN',
]);

/** Currency words after the amount: code and the fraction of a unit (cents are 1/100 of a dollar). */
export const CURRENCY_WORDS: ReadonlyMap<string, { code: string; factor: number }> = new Map([
  ['dollar', { code: 'USD', factor: 1 }], ['dollars', { code: 'USD', factor: 1 }],
  ['cent', { code: 'USD', factor: 0.01 }], ['cents', { code: 'USD', factor: 0.01 }],
  ['euro', { code: 'EUR', factor: 1 }], ['euros', { code: 'EUR', factor: 1 }],
  ['pound', { code: 'GBP', factor: 1 }], ['pounds', { code: 'GBP', factor: 1 }], ['sterling', { code: 'GBP', factor: 1 }],
  ['pence', { code: 'GBP', factor: 0.01 }], ['penny', { code: 'GBP', factor: 0.01 }],
  ['ruble', { code: 'RUB', factor: 1 }], ['rubles', { code: 'RUB', factor: 1 }], ['rouble', { code: 'RUB', factor: 1 }],
  ['roubles', { code: 'RUB', factor: 1 }], ['kopecks', { code: 'RUB', factor: 0.01 }],
  ['hryvnia', { code: 'UAH', factor: 1 }], ['hryvnias', { code: 'UAH', factor: 1 }], ['hryvnas', { code: 'UAH', factor: 1 }],
  ['hryvnya', { code: 'UAH', factor: 1 }], ['yuan', { code: 'CNY', factor: 1 }], ['renminbi', { code: 'CNY', factor: 1 }],
  ['yen', { code: 'JPY', factor: 1 }], ['rupees', { code: 'INR', factor: 1 }], ['rupee', { code: 'INR', factor: 1 }],
  ['shekels', { code: 'ILS', factor: 1 }], ['lira', { code: 'TRY', factor: 1 }], ['rials', { code: 'IRR', factor: 1 }],
  ['zlotys', { code: 'PLN', factor: 1 }], ['francs', { code: 'CHF', factor: 1 }],
]);

/** Measures, durations and sizes: a number counting these is not a figure ("40 km", "three days"). */
export const MEASURE_WORDS: ReadonlySet<string> = new Set([
  'km', 'kms', 'kilometer', 'kilometers', 'kilometre', 'kilometres', 'mile', 'miles', 'metre', 'metres', 'meter', 'meters',
  'm', 'cm', 'mm', 'ft', 'foot', 'feet', 'inch', 'inches', 'yard', 'yards', 'nautical', 'kg', 'kilogram', 'kilograms',
  'kilo', 'kilos', 'gram', 'grams', 'g', 'lb', 'lbs', 'tonne', 'tonnes', 'ton', 'tons', 'kt', 'megaton', 'megatons',
  'kiloton', 'kilotons', 'litre', 'litres', 'liter', 'liters', 'gallons', 'barrels', 'kmh', 'mph', 'knots', 'degrees',
  'second', 'seconds', 'minute', 'minutes', 'min', 'mins', 'hour', 'hours', 'hrs', 'h', 'day', 'days', 'night',
  'nights', 'week', 'weeks', 'month', 'months', 'year', 'years', 'yrs', 'decade', 'decades', 'century', 'centuries',
  'am', 'pm', 'gmt', 'utc', 'bst', 'cet', 'est', 'edt', 'msk', 'o\'clock', 'mw', 'gw', 'kw', 'mhz', 'ghz', 'calibre',
  'caliber', 'times', 'time', 'fold', 'percentile', 'storey', 'storeys', 'floor', 'floors',
]);

/** Area units; area counts as a figure only for territory amounts. */
export const AREA_WORDS: ReadonlySet<string> = new Set(['hectares', 'hectare', 'acres', 'acre', 'km2', 'km²', 'sq']);

/** Words before a number that make it an identifier, not a count ("resolution 2231", "Article 5"). */
export const IDENTIFIER_WORDS: ReadonlySet<string> = new Set([
  'no', 'nos', 'number', 'resolution', 'article', 'articles', 'flight', 'route', 'highway', 'page', 'pages', 'chapter',
  'section', 'paragraph', 'clause', 'level', 'phase', 'version', 'stage', 'round', 'category', 'type', 'model', 'mark',
  'mk', 'block', 'tranche', 'unit', 'building', 'room', 'gate', 'platform', 'line', 'bus', 'apollo', 'soyuz',
  'leopard', 'patriot', 'challenger', 'abrams', 'iskander', 'jersey', 'shirt', 'code', 'decree',
  'item', 'rule', 'step', 'vol', 'volume', 'season', 'episode', 'part', 'week',
  'day', 'year', 'aged', 'age', 'ages', 'km', 'kilometre', 'kilometer', 'mile', 'cop', 'g7', 'g20', 'windows', 'ios',
  'ward', 'district', 'precinct', 'zone', 'sector', 'camp', 'hill', 'height', 'heights', 'grade', 'class', 'pier',
  'terminal', 'runway', 'cell', 'wing', 'company', 'battalion', 'brigade', 'division', 'corps', 'army',
  'regiment', 'fleet', 'squadron',
]);

/** Month names and abbreviations, to skip day numbers of dates ("October 16", "16 Oct"). */
export const MONTH_WORDS: ReadonlySet<string> = new Set([
  'january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november',
  'december', 'jan', 'feb', 'mar', 'apr', 'jun', 'jul', 'aug', 'sep', 'sept', 'oct', 'nov', 'dec',
]);

/** Function words and the like that end the noun phrase after a number. */
export const STOP_WORDS: ReadonlySet<string> = new Set([
  'the', 'a', 'an', 'and', 'or', 'but', 'nor', 'in', 'on', 'at', 'to', 'from', 'for', 'with', 'without', 'by', 'as',
  'than', 'that', 'this', 'these', 'those', 'which', 'who', 'whom', 'whose', 'what', 'where', 'when', 'while', 'if',
  'were', 'was', 'are', 'is', 'be', 'been', 'being', 'have', 'has', 'had', 'having', 'will', 'would', 'could', 'can',
  'may', 'might', 'should', 'must', 'shall', 'not', 'also', 'already', 'now', 'still', 'less', 'per', 'each',
  'into', 'onto', 'over', 'under', 'after', 'before', 'since', 'until', 'against', 'near', 'across', 'along',
  'among', 'between', 'through', 'during', 'about', 'around', 'toward', 'towards', 'via', 'behind', 'inside',
  'outside', 'within', 'there', 'here', 'it', 'its', 'they', 'them', 'their', 'he', 'she', 'his', 'her', 'we', 'our',
  'you', 'your', 'i', 'my', 'so', 'too', 'very', 'just', 'only', 'even', 'again', 'ago', 'away', 'back', 'up', 'down',
  'out', 'off', 'do', 'does', 'did', 'said', 'says', 'say', 'reportedly', 'allegedly', 'of', 'others',
  'another', 'such', 'all', 'both', 'some', 'any', 'no', 'every', 'most', 'many', 'much', 'few', 'several',
  'like', 'unlike', 'amid', 'despite', 'because', 'whether', 'then', 'than', 'yet', 'however', 'last', 'next',
  'first', 'second', 'third', 'later', 'earlier', 'today', 'yesterday', 'tomorrow', 'tonight', 'including', 'plus',
  'minus', 'versus', 'vs', 'or', 'either', 'neither', 'got', 'get', 'gets', 'went', 'go', 'goes', 'came', 'come',
  'make', 'made', 'take', 'took', 'taken', 'give', 'gave', 'given', 'sent', 'send', 'sends', 'lost', 'lose', 'loses',
  'left', 'remain', 'remained', 'remains', 'died', 'die', 'dies', 'killed', 'kill', 'kills', 'fled', 'flee',
  'arrived', 'arrive', 'joined', 'join', 'fight', 'fought', 'serve', 'served', 'became', 'become',
]);

/** Human nouns: personnel unless a casualty word goes with them. */
export const PERSON_NOUNS: ReadonlySet<string> = new Set([
  'troops', 'troop', 'soldiers', 'soldier', 'servicemen', 'serviceman', 'servicemembers', 'personnel', 'fighters',
  'fighter', 'militants', 'militant', 'mercenaries', 'mercenary', 'recruits', 'conscripts', 'reservists', 'engineers',
  'engineer', 'officers', 'officer', 'sailors', 'marines', 'paratroopers', 'pilots', 'pilot', 'volunteers', 'guards',
  'guardsmen', 'commandos', 
  'pows', 
  'agents', 'spies', 'specialists',
  'instructors', 'advisers', 'advisors', 'operators', 'crew', 'crews', 'crewmen', 'generals', 'commanders',
  
  'deserters', 'defectors', 'insurgents', 'rebels', 'gunmen', 'attackers', 'terrorists', 'jihadists',
  'infantrymen', 'cadets', 'medics', 'police', 'policemen', 
  
  'veterans', 'snipers', 'gunners', 'combatants', 'militia', 'militiamen', 'conscript', 'recruit',
  'sappers', 'scouts', 
  'servicewomen', 'defenders', 'invaders', 'occupiers', 
  'force', 'forces', 'contingent', 'army', 'garrison',
]);

/** Civilian and general human nouns: category other unless a casualty word goes with them. */
export const CIVILIAN_NOUNS: ReadonlySet<string> = new Set([
  'people', 'person', 'persons', 'civilians', 'civilian', 'residents', 'refugees', 'migrants', 'prisoners', 'prisoner',
  'detainees', 'hostages', 'hostage', 'captives', 'children', 'child', 'kids', 'men', 'man', 'women',
  'woman', 'diplomats', 'journalists', 'reporters', 'students', 'protesters', 'demonstrators', 'voters', 'citizens', 'nationals',
  'doctors', 'nurses', 'officials', 'lawmakers', 'employees', 'contractors', 'spectators', 'fans', 'passengers', 'evacuees',
  'inhabitants', 'individuals', 'families', 'adults', 'teenagers', 'boys', 'girls', 'babies', 'infants', 'miners',
  'farmers', 'suspects', 'survivors', 'athletes', 'players', 'delegates', 'workers', 'worker', 'staff', 'members',
  'member'
]);

/** Formations counted as personnel ("two brigades"). */
export const FORMATION_NOUNS: ReadonlySet<string> = new Set([
  'brigades', 'battalions', 'regiments', 'divisions', 'companies', 'platoons', 'squads', 'corps', 'armies',
  'battlegroups', 'units', 'detachments', 'squadrons', 'formations',
]);

/** Nouns that are casualties by themselves. */
export const CASUALTY_NOUNS: ReadonlySet<string> = new Set([
  'casualties', 'casualty', 'deaths', 'death', 'victims', 'victim', 'fatalities', 'fatality', 'dead', 'killed',
  'wounded', 'injured', 'injuries', 'bodies', 'losses', 'kia', 'wia', 'missing', 'fallen',
]);

/** Words beside a human noun that make it casualties ("12 people were killed", "30 dead soldiers"). */
export const CASUALTY_CUES: ReadonlySet<string> = new Set([
  'killed', 'dead', 'died', 'die', 'wounded', 'injured', 'hurt', 'slain', 'perished', 'murdered', 'executed',
  'lost', 'dying', 'massacred', 'drowned', 'missing', 'trapped', 'captured', 'fallen', 'neutralised', 'neutralized',
  'kills', 'kill', 'killing', 'losing', 'victims', 'abducted', 'kidnapped', 'buried',
]);

/** Equipment, weapons and their carriers. */
export const EQUIPMENT_NOUNS: ReadonlySet<string> = new Set([
  'tanks', 'tank', 'drones', 'drone', 'uavs', 'uav', 'missiles', 'missile', 'aircraft', 'jets', 'jet', 'planes',
  'plane', 'warplanes', 'helicopters', 'helicopter', 'choppers', 'shells', 'shell', 'rounds', 'rockets', 'rocket',
  'vehicles', 'vehicle', 'artillery', 'guns', 'gun', 'howitzers', 'howitzer', 'launchers', 'launcher', 'systems',
  'system', 'weapons', 'weapon', 'munitions', 'bombs', 'bomb', 'warships', 'warship', 'ships', 'ship', 'boats',
  'boat', 'vessels', 'vessel', 'submarines', 'submarine', 'apcs', 'ifvs', 'satellites', 'radars', 'radar',
  'rifles', 'mines', 'grenades', 'ammunition', 'interceptors', 'interceptor', 'bombers', 'bomber', 'trucks', 'truck',
  'carriers', 'frigates', 'corvettes', 'destroyers', 'cruisers', 'mortars', 'mortar', 'cannons', 'warheads',
  'projectiles', 'pieces', 'batteries', 'tankers', 'tanker', 'battery', 'kamikaze', 'loitering', 'cars', 'buses', 'trains',
  'locomotives', 'fighters-bombers', 'f-16s', 'f-16', 'himars', 'atacms', 'abrams', 'leopards', 'bradleys',
  'stingers', 'javelins', 'mrls', 'mlrs', 'sams', 'armored', 'armoured', 'airframes', 'jets', 'landmines', 'cartridges',
  'bullets', 'icbms', 'nukes', 'tonnes',
]);

/** Area units count only as territory ("captured 500 square kilometres"); these words show territory. */
export const TERRITORY_CUES: ReadonlySet<string> = new Set([
  'captured', 'capture', 'captures', 'seized', 'seize', 'seizes', 'taken', 'took', 'take', 'liberated',
  'liberate', 'occupied', 'occupy', 'occupies', 'gained', 'gain', 'gains', 'lost', 'lose', 'retook', 'retaken',
  'recaptured', 'recapture', 'controls', 'control', 'controlled', 'advanced', 'territory', 'land', 'cleared',
  'regained', 'ceded', 'annexed', 'hold', 'holds', 'held',
]);

/** Category of the listed nouns, in the order of precedence of the lists (casualty, person, civilian, equipment). */
function categorizeListed(noun: string): FigureCategory | null {
  if (CASUALTY_NOUNS.has(noun)) return 'casualties';
  if (PERSON_NOUNS.has(noun) || FORMATION_NOUNS.has(noun)) return 'personnel';
  if (CIVILIAN_NOUNS.has(noun)) return 'other';
  if (EQUIPMENT_NOUNS.has(noun)) return 'equipment';
  return null;
}

const LISTED_NOUNS: readonly ReadonlySet<string>[] = [CASUALTY_NOUNS, PERSON_NOUNS, FORMATION_NOUNS, CIVILIAN_NOUNS, EQUIPMENT_NOUNS];

// Precomputed once: one map lookup per noun on the hot path instead of up to 15 set lookups and two concatenations.
const EXACT_CATEGORY: ReadonlyMap<string, FigureCategory> = buildExactCategories();
const NOUN_CATEGORY: ReadonlyMap<string, FigureCategory> = buildNounCategories();

function buildExactCategories(): Map<string, FigureCategory> {
  const out = new Map<string, FigureCategory>();
  for (const list of LISTED_NOUNS) {
    for (const noun of list) {
      const c = categorizeListed(noun);
      if (c !== null) out.set(noun, c);
    }
  }
  return out;
}

/** Every noun that categorizes: the listed ones and the singulars of listed plurals ("-s", "-es" removed). */
function buildNounCategories(): Map<string, FigureCategory> {
  const out = new Map<string, FigureCategory>();
  for (const list of LISTED_NOUNS) {
    for (const noun of list) {
      for (const key of [noun, noun.slice(0, -1), noun.slice(0, -2)]) {
        const c = categorizeListed(key) ?? categorizeListed(`${key}s`) ?? categorizeListed(`${key}es`);
        if (c !== null) out.set(key, c);
      }
    }
  }
  return out;
}

/** Category of a head noun (already lower-cased); null when only context can tell. */
export function categorizeNoun(noun: string): FigureCategory | null {
  // Singulars of listed plurals ("one sailor", "a single tanker") are in the map too.
  return NOUN_CATEGORY.get(noun) ?? null;
}

/** Category of the noun exactly as listed (no singular fallback). */
export function categorizeExact(noun: string): FigureCategory | null {
  return EXACT_CATEGORY.get(noun) ?? null;
}
