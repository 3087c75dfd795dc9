import { describe, expect, it } from 'vitest';
import { extractItem } from '../../../src/extract/extract-item.ts';
import type { FeedItem } from '../../../src/model/item.ts';

function item(fields: Partial<FeedItem>): FeedItem {
  return {
    guid: null, link: null, title: null, summary: null, content: null, published: null, updated: null,
    authors: [], categories: [], enclosures: [], ...fields,
  };
}

const options = { maxSnippetChars: 300 };

describe('extractItem', () => {
  it('prefers the summary over the content', () => {
    const out = extractItem(item({ title: 'T', summary: '<p>Summary text.</p>', content: '<p>Content text.</p>' }), options);
    expect(out).toEqual({ title: 'T', snippet: 'Summary text.', truncated: false });
  });

  it('falls back to the content when the summary is missing or only markup', () => {
    expect(extractItem(item({ content: '<p>Content text.</p>' }), options).snippet).toBe('Content text.');
    expect(extractItem(item({ summary: '<img src="a.jpg">', content: '<p>Content text.</p>' }), options).snippet).toBe('Content text.');
  });

  it('returns empty strings when there is nothing', () => {
    expect(extractItem(item({}), options)).toEqual({ title: '', snippet: '', truncated: false });
  });

  it('cleans the title: markup, entities, mojibake, whitespace', () => {
    const out = extractItem(item({ title: '  <b>Russia</b>&#8217;s  army\n and North Koreaโa  test &amp; more â€” ok ' }), options);
    expect(out.title).toBe('Russia’s army and North Korea—a test & more — ok');
  });

  it('runs the whole chain on the snippet', () => {
    const summary = '<p>Russiaâ€™s army moved.</p><p>Officials said more would follow [&hellip;]</p>'
      + '<p>The post Russia moves appeared first on Example News.</p>';
    const out = extractItem(item({ title: 'Russia moves', summary }), options);
    expect(out.snippet).toBe('Russia’s army moved. Officials said more would follow');
    expect(out.truncated).toBe(true); // "[…]" said the feed only carried an excerpt
  });

  it('cuts to maxSnippetChars at a sentence boundary', () => {
    const summary = 'As many as 3,000 North Korean troops will reportedly form part of the Special Buryat Battalion. '
      + 'Moscow denied the reports on Tuesday and said nothing more.';
    const out = extractItem(item({ summary }), { maxSnippetChars: 120 });
    expect(out.snippet).toBe('As many as 3,000 North Korean troops will reportedly form part of the Special Buryat Battalion.');
    expect(out.truncated).toBe(true);
  });

  it('flags an upstream cut', () => {
    const summary = 'Ukrainian President Volodymyr Zelensky on Wednesday cited reports that North Korea was providing military personnel to aid ...';
    expect(extractItem(item({ summary }), options)).toMatchObject({ snippet: summary, truncated: true });
  });

  it('keeps a snippet that merely repeats the title', () => {
    const out = extractItem(item({ title: 'Kyiv says talks stalled', summary: 'Kyiv says talks stalled' }), options);
    expect(out).toEqual({ title: 'Kyiv says talks stalled', snippet: 'Kyiv says talks stalled', truncated: false });
  });
});
