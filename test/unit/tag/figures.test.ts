import { describe, it, expect } from 'vitest';
import { tagFigures } from '../../../src/tag/figures/index.ts';
import { tagCountries } from '../../../src/tag/countries/index.ts';
import type { FigureEntity } from '../../../src/model/entities.ts';

function figures(text: string): FigureEntity[] {
  const countries = tagCountries(text, { language: 'en' });
  return tagFigures(text, { countries, published: '2024-10-17', language: 'en' });
}

type Row = [text: string, span: string, value: number | null, min: number | null, max: number | null, qualifier: string, unit: string | null];

// One expected figure per sentence: span, value, min, max, qualifier, unit (DESIGN.md qualifier table).
const POSITIVES: Row[] = [
  ['Up to 3,000 North Korean troops could join.', 'Up to 3,000 North Korean troops', 3000, null, 3000, 'up_to', 'troops'],
  ['As many as 500 drones were launched.', 'As many as 500 drones', 500, null, 500, 'up_to', 'drones'],
  ['At least 18 soldiers have deserted.', 'At least 18 soldiers', 18, 18, null, 'at_least', 'soldiers'],
  ['More than 200 tanks were lost.', 'More than 200 tanks', 200, 200, null, 'at_least', 'tanks'],
  ['Over 1,000 missiles hit cities.', 'Over 1,000 missiles', 1000, 1000, null, 'at_least', 'missiles'],
  ['It fielded 1,000-plus troops.', '1,000-plus troops', 1000, 1000, null, 'at_least', 'troops'],
  ['Nearly 100 civilians fled.', 'Nearly 100 civilians', 100, null, 100, 'about', 'civilians'],
  ['Almost 40 vehicles burned.', 'Almost 40 vehicles', 40, null, 40, 'about', 'vehicles'],
  ['About 300 fighters surrendered.', 'About 300 fighters', 300, null, null, 'about', 'fighters'],
  ['Some 2,000 Ukrainians fled.', 'Some 2,000 Ukrainians', 2000, null, null, 'about', 'people'],
  ['An estimated 1,500 mercenaries arrived.', 'An estimated 1,500 mercenaries', 1500, null, null, 'about', 'mercenaries'],
  ['Between 10,000 and 12,000 troops massed.', 'Between 10,000 and 12,000 troops', null, 10000, 12000, 'range', 'troops'],
  ['They sent 10,000-12,000 troops.', '10,000-12,000 troops', null, 10000, 12000, 'range', 'troops'],
  ['Russia fired 40 to 50 missiles.', '40 to 50 missiles', null, 40, 50, 'range', 'missiles'],
  ['Thousands of North Korean soldiers train.', 'Thousands of North Korean soldiers', null, 1000, null, 'vague', 'soldiers'],
  ['Tens of thousands of civilians fled.', 'Tens of thousands of civilians', null, 10000, null, 'vague', 'civilians'],
  ['Dozens of drones struck.', 'Dozens of drones', null, 12, null, 'vague', 'drones'],
  ['Hundreds of shells fell.', 'Hundreds of shells', null, 100, null, 'vague', 'shells'],
  ['A few thousand troops remain.', 'A few thousand troops', null, 1000, null, 'vague', 'troops'],
  ['A dozen tanks advanced.', 'dozen tanks', 12, null, null, 'exactly', 'tanks'],
  ['More than two dozen people died.', 'More than two dozen people', 24, 24, null, 'at_least', 'people'],
  ['Eighteen soldiers returned.', 'Eighteen soldiers', 18, null, null, 'exactly', 'soldiers'],
  ['Two hundred migrants were rescued.', 'Two hundred migrants', 200, null, null, 'exactly', 'migrants'],
  ['Twenty-five drones were downed.', 'Twenty-five drones', 25, null, null, 'exactly', 'drones'],
  ['Moscow may use 10000 troops.', '10000 troops', 10000, null, null, 'exactly', 'troops'],
  ['Police counted 3.000 protesters.', '3.000 protesters', 3000, null, null, 'exactly', 'protesters'],
  ['Officials listed 3\u202f000 refugees.', '3\u202f000 refugees', 3000, null, null, 'exactly', 'refugees'],
  ['The war displaced 1.5 million people.', '1.5 million people', 1500000, null, null, 'exactly', 'people'],
  ['Kyiv wants 10k drones.', '10k drones', 10000, null, null, 'exactly', 'drones'],
  ['The junta lost 40 junta soldiers.', '40 junta soldiers', 40, null, null, 'exactly', 'soldiers'],
  ['Rescuers found one crew member alive.', 'one crew member', 1, null, null, 'exactly', 'member'],
  ['A 25,000-strong force gathered.', '25,000-strong force', 25000, null, null, 'exactly', 'force'],
  ['The UK will train 10,000 more Ukrainian recruits.', '10,000 more Ukrainian recruits', 10000, null, null, 'exactly', 'recruits'],
  ['Only 236 North Koreans reached Seoul.', '236 North Koreans', 236, null, null, 'exactly', 'people'],
  ['The US pledged $7.9bn in aid.', '$7.9bn', 7900000000, null, null, 'exactly', 'USD'],
  ['Shares rose 52 cents.', '52 cents', 0.52, null, null, 'exactly', 'USD'],
  ['Britain gave £3bn.', '£3bn', 3000000000, null, null, 'exactly', 'GBP'],
  ['The EU approved €50 billion.', '€50 billion', 50000000000, null, null, 'exactly', 'EUR'],
  ['The fine was 300,000 rubles.', '300,000 rubles', 300000, null, null, 'exactly', 'RUB'],
  ['Pensions rose to 4,000 hryvnias.', '4,000 hryvnias', 4000, null, null, 'exactly', 'UAH'],
  ['It costs US$50 million.', 'US$50 million', 50000000, null, null, 'exactly', 'USD'],
  ['Inflation hit 9.5% in May.', '9.5%', 9.5, null, null, 'exactly', 'percent'],
  ['Turnout was about 40 percent.', 'about 40 percent', 40, null, null, 'about', 'percent'],
  ['Ukraine captured 500 square kilometres of territory.', '500 square kilometres', 500, null, null, 'exactly', 'square kilometres'],
  ['It has 114,000 spectators.', '114,000 spectators', 114000, null, null, 'exactly', 'spectators'],
];

describe('tagFigures positives', () => {
  it.each(POSITIVES)('%s', (text, span, value, min, max, qualifier, unit) => {
    const found = figures(text);
    const f = found.find((x) => x.text.endsWith(span) || x.text === span);
    expect(found.map((x) => x.text)).toContain(f?.text);
    expect(f).toBeDefined();
    if (f === undefined) return;
    expect(f.text.toLowerCase().endsWith(span.toLowerCase())).toBe(true);
    expect([f.value, f.min, f.max, f.qualifier, f.unit]).toEqual([value, min, max, qualifier, unit]);
    expect(f.approx).toBe(qualifier === 'about' || qualifier === 'vague');
    expect(text.slice(f.start, f.end)).toBe(f.text);
  });
});

describe('tagFigures spans, categories and countries', () => {
  it('keeps the qualifier inside the span and reads the demonym country', () => {
    const [f] = figures('Up to 3,000 North Korean troops could join.');
    expect(f?.text).toBe('Up to 3,000 North Korean troops');
    expect(f?.country).toBe('KP');
    expect(f?.category).toBe('personnel');
  });

  it('splits "3 of the 4 boats" into two figures with the same unit', () => {
    const found = figures('Rescuers pulled 3 of the 4 boats ashore.');
    expect(found.map((f) => [f.text, f.value, f.unit])).toEqual([['3', 3, 'boats'], ['4 boats', 4, 'boats']]);
  });

  it('takes the unit of a bare number from the figure before it', () => {
    const found = figures('The storm killed at least 94 people in Mozambique and 13 in Malawi.');
    expect(found.map((f) => [f.text, f.unit, f.category])).toEqual([['at least 94 people', 'people', 'casualties'], ['13', 'people', 'casualties']]);
  });

  it.each([
    ['12 people were killed in the strike.', 'casualties'],
    ['Shelling wounded 30 civilians.', 'casualties'],
    ['The army lost 50 tanks.', 'equipment'],
    ['Russia moved 3,000 soldiers north.', 'personnel'],
    ['Two brigades stayed in reserve.', 'personnel'],
    ['The strike hit 40 villages.', 'other'],
    ['Prices rose 5 percent.', 'percent'],
    ['Kyiv got $2bn.', 'money'],
  ])('categorises %s as %s', (text, category) => {
    expect(figures(text)[0]?.category).toBe(category);
  });
});

describe('tagFigures negatives', () => {
  it.each([
    ['In 2023 the war went on.'],
    ['On October 16 he spoke.'],
    ['He spoke on 16 October.'],
    ['The meeting was at 10:30 and ended at 6 p.m.'],
    ['The man, aged 25, was detained.'],
    ['A 25-year-old man was detained.'],
    ['Su-34 and F-16 jets flew over.'],
    ['The Leopard 2A6 and HIMARS M142 arrived.'],
    ['Resolution 2231 expired.'],
    ['The final score was 2-0.'],
    ['The 11th brigade and the first battalion moved.'],
    ['It happened twice, a six-time champion said.'],
    ['About half the city lost power.'],
    ['One of the soldiers spoke.'],
    ['A tank was destroyed.'],
    ['Call 1-800-555-0199 now.'],
    ['The town is 40 km east of Moscow.'],
    ['The bomb weighed 500 kg.'],
    ['The talks lasted three days.'],
    ['He served 10 years in prison.'],
    ['No. 617 Squadron flew.'],
    ['Task Force 51 escorted ships.'],
    ['A 6.2 earthquake shook Istanbul.'],
    ['The lake covers 300 square kilometres.'],
    ['1. Introduction'],
    [''],
  ])('no figure in %j', (text) => {
    expect(figures(text)).toEqual([]);
  });
});

describe('tagFigures robustness', () => {
  it('never throws and keeps spans exact on odd input', () => {
    const inputs = ['\u0000\ud800 12', '$', '3,', '1,000-', 'between 5 and', 'thousands of', '9'.repeat(400), 'one '.repeat(50), '-1-2-3-4-5'];
    for (const s of inputs) {
      const found = tagFigures(s, { countries: [], published: null, language: null });
      for (const f of found) expect(s.slice(f.start, f.end)).toBe(f.text);
    }
    expect(tagFigures(undefined as unknown as string, undefined as never)).toEqual([]);
  });

  it('stays linear on long inputs', () => {
    const text = 'At least 18 soldiers and up to 3,000 North Korean troops, '.repeat(5000);
    const t0 = performance.now();
    const found = tagFigures(text, { countries: [], published: null, language: null });
    expect(found.length).toBe(10000);
    expect(performance.now() - t0).toBeLessThan(2000);
  });
});
