import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { tagCountries } from '../../../src/tag/index.ts';
import type { CountryEntity } from '../../../src/model/entities.ts';

type Tuple = [iso2: string | null, text: string, kind: string];

/** All mentions as (iso2, text, kind) in text order. */
function flat(entities: CountryEntity[]): Tuple[] {
  const withStart: Array<[number, Tuple]> = [];
  for (const e of entities) for (const m of e.mentions) withStart.push([m.start, [e.iso2, m.text, m.kind]]);
  withStart.sort((a, b) => a[0] - b[0]);
  return withStart.map(([, t]) => t);
}

function expectOffsets(source: string, entities: CountryEntity[]): void {
  for (const e of entities) {
    for (const m of e.mentions) {
      expect(source.slice(m.start, m.end)).toBe(m.text);
      expect(m.start).toBeLessThan(m.end);
    }
  }
}

// Snippet lines of /work/shared/example-document.txt and their expected country mentions.
const EXAMPLE_LINES: Array<[string, Tuple[]]> = [
  ['Are North Korean soldiers really stepping onto the battlefield in Ukraine, or is it just another game of military chess? Find out the latest!',
    [['KP', 'North Korean', 'demonym'], ['UA', 'Ukraine', 'name']]],
  ['In a surprising twist to the ongoing conflict in Ukraine, reports have surfaced that North Korea is sending military personnel to support Russia. According to Ukrainian intelligence sources, thousands of North Korean soldiers are undergoing training to engage alongside Russian forces against Ukraine. This galvanizing news has raised eyebrows and created speculation over the evolving dynamics of international military alliances. Ukraine\'s President Volodymyr Zelenskyy has confirmed these unsettling reports, citing the deepening relationship between Pyongyang and Moscow as a concerning development in the war.',
    [['UA', 'Ukraine', 'name'], ['KP', 'North Korea', 'name'], ['RU', 'Russia', 'name'], ['UA', 'Ukrainian', 'demonym'],
      ['KP', 'North Korean', 'demonym'], ['RU', 'Russian', 'demonym'], ['UA', 'Ukraine', 'name'], ['UA', 'Ukraine', 'name'],
      ['KP', 'Pyongyang', 'capital'], ['RU', 'Moscow', 'capital']]],
  ['In what might feel like a plot twist straight out of a Cold War movie, it has been indicated that up to 3,000 North Korean troops could form part of the Special Buryat Battalion within Russia\'s 11th Separate Airborne Assault Brigade. Although Russia has refuted these claims, it seems that Ukraine and South Korea are not buying it, pointing to the increasing military cooperation between these two nations.',
    [['KP', 'North Korean', 'demonym'], ['RU', 'Russia', 'name'], ['RU', 'Russia', 'name'], ['UA', 'Ukraine', 'name'],
      ['KR', 'South Korea', 'name']]],
  ['Interestingly, not every North Korean soldier appears to be enthusiastic about the deployment. Reports have indicated that at least 18 soldiers have already deserted the Russian lines, perhaps highlighting the complexities of sending troops into an unpredictable warzone.',
    [['KP', 'North Korean', 'demonym'], ['RU', 'Russian', 'demonym']]],
  ['In fact, this partnership might also serve as a warning sign for other nations to reconsider their diplomatic ties with both Russia and North Koreaโa reminder of the delicate balance of power in global politics. Meanwhile, in unrelated but equally fascinating news, did you know that North Korea also boasts the worldโs largest stadium, the Rungrado 1st of May Stadium, capable of hosting 114,000 spectators?',
    [['RU', 'Russia', 'name'], ['KP', 'North Korea', 'name'], ['KP', 'North Korea', 'name']]],
  ['Ukraine says North Korean military engineers have been sent to Russia to check how well missiles are launching.',
    [['UA', 'Ukraine', 'name'], ['KP', 'North Korean', 'demonym'], ['RU', 'Russia', 'name']]],
  ['Ukrainian intelligence believes that North Korea is sending thousands of its own soldiers to fight for Russia against Ukraine, a source tells NBC News.',
    [['UA', 'Ukrainian', 'demonym'], ['KP', 'North Korea', 'name'], ['RU', 'Russia', 'name'], ['UA', 'Ukraine', 'name']]],
  ['Russia says no, but Ukraine and South Korea point to a deepening relationship between Pyongyang and Moscow.',
    [['RU', 'Russia', 'name'], ['UA', 'Ukraine', 'name'], ['KR', 'South Korea', 'name'], ['KP', 'Pyongyang', 'capital'],
      ['RU', 'Moscow', 'capital']]],
  ['As many as 3,000 North Korean troops will reportedly form part of the Special Buryat Battalion within Moscow\'s 11th Separate Airborne Assault Brigade. The ...',
    [['KP', 'North Korean', 'demonym'], ['RU', 'Moscow', 'capital']]],
  ['There are reports that at least 18 of the North Korean soldiers sent to Ukraine have already deserted from the Russian lines.',
    [['KP', 'North Korean', 'demonym'], ['UA', 'Ukraine', 'name'], ['RU', 'Russian', 'demonym']]],
  ['Volodymyr Zelenskyy has backed reports that Pyongyang is sending large numbers of personnel to help Putin.',
    [['KP', 'Pyongyang', 'capital']]],
  ['Ukrainian President Volodymyr Zelensky on Wednesday cited Ukrainian military intelligence reports that North Korea was providing military personnel to aid ...',
    [['UA', 'Ukrainian', 'demonym'], ['UA', 'Ukrainian', 'demonym'], ['KP', 'North Korea', 'name']]],
  ['Ukrainian president warns that Moscow is preparing to use 10000 troops from Asian nation in \'first step to a world war\'',
    [['UA', 'Ukrainian', 'demonym'], ['RU', 'Moscow', 'capital']]],
  ['On October 16, President Volodymyr Zelenskyy presented to the Ukrainian parliament, Verkhovna Rada, a road map to defeating the Russian aggression dubbed ...',
    [['UA', 'Ukrainian', 'demonym'], ['RU', 'Russian', 'demonym']]],
];

const POSITIVES: Array<[string, Tuple[]]> = [
  // aliases and abbreviations; articles stay outside the span
  ['The U.S. and the UK imposed sanctions.', [['US', 'U.S.', 'alias'], ['GB', 'UK', 'alias']]],
  ['Officials in the US said the U.K. and USA agreed.', [['US', 'US', 'alias'], ['GB', 'U.K.', 'alias'], ['US', 'USA', 'alias']]],
  ['America and Britain, Great Britain and the United Kingdom.',
    [['US', 'America', 'alias'], ['GB', 'Britain', 'alias'], ['GB', 'Great Britain', 'alias'], ['GB', 'United Kingdom', 'name']]],
  ['The DPRK fired a missile; the ROK responded.', [['KP', 'DPRK', 'alias'], ['KR', 'ROK', 'alias']]],
  ['Seoul said the North had fired two missiles.', [['KR', 'Seoul', 'capital'], ['KP', 'North', 'alias']]],
  ['The PRC and Taiwan; Mainland China.', [['CN', 'PRC', 'alias'], ['TW', 'Taiwan', 'name'], ['CN', 'Mainland China', 'alias']]],
  ['The UAE and the Emirates signed; KSA abstained.', [['AE', 'UAE', 'alias'], ['AE', 'Emirates', 'alias'], ['SA', 'KSA', 'alias']]],
  ['Burma, now Myanmar, and Holland.', [['MM', 'Burma', 'alias'], ['MM', 'Myanmar', 'name'], ['NL', 'Holland', 'alias']]],
  ['Ivory Coast, Côte d\'Ivoire and Cote d\'Ivoire.', [['CI', 'Ivory Coast', 'name'], ['CI', 'Côte d\'Ivoire', 'name'], ['CI', 'Cote d\'Ivoire', 'name']]],
  ['Czechia, formerly the Czech Republic, and Turkey, now Türkiye.',
    [['CZ', 'Czechia', 'name'], ['CZ', 'Czech Republic', 'name'], ['TR', 'Turkey', 'name'], ['TR', 'Türkiye', 'name']]],
  ['The Russian Federation and Palestine at the Vatican.',
    [['RU', 'Russian Federation', 'name'], ['PS', 'Palestine', 'name'], ['VA', 'Vatican', 'name']]],
  // England, Scotland, Wales and their demonyms are GB; Palestinian is PS
  ['England, Scotland and Wales; Scottish and Welsh voters; Scots and Britons.',
    [['GB', 'England', 'name'], ['GB', 'Scotland', 'name'], ['GB', 'Wales', 'name'], ['GB', 'Scottish', 'demonym'],
      ['GB', 'Welsh', 'demonym'], ['GB', 'Scots', 'demonym'], ['GB', 'Britons', 'demonym']]],
  ['Israelis and Palestinians met; a Palestinian official spoke.',
    [['IL', 'Israelis', 'demonym'], ['PS', 'Palestinians', 'demonym'], ['PS', 'Palestinian', 'demonym']]],
  // demonyms: longest match, plurals
  ['North Koreans, South Korean officials, Ukrainians and Russians.',
    [['KP', 'North Koreans', 'demonym'], ['KR', 'South Korean', 'demonym'], ['UA', 'Ukrainians', 'demonym'], ['RU', 'Russians', 'demonym']]],
  ['American, British, Dutch, French and Chinese diplomats.',
    [['US', 'American', 'demonym'], ['GB', 'British', 'demonym'], ['NL', 'Dutch', 'demonym'], ['FR', 'French', 'demonym'],
      ['CN', 'Chinese', 'demonym']]],
  ['Americans and Israelis; a Briton.', [['US', 'Americans', 'demonym'], ['IL', 'Israelis', 'demonym'], ['GB', 'Briton', 'demonym']]],
  ['Soviet tanks crossed into the Soviet Union.', [[null, 'Soviet', 'demonym'], [null, 'Soviet Union', 'name']]],
  // capitals as the state
  ['Moscow denied the report, while Kyiv hopes for more aid.', [['RU', 'Moscow', 'capital'], ['UA', 'Kyiv', 'capital']]],
  ['Talks between Moscow and Pyongyang continued.', [['RU', 'Moscow', 'capital'], ['KP', 'Pyongyang', 'capital']]],
  ['Beijing says it will respond.', [['CN', 'Beijing', 'capital']]],
  ['The Kremlin said the White House was wrong, and Downing Street agreed.',
    [['RU', 'Kremlin', 'capital'], ['US', 'White House', 'capital'], ['GB', 'Downing Street', 'capital']]],
  ['Washington warned Tehran.', [['US', 'Washington', 'capital'], ['IR', 'Tehran', 'capital']]],
  ['Kiev and Minsk exchanged notes.', [['UA', 'Kiev', 'capital'], ['BY', 'Minsk', 'capital']]],
  ['The Kremlin-backed group and Moscow-backed separatists.', [['RU', 'Kremlin', 'capital'], ['RU', 'Moscow', 'capital']]],
  // possessives are outside the span
  ['Russia\'s army and Ukraine’s navy; Moscow\'s position.',
    [['RU', 'Russia', 'name'], ['UA', 'Ukraine', 'name'], ['RU', 'Moscow', 'capital']]],
  // names inside longer names
  ['The Security Service of Ukraine said so.', [['UA', 'Ukraine', 'name']]],
  ['Equatorial Guinea, Guinea-Bissau, Papua New Guinea and Guinea.',
    [['GQ', 'Equatorial Guinea', 'name'], ['GW', 'Guinea-Bissau', 'name'], ['PG', 'Papua New Guinea', 'name'], ['GN', 'Guinea', 'name']]],
  ['Dominica and the Dominican Republic.', [['DM', 'Dominica', 'name'], ['DO', 'Dominican Republic', 'name']]],
  ['Sudan and South Sudan; Niger and Nigeria; Mali and Somalia.',
    [['SD', 'Sudan', 'name'], ['SS', 'South Sudan', 'name'], ['NE', 'Niger', 'name'], ['NG', 'Nigeria', 'name'],
      ['ML', 'Mali', 'name'], ['SO', 'Somalia', 'name']]],
  ['Women of Romania met Somali pirates off Oman.', [['RO', 'Romania', 'name'], ['SO', 'Somali', 'demonym'], ['OM', 'Oman', 'name']]],
  ['Oman and Romania; India and Indonesia.', [['OM', 'Oman', 'name'], ['RO', 'Romania', 'name'], ['IN', 'India', 'name'], ['ID', 'Indonesia', 'name']]],
  // Congo
  ['The Democratic Republic of Congo and the DRC; DR Congo; Congo.',
    [['CD', 'Democratic Republic of Congo', 'name'], ['CD', 'DRC', 'alias'], ['CD', 'DR Congo', 'name'], ['CD', 'Congo', 'name']]],
  ['The Republic of the Congo, also Congo-Brazzaville.', [['CG', 'Republic of the Congo', 'name'], ['CG', 'Congo-Brazzaville', 'name']]],
  // Georgia: the country by default
  ['Georgia and Armenia held talks in Tbilisi.', [['GE', 'Georgia', 'name'], ['AM', 'Armenia', 'name']]],
  ['Georgian troops left.', [['GE', 'Georgian', 'demonym']]],
  // Jordan and Chad as states
  ['King Abdullah of Jordan met officials from Chad.', [['JO', 'Jordan', 'name'], ['TD', 'Chad', 'name']]],
  ['Jordan said it closed its airspace.', [['JO', 'Jordan', 'name']]],
  ['Turkey and Niger signed a deal.', [['TR', 'Turkey', 'name'], ['NE', 'Niger', 'name']]],
  // line breaks and mis-decoded glue
  ['Ukraine\nRussia', [['UA', 'Ukraine', 'name'], ['RU', 'Russia', 'name']]],
  ['(Ukraine)', [['UA', 'Ukraine', 'name']]],
  ['#Ukraine #Russia', [['UA', 'Ukraine', 'name'], ['RU', 'Russia', 'name']]],
  ['UKRAINE SAYS RUSSIA ATTACKED', [['UA', 'UKRAINE', 'name'], ['RU', 'RUSSIA', 'name']]],
];

const NEGATIVES: string[] = [
  'NATO, the EU and the UN met in Brussels.',
  'Africa, Europe, the Sahel and Crimea; the Kursk region and Donbas.',
  'Latin America, South America, North America and Central America.',
  'European leaders and Western allies.',
  'Buryats, Rohingya and Kurds.',
  'Let us see what happens to us.',
  'We ate turkey and fine china.',
  'Michael Jordan and Jordan Peterson; Chad Smith played.',
  'Georgia\'s governor spoke in Atlanta about the Georgia primary.',
  'The USS Georgia docked.',
  'George Washington, the Washington Post and Washington state.',
  'A summit in Washington; talks in Moscow; a visit to Kyiv; flights from Beijing.',
  'The drone fell 40 km east of Moscow.',
  'MOSCOW (Reuters) -',
  'KYIV, Oct 16 -',
  'A guinea pig on the River Niger and the Niger delta.',
  'New Jersey and New Mexico.',
  'He speaks Russian. The text was in Ukrainian.',
  'A Russian-speaking town.',
  'The Korean peninsula and a Korean.',
  'English football.',
  'Indiana and Indianapolis.',
];

describe('tagCountries: example document', () => {
  it.each(EXAMPLE_LINES)('%s', (line, expected) => {
    const got = tagCountries(line);
    expectOffsets(line, got);
    expect(flat(got)).toEqual(expected);
  });
});

describe('tagCountries: positives', () => {
  it.each(POSITIVES)('%s', (line, expected) => {
    const got = tagCountries(line);
    expectOffsets(line, got);
    expect(flat(got)).toEqual(expected);
  });
});

describe('tagCountries: negatives', () => {
  it.each(NEGATIVES)('%s', (line) => {
    expect(flat(tagCountries(line))).toEqual([]);
  });
});

const MORE_NEGATIVES: string[] = [
  'Kim Jong Un met Putin in Pyongyang.',
  'Putin visited Beijing and Pyongyang last week.',
  'WASHINGTON (AP) — President Biden spoke.',
  'The Kyiv Independent and the Moscow Times reported.',
  'He lives in a Moscow suburb near the Moscow region border.',
  'A Moscow-based analyst and a Kyiv-born artist.',
  'Jordan Peterson spoke. Lewis Hamilton and Paris Hilton.',
  'Michael Jordan Returns to Chicago',
  'Roast turkey for Thanksgiving; a Turkey dinner.',
  'French fries and Swiss cheese.',
  'the Indian Ocean',
  'Ukrainian-language media',
  'the North was cold this winter',
  'Rusia y Ucrania',
  'It cost US$5bn; the Emirates flight landed.',
  'Mr. Sudan and Dr Chad spoke.',
  'He was born in Georgia and studied at Georgia State University.',
];

describe('tagCountries: more negatives (place use, names, idioms)', () => {
  it.each(MORE_NEGATIVES)('%s', (line) => {
    expect(flat(tagCountries(line))).toEqual([]);
  });
});

describe('tagCountries: context rules', () => {
  const cases: Array<[string, Tuple[]]> = [
    // Georgia: US state with Atlanta cues, country with Tbilisi cues or by default
    ['Voters in Georgia lined up in Atlanta.', []],
    ['Protests in Georgia: police in Tbilisi used water cannon.', [['GE', 'Georgia', 'name']]],
    ['Tbilisi accused Moscow; Georgia\'s governor in Atlanta did not.', [['GE', 'Tbilisi', 'capital'], ['RU', 'Moscow', 'capital']]],
    // datelines drop the capital; a country name in the dateline is still a name
    ['Kyiv, Ukraine — Officials said', [['UA', 'Ukraine', 'name']]],
    ['Savannah, Georgia', []],
    // Washington the state
    ['Washington wildfires spread near Seattle.', []],
    // the North needs Korean context
    ['Seoul warned the North again.', [['KR', 'Seoul', 'capital'], ['KP', 'North', 'alias']]],
    ['Pyongyang and the South traded accusations.', [['KP', 'Pyongyang', 'capital'], ['KR', 'South', 'alias']]],
    // Title Case headline: capitalised neighbours do not make a person
    ['Moscow Says Kyiv Attacked Kursk', [['RU', 'Moscow', 'capital'], ['UA', 'Kyiv', 'capital']]],
    // possessive capital stays the state even after a preposition
    ['Troops within Moscow\'s 11th Brigade and Moscow\'s streets.', [['RU', 'Moscow', 'capital']]],
    // coordination inherits the place reading
    ['Embassies in London and Paris closed; London and Paris protested.', [['GB', 'London', 'capital'], ['FR', 'Paris', 'capital']]],
    // ships
    ['The HMS Britain and USS America sailed; America objected.', [['US', 'America', 'alias']]],
    // language vs nationality
    ['He speaks Russian but Russian troops are near.', [['RU', 'Russian', 'demonym']]],
    // Israel as a given name
    ['Israel Katz said the Israel Defense Forces struck.', [['IL', 'Israel', 'name']]],
    // all-caps text: "US" is too ambiguous, other forms still count
    ['LET US GO TO UKRAINE TOGETHER NOW', [['UA', 'UKRAINE', 'name']]],
  ];
  it.each(cases)('%s', (line, expected) => {
    const got = tagCountries(line);
    expectOffsets(line, got);
    expect(flat(got)).toEqual(expected);
  });
});

describe('tagCountries: other languages', () => {
  const cases: Array<[string, string | null, Tuple[]]> = [
    ['Россия и Украина, США и КНДР.', 'ru',
      [['RU', 'Россия', 'name'], ['UA', 'Украина', 'name'], ['US', 'США', 'alias'], ['KP', 'КНДР', 'alias']]],
    // inflected Russian forms are matched without the language option too
    ['В России заявили, что войска Северной Кореи прибыли из Китая.', null,
      [['RU', 'России', 'name'], ['KP', 'Северной Кореи', 'name'], ['CN', 'Китая', 'name']]],
    ['Москва заявила, что Кремль не согласен; саммит в Москве.', 'ru',
      [['RU', 'Москва', 'capital'], ['RU', 'Кремль', 'capital']]],
    ['российские и украинские военные', 'ru', [['RU', 'российские', 'demonym'], ['UA', 'украинские', 'demonym']]],
    ['Україна, Росія, Північна Корея, Південна Корея, Китай, Німеччина, Франція, Польща, Білорусь, Велика Британія', 'uk',
      [['UA', 'Україна', 'name'], ['RU', 'Росія', 'name'], ['KP', 'Північна Корея', 'name'], ['KR', 'Південна Корея', 'name'],
        ['CN', 'Китай', 'name'], ['DE', 'Німеччина', 'name'], ['FR', 'Франція', 'name'], ['PL', 'Польща', 'name'],
        ['BY', 'Білорусь', 'name'], ['GB', 'Велика Британія', 'name']]],
    ['Війська Північної Кореї в Росії; Київ заявив про удар по Україні.', 'uk',
      [['KP', 'Північної Кореї', 'name'], ['RU', 'Росії', 'name'], ['UA', 'Київ', 'capital'], ['UA', 'Україні', 'name']]],
    ['La Russie et l\'Ukraine, la Corée du Nord et les États-Unis.', 'fr',
      [['RU', 'Russie', 'name'], ['UA', 'Ukraine', 'name'], ['KP', 'Corée du Nord', 'name'], ['US', 'États-Unis', 'name']]],
    ['Russland und die Ukraine; Nordkorea.', 'de', [['RU', 'Russland', 'name'], ['UA', 'Ukraine', 'name'], ['KP', 'Nordkorea', 'name']]],
    ['Rusia y Ucrania; Corea del Norte.', 'es-ES', [['RU', 'Rusia', 'name'], ['UA', 'Ucrania', 'name'], ['KP', 'Corea del Norte', 'name']]],
    // Latin-script foreign names are only used for their language
    ['Russland und Nordkorea', 'en', []],
    ['Russland und Nordkorea', null, []],
  ];
  it.each(cases)('%s (%s)', (line, language, expected) => {
    const got = tagCountries(line, { language });
    expectOffsets(line, got);
    expect(flat(got)).toEqual(expected);
  });
});

describe('tagCountries: entity grouping', () => {
  it('groups mentions per iso2 in order of first mention, with common English names', () => {
    const got = tagCountries('Pyongyang and Moscow: North Korea sent troops to Russia; the DPRK denied it.');
    expect(got.map((e) => [e.iso2, e.name, e.mentions.length])).toEqual([
      ['KP', 'North Korea', 3],
      ['RU', 'Russia', 2],
    ]);
    const kp = got[0];
    expect(kp?.mentions.map((m) => m.kind)).toEqual(['capital', 'name', 'alias']);
    expect(kp?.mentions.every((m) => m.field === undefined)).toBe(true);
  });

  it('uses the usual English names', () => {
    const got = tagCountries('The US, the UK and South Korea.');
    expect(got.map((e) => e.name)).toEqual(['United States', 'United Kingdom', 'South Korea']);
  });

  it('is deterministic', () => {
    const text = EXAMPLE_LINES.map(([l]) => l).join('\n');
    expect(JSON.stringify(tagCountries(text))).toBe(JSON.stringify(tagCountries(text)));
  });
});

describe('tagCountries: robustness', () => {
  it('never throws on non-string or empty input', () => {
    for (const bad of [undefined, null, 42, {}, [], '', '\u0000']) {
      expect(tagCountries(bad as unknown as string)).toEqual([]);
    }
  });

  it('keeps text === source.slice(start, end) on random text (control chars, emoji, RTL, CJK)', () => {
    const pieces = fc.constantFrom(
      'Ukraine', 'North Korea', "Moscow's", 'U.S.', 'US', 'the UK', 'Côte d\u2019Ivoire', 'Россия', 'Північної Кореї',
      ' ', '\n', '\t', '.', ',', "'", '\u2019', '-', '\u0000', '\u0007', '\u200d', '\u202e', 'مرحبا', 'שלום',
      '中国', '北朝鮮', '😀', '🇺🇦', '\ud83d', 'e\u0301', 'Koreaโa', 'in', 'the', 'Kremlin', '(Reuters)',
    );
    fc.assert(
      fc.property(fc.array(fc.oneof(pieces, fc.string({ unit: 'binary', maxLength: 6 })), { maxLength: 40 }), (parts) => {
        const text = parts.join('');
        const got = tagCountries(text);
        expectOffsets(text, got);
        let prevEnd = -1;
        const all = got.flatMap((e) => e.mentions).sort((a, b) => a.start - b.start);
        for (const m of all) {
          expect(m.start).toBeGreaterThanOrEqual(prevEnd);
          prevEnd = m.end;
        }
      }),
      { numRuns: 500 },
    );
  });

  it('handles 1 MB of garbage quickly', () => {
    const pool = ['😀', '中文字符', 'مرحبا', '\u0000', '\u202e', ' ', 'A', 'Ж', '\n', "'", '.', '-', '🇺🇦', 'Ukraine'];
    let text = '';
    let seed = 7;
    while (text.length < 1_000_000) {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      text += pool[seed % pool.length];
    }
    const t0 = performance.now();
    const got = tagCountries(text);
    const ms = performance.now() - t0;
    expect(got.length).toBe(1);
    expectOffsets(text, got);
    expect(ms).toBeLessThan(2000);
  });

  it('handles 1 MB of CJK and a 1 MB run of spaces quickly', () => {
    let cjk = '';
    for (let i = 0; cjk.length < 1_000_000; i++) cjk += String.fromCharCode(0x4e00 + (i * 7919) % 20000);
    const spaces = `North${' '.repeat(1_000_000)}Korea`;
    const t0 = performance.now();
    expect(tagCountries(cjk)).toEqual([]);
    expect(tagCountries(spaces)).toEqual([]);
    expect(performance.now() - t0).toBeLessThan(2000);
  });
});

describe('tagCountries: Philippine demonym', () => {
  it.each<[string, Tuple[]]>([
    ['The Philippine coast guard said a Chinese vessel fired water cannon.', [['PH', 'Philippine', 'demonym'], ['CN', 'Chinese', 'demonym']]],
    ['Manila summoned the envoy after the Philippine navy reported the incident.', [['PH', 'Manila', 'capital'], ['PH', 'Philippine', 'demonym']]],
    ['Philippines and Filipino troops', [['PH', 'Philippines', 'name'], ['PH', 'Filipino', 'demonym']]],
  ])('%s', (text, expected) => {
    const entities = tagCountries(text);
    expectOffsets(text, entities);
    expect(flat(entities)).toEqual(expected);
  });
});
