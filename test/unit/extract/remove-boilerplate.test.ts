import { describe, expect, it } from 'vitest';
import { removeBoilerplate, stripBoilerplate } from '../../../src/extract/remove-boilerplate.ts';

describe('removeBoilerplate', () => {
  it.each([
    ['WordPress footer', 'Troops massed at the border. The post Troops mass at border appeared first on Daily Wire News.', 'Troops massed at the border.'],
    ['WordPress footer with a title that starts like content', 'The post office closed. The post Office closes appeared first on Local.', 'The post office closed.'],
    ['Continue reading...', 'Kyiv braces for winter. Continue reading...', 'Kyiv braces for winter.'],
    ['Continue reading…', 'Kyiv braces for winter. Continue reading…', 'Kyiv braces for winter.'],
    ['Read more', 'Talks resumed on Monday. Read more', 'Talks resumed on Monday.'],
    ['Read more »', 'Talks resumed on Monday. Read More »', 'Talks resumed on Monday.'],
    ['Read the full story at', 'Talks resumed. Read the full story at NBC News', 'Talks resumed.'],
    ['[…] at the end', 'Officials said the convoy was hit near the border […]', 'Officials said the convoy was hit near the border'],
    ['[...] at the end', 'Officials said the convoy was hit [...]', 'Officials said the convoy was hit'],
    ['Click here sentence', 'Intro sentence. Click here to subscribe to our newsletter. Real end.', 'Intro sentence. Real end.'],
    ['Click here at the start', 'Click here for the live blog. Fighting continued.', 'Fighting continued.'],
    ['Source line', 'Prices rose 5% in May. Source: Reuters', 'Prices rose 5% in May.'],
    ['Source line with a long name', 'Prices rose. Source: Ministry of Defence of Ukraine.', 'Prices rose.'],
    ['originally appeared', 'Scientists warn of drought. This article originally appeared on The Conversation.', 'Scientists warn of drought.'],
    ['was first published', 'Scientists warn. This story was first published in Grist.', 'Scientists warn.'],
    ['stacked tails', 'Body text here. Read more... The post Body appeared first on Site.', 'Body text here.'],
  ])('removes %s', (_name, input, expected) => {
    expect(removeBoilerplate(input)).toBe(expected);
  });

  it.each([
    ['(Reuters) dateline (dedup strips it, not extraction)', 'KYIV (Reuters) - Ukraine said on Monday that talks had stalled.'],
    ['"read more" inside a sentence', 'Investors should read more carefully before they sign.'],
    ['lower-case "read more" at the end', 'Investors should read more'],
    ['title-case phrase continuing', 'Why Children Read More Books'],
    ['a sentence that starts with Sources', 'Body. Sources: Russia to deploy troops'],
    ['a real sentence about a source', 'A source said the talks would continue.'],
    ['an upstream cut without brackets', 'As many as 3,000 North Korean troops will reportedly form part of the brigade. The ...'],
    ['"click here" mid-sentence', 'Voters were told to click here to register, officials said.'],
    ['the word post', 'The post was filled after the general appeared first on the list.'],
  ])('keeps %s', (_name, input) => {
    expect(removeBoilerplate(input)).toBe(input);
  });

  it('reports tails that mark an excerpt', () => {
    expect(stripBoilerplate('Officials said the convoy was hit […]')).toEqual({ text: 'Officials said the convoy was hit', cut: true });
    expect(stripBoilerplate('Kyiv braces. Continue reading...')).toEqual({ text: 'Kyiv braces.', cut: true });
    expect(stripBoilerplate('Prices rose. Source: Reuters')).toEqual({ text: 'Prices rose.', cut: false });
    expect(stripBoilerplate('')).toEqual({ text: '', cut: false });
  });
});

describe('removeBoilerplate on hostile input', () => {
  it('stays fast on long whitespace runs and repeated labels', () => {
    const started = performance.now();
    removeBoilerplate(`${' '.repeat(100_000)}x`);
    removeBoilerplate('Read more at '.repeat(8_000));
    removeBoilerplate(`Source: ${'Abc '.repeat(20_000)}zz.`);
    expect(performance.now() - started).toBeLessThan(1_000);
  });

  it('finds tails at the end of a long text', () => {
    const body = 'Sentence number one is here. '.repeat(500);
    expect(removeBoilerplate(`${body}READ MORE »`)).toBe(body.trim());
  });
});
