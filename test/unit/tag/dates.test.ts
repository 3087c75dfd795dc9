import { describe, it, expect } from 'vitest';
import { tagDates } from '../../../src/tag/dates/index.ts';
import type { DateEntity } from '../../../src/model/entities.ts';

// Thursday 17 October 2024.
const PUB = '2024-10-17T09:00:00Z';

function dates(text: string, published: string | null = PUB): DateEntity[] {
  return tagDates(text, { countries: [], published, language: 'en' });
}

const POSITIVES: Array<[text: string, span: string, iso: string | null]> = [
  ['On October 16, Zelenskyy spoke.', 'October 16', '2024-10-16'],
  ['It happened on 16 October 2024.', '16 October 2024', '2024-10-16'],
  ['It happened on Oct. 16.', 'Oct. 16', '2024-10-16'],
  ['It happened on Sept. 3, 2023.', 'Sept. 3, 2023', '2023-09-03'],
  ['Filed 2024-10-16 in Kyiv.', '2024-10-16', '2024-10-16'],
  ['Filed 16.10.2024 in Kyiv.', '16.10.2024', '2024-10-16'],
  ['It began on the 16th of October.', '16th of October', '2024-10-16'],
  ['The talks stalled in December.', 'December', '2023-12'],
  ['The talks stalled in October.', 'October', '2024-10'],
  ['Elections will be held in December.', 'December', '2024-12'],
  ['The offensive began in February 2024.', 'February 2024', '2024-02'],
  ['The war escalated in 2023.', '2023', '2023'],
  ['The 2022 invasion changed Europe.', '2022', '2022'],
  ['It was agreed in mid-December 2017.', 'mid-December 2017', '2017-12'],
  ['Deliveries start in early 2021.', 'early 2021', '2021'],
  ['Arms flowed in the 1990s.', '1990s', '1990'],
  ['Arms flowed in the early 1990s.', 'early 1990s', '1990'],
  ['The navy said on Tuesday.', 'Tuesday', '2024-10-15'],
  ['The navy said on Thursday.', 'Thursday', '2024-10-17'],
  ['The leaders will meet on Monday.', 'Monday', '2024-10-21'],
  ['The strike came on the 12th, officials said.', '12th', '2024-10-12'],
  ['The strike came on the 20th, officials said.', '20th', '2024-09-20'],
  ['A vote is set for May 9.', 'May 9', '2025-05-09'],
  ['The parade was on May 9.', 'May 9', '2024-05-09'],
  ['On Wednesday, October 16 he spoke.', 'Wednesday, October 16', '2024-10-16'],
];

describe('tagDates positives', () => {
  it.each(POSITIVES)('%s', (text, span, iso) => {
    const found = dates(text);
    expect(found.map((d) => [d.text, d.iso])).toEqual([[span, iso]]);
    const d = found[0];
    if (d !== undefined) expect(text.slice(d.start, d.end)).toBe(d.text);
  });
});

describe('tagDates without a publication date', () => {
  it.each([
    ['On October 16, Zelenskyy spoke.', 'October 16', null],
    ['The navy said on Tuesday.', 'Tuesday', null],
    ['It happened on 16 October 2024.', '16 October 2024', '2024-10-16'],
    ['The war escalated in 2023.', '2023', '2023'],
  ] as const)('%s', (text, span, iso) => {
    expect(dates(text, null).map((d) => [d.text, d.iso])).toEqual([[span, iso]]);
  });
});

describe('tagDates negatives', () => {
  it.each([
    ['Yesterday the talks failed.'],
    ['Last week and this year were hard.'],
    ['The meeting started at 10:30.'],
    ['The talks lasted three days.'],
    ['Victory Day and Christmas were quiet.'],
    ['Russia sent 2,000 troops.'],
    ['Russia sent 2000 troops.'],
    ['She may go, and they march on.'],
    ['Resolution 2231 expired.'],
    ['Euro 2024 was held in Germany.'],
    ['In the 16th century it was a fort.'],
    ['The jets cost $2000 each.'],
  ])('no date in %j', (text) => {
    expect(dates(text)).toEqual([]);
  });
});

describe('tagDates robustness', () => {
  it('never throws on bad input', () => {
    for (const bad of ['', '\ud800 October 99', 'February 30', '31.02.2024', '2024-13-45']) {
      for (const d of dates(bad)) expect(bad.slice(d.start, d.end)).toBe(d.text);
    }
    expect(dates('February 30')).toEqual([]);
    expect(dates('2024-13-45')).toEqual([]);
    expect(tagDates(undefined as unknown as string, undefined as never)).toEqual([]);
    expect(dates('On October 16 he spoke.', 'not a date')[0]?.iso).toBeNull();
  });

  it('stays linear on long inputs', () => {
    const text = 'On October 16 and in 2023, on Tuesday, the 1990s. '.repeat(5000);
    const t0 = performance.now();
    expect(dates(text).length).toBe(20000);
    expect(performance.now() - t0).toBeLessThan(2000);
  });
});
