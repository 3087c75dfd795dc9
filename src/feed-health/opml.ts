import { load as loadXml } from 'cheerio';

export interface OpmlOutline {
  url: string;
  title?: string;
  /** sitrep:id, when the OPML was exported by sitrep. */
  id?: string;
  /** sitrep:interval as written (30s, 10m, 600 ...). */
  interval?: string;
}

export interface OpmlFeed {
  id: string;
  url: string;
  title?: string;
  intervalSeconds: number;
}

const XML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };
const XML_SPECIAL = /[&<>"']/g;
// Characters XML 1.0 forbids outright; a title carrying them would make the export unreadable.
const XML_INVALID = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;

function escapeXml(text: string): string {
  return text.replace(XML_INVALID, '').replace(XML_SPECIAL, (char) => XML_ESCAPES[char] ?? char);
}

/** Pure: every outline with an xmlUrl, in document order (nested folders included). Never throws. */
export function parseOpml(text: string): OpmlOutline[] {
  const $ = loadXml(text, { xml: true });
  const outlines: OpmlOutline[] = [];
  $('outline').each((_, element) => {
    const outline = $(element);
    const url = (outline.attr('xmlUrl') ?? outline.attr('xmlurl') ?? '').trim();
    if (url === '') return;
    const entry: OpmlOutline = { url };
    const title = (outline.attr('title') ?? outline.attr('text') ?? '').trim();
    if (title !== '') entry.title = title;
    const id = outline.attr('sitrep:id')?.trim();
    if (id) entry.id = id;
    const interval = outline.attr('sitrep:interval')?.trim();
    if (interval) entry.interval = interval;
    outlines.push(entry);
  });
  return outlines;
}

/** Pure: an OPML 2.0 document listing the feeds (sitrep:id and sitrep:interval keep a round trip lossless). */
export function buildOpml(feeds: readonly OpmlFeed[], title = 'sitrep feeds'): string {
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<opml version="2.0" xmlns:sitrep="https://sitrep.invalid/opml">',
    `  <head><title>${escapeXml(title)}</title></head>`,
    '  <body>',
  ];
  for (const feed of feeds) {
    const text = escapeXml(feed.title ?? feed.id);
    lines.push(`    <outline type="rss" text="${text}" title="${text}" xmlUrl="${escapeXml(feed.url)}" sitrep:id="${escapeXml(feed.id)}" sitrep:interval="${feed.intervalSeconds}"/>`);
  }
  lines.push('  </body>', '</opml>');
  return `${lines.join('\n')}\n`;
}

/** Pure: a feed id ([a-z0-9-]) from a title or URL, unique against taken ids (which it extends). */
export function makeFeedId(source: string, taken: Set<string>): string {
  const base = source.toLowerCase().replace(/^https?:\/\//, '').replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 60) || 'feed';
  let id = base;
  for (let n = 2; taken.has(id); n++) id = `${base}-${n}`;
  taken.add(id);
  return id;
}
