import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseFeed } from '../../../src/fetch/parse-feed.ts';
import { repairXml } from '../../../src/fetch/repair-xml.ts';

const rss = (body: string): string => `<rss version="2.0"><channel><title>T</title>${body}</channel></rss>`;

describe('repairXml', () => {
  it.each([
    { name: 'bare ampersand', input: '<a>Q&A</a>', text: '<a>Q&amp;A</a>', reason: 'escaped bare &' },
    { name: 'control characters', input: '<a>x\u0001y\u000b</a>', text: '<a>xy</a>', reason: 'dropped illegal control characters' },
    { name: 'HTML named entity', input: '<a>wait&hellip;</a>', text: '<a>wait&#8230;</a>', reason: 'mapped HTML entities' },
    { name: 'undefined entity', input: '<a>&bogus;</a>', text: '<a>&amp;bogus;</a>', reason: 'escaped undefined entities' },
    { name: 'unclosed root', input: '<rss><channel></channel>', text: '<rss><channel></channel></rss>', reason: 'closed the unclosed root element' },
    { name: 'truncated mid-tag', input: '<rss><channel><title>x</title><ite', text: '<rss><channel><title>x</title></channel></rss>', reason: 'dropped a truncated tag' },
    { name: 'unterminated CDATA', input: '<a><![CDATA[x & y', text: '<a><![CDATA[x & y]]></a>', reason: 'closed an unterminated CDATA section' },
    { name: 'stray close tag', input: '<a><b>x</c></b></a>', text: '<a><b>x</b></a>', reason: 'dropped stray close tags' },
  ])('$name', ({ input, text, reason }) => {
    const repaired = repairXml(input);
    expect(repaired.text).toBe(text);
    expect(repaired.reasons).toContain(reason);
  });

  it('leaves CDATA, comments, XML entities and declared entities alone', () => {
    const input = '<!DOCTYPE a [<!ENTITY me "x">]><a><![CDATA[&nbsp; & <b>]]><!-- & -->&amp;&me;&#8230;</a>';
    expect(repairXml(input)).toEqual({ text: input, reasons: [] });
  });

  it('is linear on pathological input', () => {
    const started = performance.now();
    repairXml(`<rss>${'a<p b'.repeat(100_000)}&&&`);
    expect(performance.now() - started).toBeLessThan(1000);
  });
});

describe('parseFeed lenient retry', () => {
  it.each([
    { name: 'bare &', xml: rss('<item><title>Q&A</title><link>http://x/?a=1&b=2</link></item>'), title: 'Q&A', reason: /bare &/ },
    { name: 'HTML entity', xml: rss('<item><title>wait&hellip; &mdash;</title></item>').replace('<rss', '<!DOCTYPE rss SYSTEM "x"><rss'), title: 'wait\u2026 \u2014', reason: null },
    { name: 'control characters', xml: rss('<item><title>a\u0002b</title></item>'), title: 'ab', reason: /control characters/ },
    { name: 'truncated document', xml: rss('<item><title>kept</title></item><item><title>cut').slice(0, -20), title: 'kept', reason: /truncated|unclosed/ },
    { name: 'unclosed root', xml: rss('<item><title>x</title></item>').replace('</rss>', ''), title: 'x', reason: /unclosed root/ },
  ])('recovers $name', async ({ xml, title, reason }) => {
    const result = await parseFeed(xml, 'application/rss+xml');
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.feed.items[0]?.title).toBe(title);
    if (reason !== null) {
      expect(result.feed.recovered).toBe(true);
      expect(result.feed.recoveryReason).toMatch(reason);
    }
  });

  it('recovers an unclosed item (fixture) with the strict reason kept', async () => {
    const text = readFileSync(fileURLToPath(new URL('../../fixtures/feeds/invalid-unclosed.xml', import.meta.url)), 'utf8');
    const result = await parseFeed(text);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.feed.items.map((item) => item.title)).toEqual(['Never closed']);
    expect(result.feed.recoveryReason).toMatch(/closed unclosed elements.*strict parse: invalid rss feed/);
  });

  it('does not mark a well-formed feed as recovered', async () => {
    const result = await parseFeed(rss('<item><title>ok</title></item>'));
    expect(result.ok && result.feed.recovered).toBe(false);
  });

  it('parses <rss> with no <channel> and no version', async () => {
    const result = await parseFeed('<rss><title>T</title><item><title>i</title></item></rss>');
    expect(result.ok).toBe(true);
    if (result.ok) expect(result.feed.items.map((item) => item.title)).toEqual(['i']);
  });

  it('still fails on non-feeds, with the strict reason', async () => {
    const result = await parseFeed('<html><body>nope</body>');
    expect(result.ok).toBe(false);
  });
});
