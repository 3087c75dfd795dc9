import { describe, it, expect } from 'vitest';
import { tagText } from '../../../src/tag/index.ts';

type Row = [text: string, expected: Array<[name: string, mentions: string[]]>];

const POSITIVES: Row[] = [
  ['a source tells NBC News', [['NBC News', ['NBC News']]]],
  ['the SBU, the Security Service of Ukraine', [['Security Service of Ukraine', ['SBU', 'Security Service of Ukraine']]]],
  ['the UN and the U.N. Security Council', [['United Nations', ['UN']], ['UN Security Council', ['U.N. Security Council']]]],
  ["NATO's chief", [['NATO', ['NATO']]]],
  ["Russia's Defence Ministry and the Russian Defense Ministry", [['Russian Ministry of Defence', ['Defence Ministry', 'Russian Defense Ministry']]]],
  ['the Ministry of Defence of Russia', [['Russian Ministry of Defence', ['Ministry of Defence of Russia']]]],
  ['the Armed Forces of Ukraine', [['Armed Forces of Ukraine', ['Armed Forces of Ukraine']]]],
  ['the U.S. Navy', [['US Navy', ['U.S. Navy']]]],
  ['The New York Times reported', [['The New York Times', ['New York Times']]]],
  ['GUR and Ukraine\u2019s military intelligence', [['Main Intelligence Directorate', ['GUR', 'military intelligence']]]],
  ['Hamas, Hezbollah and the Houthis', [['Hamas', ['Hamas']], ['Hezbollah', ['Hezbollah']], ['Houthis', ['Houthis']]]],
  ['the Verkhovna Rada voted', [['Verkhovna Rada', ['Verkhovna Rada']]]],
  ['KCNA and Yonhap reported', [['Korean Central News Agency', ['KCNA']], ['Yonhap', ['Yonhap']]]],
];

const NEGATIVES: string[] = [
  'the Kremlin and the White House',
  'Kim Jong Un met them',
  'an economist said',
  'the ministry said',
  'Russia says no, but Ukraine and South Korea point to Pyongyang and Moscow.',
];

describe('tagOrganizations', () => {
  it.each(POSITIVES)('%s', (text, expected) => {
    const orgs = tagText(text, { language: 'en' }).organizations;
    expect(orgs.map((o) => [o.name, o.mentions.map((m) => m.text)])).toEqual(expected);
    for (const o of orgs) for (const m of o.mentions) expect(text.slice(m.start, m.end)).toBe(m.text);
  });

  it.each(NEGATIVES)('finds no organisation in %s', (text) => {
    expect(tagText(text, { language: 'en' }).organizations).toEqual([]);
  });

  it('still gives the country inside an organisation name', () => {
    const e = tagText('the Security Service of Ukraine said');
    expect(e.countries.map((c) => c.iso2)).toEqual(['UA']);
  });

  it('never throws on odd input', () => {
    for (const t of ['', '\ud800', 'NATO'.repeat(10000), "'s 's -- ..."]) expect(() => tagText(t)).not.toThrow();
  });
});
