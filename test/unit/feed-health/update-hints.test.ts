import { describe, expect, it } from 'vitest';
import { parseXmlFeed } from '../../../src/fetch/parse-xml-feed.ts';
import { parseMaxAgeSeconds } from '../../../src/fetch/http-fetcher.ts';

const SY = 'xmlns:sy="http://purl.org/rss/1.0/modules/syndication/"';
const rss = (channelExtra: string, attrs = '') => `<?xml version="1.0"?><rss version="2.0" ${attrs}><channel><title>T</title>${channelExtra}<item><guid>1</guid><title>x</title></item></channel></rss>`;

describe('feed update hints from the parser', () => {
  it.each([
    ['no hints', rss(''), null, null],
    ['<ttl>60</ttl>', rss('<ttl>60</ttl>'), 60, null],
    ['a non-numeric ttl', rss('<ttl>soon</ttl>'), null, null],
    ['a zero ttl', rss('<ttl>0</ttl>'), null, null],
    ['sy:updatePeriod hourly, frequency 2', rss('<sy:updatePeriod>hourly</sy:updatePeriod><sy:updateFrequency>2</sy:updateFrequency>', SY), null, 1_800],
    ['sy:updateFrequency alone (daily)', rss('<sy:updateFrequency>4</sy:updateFrequency>', SY), null, 21_600],
    ['an unknown sy:updatePeriod', rss('<sy:updatePeriod>fortnightly</sy:updatePeriod>', SY), null, null],
    ['another prefix bound to the sy namespace', rss('<s:updatePeriod>weekly</s:updatePeriod>', 'xmlns:s="http://purl.org/rss/1.0/modules/syndication/"'), null, 604_800],
  ])('when the channel has %s, then ttlMinutes and updatePeriodSeconds are as declared', async (_label, text, ttl, period) => {
    const result = await parseXmlFeed(text);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.feed.ttlMinutes ?? null).toBe(ttl);
    expect(result.feed.updatePeriodSeconds ?? null).toBe(period);
  });
});

describe('parseMaxAgeSeconds', () => {
  it.each([
    [null, null],
    ['no-cache', null],
    ['max-age=300', 300],
    ['public, max-age=600, must-revalidate', 600],
    ['s-maxage=60, max-age=120', 120],
    ['max-age="90"', 90],
    ['max-age=abc', null],
  ])('when Cache-Control is %j, then max-age is %j', (header, expected) => {
    expect(parseMaxAgeSeconds(header)).toBe(expected);
  });
});
