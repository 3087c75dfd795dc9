import { describe, it, expect } from 'vitest';
import { tagText } from '../../../src/tag/index.ts';

type Row = [text: string, expected: Array<[name: string, mentions: string[]]>];

const POSITIVES: Row[] = [
  ["Russian President Vladimir Putin's spokesman Dmitry Peskov said no.", [['Vladimir Putin', ['Vladimir Putin']], ['Dmitry Peskov', ['Dmitry Peskov']]]],
  ['Zelensky, Zelenskiy and Volodymyr Zelenskyy', [['Volodymyr Zelenskyy', ['Zelensky', 'Zelenskiy', 'Volodymyr Zelenskyy']]]],
  ['Putin said, and President Putin added', [['Vladimir Putin', ['Putin', 'Putin']]]],
  ['Kim Jong-un and Kim Jong Un', [['Kim Jong Un', ['Kim Jong-un', 'Kim Jong Un']]]],
  ['the Biden administration', [['Joe Biden', ['Biden']]]],
  ['Gen. Oleksandr Syrsky visited', [['Oleksandr Syrskyi', ['Oleksandr Syrsky']]]],
  ['Defence Minister Rustem Umerov spoke', [['Rustem Umerov', ['Rustem Umerov']]]],
  ['Olena Kovalenko said the town fell. Kovalenko added more.', [['Olena Kovalenko', ['Olena Kovalenko', 'Kovalenko']]]],
  ['Lloyd Austin visited. Austin said aid was coming.', [['Lloyd Austin', ['Lloyd Austin', 'Austin']]]],
  ['Col. Smith declined to comment.', [['Smith', ['Smith']]]],
  ['spokesman John Kirby briefed reporters', [['John Kirby', ['John Kirby']]]],
];

const NEGATIVES: string[] = [
  'the USS Ronald Reagan sailed',
  'crowds in Kim Il Sung Square',
  'Russia says no, but Ukraine and South Korea point to Pyongyang and Moscow.',
  'the Defense Ministry said on Monday',
  'North Korea said it would respond',
  'a visit to Austin, Texas',
  'Secretary General of NATO',
];

describe('tagPeople', () => {
  it.each(POSITIVES)('%s', (text, expected) => {
    const people = tagText(text, { language: 'en' }).people;
    expect(people.map((p) => [p.name, p.mentions.map((m) => m.text)])).toEqual(expected);
    for (const p of people) for (const m of p.mentions) expect(text.slice(m.start, m.end)).toBe(m.text);
  });

  it.each(NEGATIVES)('finds no person in %s', (text) => {
    expect(tagText(text, { language: 'en' }).people).toEqual([]);
  });

  it('does not read another family member as the table person', () => {
    const people = tagText('Eric Trump spoke').people;
    expect(people.map((p) => p.name)).toEqual(['Eric Trump']);
  });

  it('merges across title and snippet by canonical name', async () => {
    const { tagFields } = await import('../../../src/tag/index.ts');
    const e = tagFields({ title: 'Zelensky warns', snippet: 'Volodymyr Zelenskyy said' });
    expect(e.people.map((p) => [p.name, p.mentions.map((m) => m.field)])).toEqual([['Volodymyr Zelenskyy', ['title', 'snippet']]]);
  });
});
