import { describe, it, expect } from 'vitest';
import { tagText } from '../../../src/tag/index.ts';

type Row = [text: string, expected: Array<[name: string, ordinal: number | null, echelon: string, country: string | null]>];

const POSITIVES: Row[] = [
  ["Moscow's 11th Separate Airborne Assault Brigade moved.", [['11th Separate Airborne Assault Brigade', 11, 'brigade', 'RU']]],
  ["Ukraine's 3rd Assault Brigade held the line.", [['3rd Assault Brigade', 3, 'brigade', 'UA']]],
  ['The Russian 155th Marine Brigade attacked.', [['155th Marine Brigade', 155, 'brigade', 'RU']]],
  ['troops of the Special Buryat Battalion', [['Special Buryat Battalion', null, 'battalion', 'RU']]],
  ['the XVIII Airborne Corps deployed', [['XVIII Airborne Corps', 18, 'corps', 'US']]],
  ['the 82nd Airborne Division', [['82nd Airborne Division', 82, 'division', 'US']]],
  ['the 22nd and 88th Mechanized Brigades', [['22nd Mechanized Brigade', 22, 'brigade', 'UA'], ['88th Mechanized Brigade', 88, 'brigade', 'UA']]],
  ['the 47th mechanized brigade', [['47th Mechanized Brigade', 47, 'brigade', 'UA']]],
  ["the Black Sea Fleet's flagship", [['Black Sea Fleet', null, 'fleet', 'RU']]],
  ['the U.S. Sixth Fleet', [['Sixth Fleet', 6, 'fleet', 'US']]],
  ['Wagner Group fighters and Wagner mercenaries', [['Wagner Group', null, 'pmc', 'RU']]],
  ['the Africa Corps arrived in Mali', [['Africa Corps', null, 'pmc', 'RU']]],
  ['the 1st Guards Tank Army and the 58th Combined Arms Army', [['1st Guards Tank Army', 1, 'army', 'RU'], ['58th Combined Arms Army', 58, 'army', 'RU']]],
  ['British 16 Air Assault Brigade', [['16 Air Assault Brigade', 16, 'brigade', 'GB']]],
  ['Task Force 59 operates drones', [['Task Force 59', 59, 'task_force', null]]],
  ["NATO's multinational battlegroup in Estonia", [['multinational battlegroup in Estonia', null, 'battlegroup', null]]],
  ['the Dnipro group of forces', [['Dnipro group of forces', null, 'group_of_forces', 'UA']]],
  ['the 1st Battalion Tactical Group', [['1st Battalion Tactical Group', 1, 'battalion_tactical_group', null]]],
  ['Azov Brigade fighters', [['Azov Brigade', null, 'brigade', 'UA']]],
];

const NEGATIVES: string[] = [
  'the Armed Forces of Ukraine and the U.S. Navy',
  'the Russian army advanced',
  'the Southern Military District',
  "Hamas's Qassam Brigades fired rockets",
  'the Brooklyn Nets won',
  'a brigade and the battalion',
  'Ukraine formed 12 new brigades',
  "Russia's shadow fleet of tankers",
  'the fire brigade came',
  'the U.S. Marine Corps and the Peace Corps',
  'the company said',
  'the Sea of Azov',
  'Su-34 jets and F-16 fighters',
];

describe('tagUnits', () => {
  it.each(POSITIVES)('%s', (text, expected) => {
    const units = tagText(text, { language: 'en' }).units;
    expect(units.map((u) => [u.name, u.ordinal, u.echelon, u.country])).toEqual(expected);
    for (const u of units) for (const m of u.mentions) expect(text.slice(m.start, m.end)).toBe(m.text);
  });

  it.each(NEGATIVES)('finds no unit in %s', (text) => {
    expect(tagText(text, { language: 'en' }).units).toEqual([]);
  });

  it('keeps the possessive and the article outside the span and merges repeated mentions', () => {
    const text = "The Black Sea Fleet's ships left; later the Black Sea Fleet returned.";
    const [fleet] = tagText(text).units;
    expect(fleet?.mentions.map((m) => m.text)).toEqual(['Black Sea Fleet', 'Black Sea Fleet']);
  });

  it('spans only the ordinal for the first of coordinated units', () => {
    const text = 'the 22nd, 47th and 93rd brigades';
    const units = tagText(text).units;
    expect(units.map((u) => [u.name, u.mentions[0]?.text])).toEqual([
      ['22nd Brigade', '22nd'], ['47th Brigade', '47th'], ['93rd Brigade', '93rd brigades'],
    ]);
  });

  it('counts nested names once, longest', () => {
    const units = tagText('the Azov Regiment fought').units;
    expect(units.map((u) => u.name)).toEqual(['Azov Regiment']);
  });
});
