import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { computeSignature, contentHash, estimateJaccard, figuresCompatible, isNearDuplicate, isSameStory, storyContextCompatible } from '../../../src/dedup/index.ts';
import { tagText } from '../../../src/tag/index.ts';
import { tagCountries } from '../../../src/tag/countries/index.ts';
import { emptyEntities } from '../../../src/model/entities.ts';

const BASE = 'As many as 3,000 North Korean troops will reportedly form part of the Special Buryat Battalion within Moscow\'s 11th Separate Airborne Assault Brigade, according to Ukrainian military intelligence.';
const sig = (text: string) => computeSignature(text, { ...emptyEntities(), countries: tagCountries(text) });

describe('computeSignature', () => {
  it('has fixed shapes and the contentHash of the text', () => {
    const s = sig(BASE);
    expect(s.contentHash).toBe(contentHash(BASE));
    expect(s.exactToken).toBe(s.contentHash.slice(0, 12));
    expect(s.ledeToken).toMatch(/^[0-9a-f]{12}$/);
    expect(s.bandTokens).toHaveLength(6);
    expect(s.sketch).toHaveLength(30);
    expect(s.figureMask).toHaveLength(12);
    expect(s.sketch.every((b) => b >= 0 && b <= 255)).toBe(true);
    expect(s.storyTokens.length).toBeGreaterThan(0);
  });

  it('never throws and gives empty tokens for empty text', () => {
    fc.assert(fc.property(fc.string({ maxLength: 300 }), (text) => {
      const s = computeSignature(text, null);
      expect(s.sketch).toHaveLength(30);
    }), { numRuns: 200 });
    expect(computeSignature('', null)).toMatchObject({ ledeToken: null, bandTokens: [], storyTokens: [], distinctWords: 0 });
  });

  it.each([
    ['outlet suffix', `${BASE} - Reuters`, true],
    ['curly quotes and prefix', `WATCH: ${BASE.replace('\'', '\u2019')}`, true],
    ['truncated with ellipsis', `${BASE.split(' ').slice(0, 16).join(' ')} ...`, true],
    ['two words edited', BASE.replace('reportedly', 'reported to').replace('according to', 'says'), true],
    ['another figure', BASE.replace('3,000', '10,000'), false],
    ['another place', BASE.replace('Moscow', 'Minsk'), false],
    ['same lede, other continuation', 'As many as 3,000 North Korean troops will reportedly be sent to guard the border with Belarus this winter.', false],
  ])('isNearDuplicate: %s -> %s', (_label, other, expected) => {
    expect(isNearDuplicate(sig(BASE), sig(other))).toBe(expected);
  });

  it('figure guard: the shorter text\'s figures must be in the longer', () => {
    expect(figuresCompatible(sig('Russia moved 3,000 troops to Kursk'), sig('Russia moved 3,000 troops to Kursk and 40 tanks'))).toBe(true);
    expect(figuresCompatible(sig('Russia moved 3,000 troops to Kursk'), sig('Russia moved 10,000 troops to Kursk and 40 tanks'))).toBe(false);
  });

  it('same story: other wording with a shared anchor, not a near copy', () => {
    const a = sig('Sudan\'s paramilitary Rapid Support Forces shelled the city of El Fasher for a third day, killing at least 12 civilians sheltering in a hospital, medics said.');
    const b = sig('The RSF shelled El Fasher in Sudan for a third straight day, killing at least 12 civilians who had taken shelter in a hospital, according to medics.');
    expect(isNearDuplicate(a, b)).toBe(false);
    expect(isSameStory(a, b)).toBe(true);
    expect(isSameStory(a, sig('Sudan\'s army shelled the city of Omdurman for a third day, killing at least 40 civilians, medics said.'))).toBe(false);
  });

  it('estimateJaccard is 1 for equal sketches and low for unrelated texts', () => {
    expect(estimateJaccard(sig(BASE).sketch, sig(BASE).sketch)).toBe(1);
    expect(estimateJaccard(sig(BASE).sketch, sig('The Federal Reserve held interest rates steady on Wednesday and signalled two cuts.').sketch)).toBeLessThan(0.2);
  });

  it.each([
    ['another place, same opening', 'Ukrainian drones hit an oil refinery in Russia\'s Rostov region overnight, the regional governor said.', 'Ukrainian drones hit an ammunition depot in Russia\'s Tver region overnight, causing a massive fire.'],
    ['troops vs workers', 'North Korean troops are being trained at bases in Russia\'s far east, South Korea\'s spy agency said.', 'North Korean workers are being sent to construction sites in Russia\'s far east, South Korea\'s spy agency said.'],
    ['opposite outcome, same opening', 'Kenya\'s deputy president was impeached by the senate on charges including corruption.', 'Kenya\'s deputy president was cleared by the senate of charges including corruption.'],
    ['civilians vs soldiers killed', 'Russian shelling killed 12 civilians in the Sumy region of Ukraine on Monday, officials said.', 'Ukraine said twelve soldiers died when Russian shelling hit a training ground in Sumy on Monday.'],
  ])('story guard (full tagger): %s is not one story', (_label, a, b) => {
    const sa = computeSignature(a, tagText(a));
    const sb = computeSignature(b, tagText(b));
    expect(storyContextCompatible(sa, sb)).toBe(false);
    expect(isSameStory(sa, sb)).toBe(false);
    expect(isNearDuplicate(sa, sb)).toBe(false);
  });

  it('story guard keeps paraphrases with other openings and compatible actors', () => {
    const a = 'The Pentagon said it would send about 100 soldiers and a THAAD missile defence battery to Israel to bolster its air defences after the Iranian attack.';
    const b = 'The United States will deploy a THAAD battery and about 100 troops to Israel to strengthen its air defences after Iran\'s attack, the Pentagon said.';
    expect(storyContextCompatible(computeSignature(a, tagText(a)), computeSignature(b, tagText(b)))).toBe(true);
    // Too short for an opening key: only actors decide.
    expect(storyContextCompatible(computeSignature('Troops moved north', null), computeSignature('Troops moved south', null))).toBe(true);
  });
});
