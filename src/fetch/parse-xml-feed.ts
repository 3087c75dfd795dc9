import { createRequire } from 'node:module';
import Parser from 'rss-parser';
import type { Enclosure, FeedFormat, FeedItem, ParsedFeed } from '../model/item.ts';
import { toIsoDate, toText, type ParseFeedResult } from './parse-feed-result.ts';

type XmlNode = Record<string, unknown>;
type RawItem = Record<string, unknown>;

interface RawFeed {
  title?: unknown;
  link?: unknown;
  language?: unknown;
  dcLanguage?: unknown;
  items?: unknown;
}

/** The parts of rss-parser's (untyped) internals this module wraps. */
interface RssParserInternals {
  parseString(xml: string): Promise<RawFeed>;
  buildRSS0_9(xmlObj: XmlNode): RawFeed;
  buildRSS1(xmlObj: XmlNode): RawFeed;
  buildRSS2(xmlObj: XmlNode): RawFeed;
  parseItemAtom(entry: XmlNode): RawItem;
  buildAtomFeed(xmlObj: XmlNode): RawFeed;
}

interface RootElement {
  qualifiedName: string;
  localName: string;
  startTag: string;
}

const FORMAT_BY_ROOT: Readonly<Record<string, Exclude<FeedFormat, 'json'>>> = { rss: 'rss', RDF: 'rdf', feed: 'atom' };
const ROOT_NAME = /^<([A-Za-z_][\w.-]*(?::[A-Za-z_][\w.-]*)?)/;
const XML_LANG = /\sxml:lang\s*=\s*["']([^"']+)["']/;
const MAX_START_TAG_CHARS = 4096;
const LINE_BREAKS = /\s*[\r\n]+\s*/g;
// Linear replacement for rss-parser's snippet stripper (see below); at each "<" it stops at the next "<".
const SIMPLE_TAG = /<[^<>]*>/g;

// rss-parser computes a contentSnippet for every item with a lazy `(?:.|\n)*?` regex that is quadratic on unclosed
// tags (100 kB of "a<p b" blocks the loop for seconds). sitrep makes its own snippets, so swap in a linear version.
const rssParserUtils = createRequire(import.meta.url)('rss-parser/lib/utils.js') as { getSnippet: (html: string) => string };
rssParserUtils.getSnippet = (html: string): string => (typeof html === 'string' ? html.replace(SIMPLE_TAG, ' ').trim() : '');

const ITEM_FIELDS = [
  ['author', 'rawAuthors', { keepArray: true }],
  ['dc:creator', 'rawCreators', { keepArray: true }],
  ['category', 'rawCategories', { keepArray: true }],
  ['enclosure', 'rawEnclosures', { keepArray: true }],
  ['media:content', 'rawMediaContent', { keepArray: true }],
  ['media:thumbnail', 'rawMediaThumbnails', { keepArray: true }],
  ['link', 'rawLinks', { keepArray: true }],
];
const FEED_FIELDS = [['dc:language', 'dcLanguage']];

// One parser for the process: parseString runs xml2js synchronously and xml2js resets its state after each
// document, errors included (checked against sequences of malformed inputs).
const parser = new Parser({
  // Unversioned <rss> (and odd versions such as "1.0" or "3") parse with the RSS 2 builder.
  defaultRSS: 2,
  customFields: { item: ITEM_FIELDS, feed: FEED_FIELDS },
} as unknown as Parser.ParserOptions<RawFeed, RawItem>) as unknown as RssParserInternals;

// rss-parser throws on an Atom entry whose <published>/<updated> is not a date and on <link> elements without
// attributes, losing the whole feed. Hand it a cleaned copy and keep the raw values for our own mapping.
const parseItemAtom = parser.parseItemAtom.bind(parser);
parser.parseItemAtom = (entry: XmlNode): RawItem => {
  if (typeof entry !== 'object' || entry === null) return {};
  const cleaned: XmlNode = { ...entry };
  delete cleaned['published'];
  delete cleaned['updated'];
  const links = keepAttributedLinks(entry['link']);
  if (links.length > 0) cleaned['link'] = links;
  else delete cleaned['link'];
  const item = parseItemAtom(cleaned);
  // Atom 0.3 names them issued/created and modified.
  item['rawPublished'] = firstText(entry['published']) ?? firstText(entry['issued']) ?? firstText(entry['created']);
  item['rawUpdated'] = firstText(entry['updated']) ?? firstText(entry['modified']);
  item['rawLinks'] = entry['link'];
  return item;
};
const buildAtomFeed = parser.buildAtomFeed.bind(parser);
parser.buildAtomFeed = (xmlObj: XmlNode): RawFeed => {
  const root = xmlObj['feed'];
  if (typeof root !== 'object' || root === null) return { items: [] };
  const cleaned: XmlNode = { ...(root as XmlNode) };
  const links = keepAttributedLinks(cleaned['link']);
  if (links.length > 0) cleaned['link'] = links;
  else delete cleaned['link'];
  const feed = buildAtomFeed({ ...xmlObj, feed: cleaned });
  if (feed.link === undefined) feed.link = linkFromRaw((root as XmlNode)['link']);
  return feed;
};

// An <rss> with no <channel> (or an empty <rss/>) is well-formed; rss-parser would throw reading channel[0].
// Treat the root's own children as the channel, as feedparser does.
for (const name of ['buildRSS0_9', 'buildRSS2'] as const) {
  const build = parser[name].bind(parser);
  parser[name] = (xmlObj: XmlNode): RawFeed => {
    const rss = isNode(xmlObj['rss']) ? xmlObj['rss'] : {};
    if (Array.isArray(rss['channel']) && isNode(rss['channel'][0])) return build(xmlObj);
    return build({ ...xmlObj, rss: { ...rss, channel: [{ ...rss }] } });
  };
}
const buildRss1 = parser.buildRSS1.bind(parser);
parser.buildRSS1 = (xmlObj: XmlNode): RawFeed => {
  const rdf = isNode(xmlObj['rdf:RDF']) ? xmlObj['rdf:RDF'] : {};
  if (Array.isArray(rdf['channel']) && isNode(rdf['channel'][0])) return buildRss1(xmlObj);
  return buildRss1({ ...xmlObj, 'rdf:RDF': { ...rdf, channel: [{}] } });
};

function isNode(value: unknown): value is XmlNode {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function keepAttributedLinks(value: unknown): XmlNode[] {
  if (!Array.isArray(value)) return [];
  return value.filter((link): link is XmlNode => isNode(link) && isNode(link['$']));
}

/** Text of an xml2js value: a string, `{ _: text }`, or the first of an array of those. */
function firstText(value: unknown): string | null {
  const first = Array.isArray(value) ? value[0] : value;
  if (typeof first === 'string') return toText(first);
  if (isNode(first)) return toText(first['_']);
  return null;
}

function attributes(value: unknown): XmlNode | null {
  return isNode(value) && isNode(value['$']) ? value['$'] : null;
}

/** First usable link among raw <link> values: an alternate/unqualified href, else text content. */
function linkFromRaw(value: unknown): string | null {
  if (!Array.isArray(value)) return firstText(value);
  let fallback: string | null = null;
  for (const link of value) {
    const attrs = attributes(link);
    if (attrs === null) {
      fallback ??= firstText(link);
      continue;
    }
    const href = toText(attrs['href']);
    const rel = toText(attrs['rel']);
    if (href !== null && (rel === null || rel === 'alternate')) return href;
    fallback ??= firstText(link);
  }
  return fallback;
}

function addText(set: Set<string>, value: string | null): void {
  if (value !== null) set.add(value);
}

function readAuthors(item: RawItem): string[] {
  const authors = new Set<string>();
  for (const key of ['rawAuthors', 'rawCreators']) {
    const values = item[key];
    if (!Array.isArray(values)) continue;
    for (const value of values) {
      // Atom: <author><name>..</name></author>; RSS: plain text (often an e-mail address).
      addText(authors, isNode(value) && 'name' in value ? firstText(value['name']) : firstText(value));
    }
  }
  return [...authors];
}

function readCategories(item: RawItem): string[] {
  const categories = new Set<string>();
  const values = item['rawCategories'];
  if (!Array.isArray(values)) return [];
  for (const value of values) {
    const attrs = attributes(value);
    // Atom keeps the category in attributes (term, label); RSS in the text.
    addText(categories, attrs !== null ? toText(attrs['term']) ?? toText(attrs['label']) ?? firstText(value) : firstText(value));
  }
  return [...categories];
}

function toLength(value: unknown): number | null {
  const text = toText(value);
  if (text === null || !/^\d{1,15}$/.test(text)) return null;
  return Number(text);
}

function readEnclosures(item: RawItem): Enclosure[] {
  const enclosures: Enclosure[] = [];
  const seen = new Set<string>();
  const add = (url: string | null, type: unknown, length: unknown): void => {
    if (url === null || seen.has(url)) return;
    seen.add(url);
    enclosures.push({ url, type: toText(type), length: toLength(length) });
  };
  for (const key of ['rawEnclosures', 'rawMediaContent', 'rawMediaThumbnails']) {
    const values = item[key];
    if (!Array.isArray(values)) continue;
    for (const value of values) {
      const attrs = attributes(value);
      if (attrs !== null) add(toText(attrs['url']), attrs['type'], attrs['length'] ?? attrs['fileSize']);
    }
  }
  const links = item['rawLinks'];
  if (Array.isArray(links)) {
    for (const link of links) {
      const attrs = attributes(link);
      if (attrs !== null && attrs['rel'] === 'enclosure') add(toText(attrs['href']), attrs['type'], attrs['length']);
    }
  }
  return enclosures;
}

function toFeedItem(item: RawItem, format: Exclude<FeedFormat, 'json'>): FeedItem {
  const link = toText(item['link']) ?? linkFromRaw(item['rawLinks']);
  if (format === 'atom') {
    const updated = toIsoDate(item['rawUpdated']);
    return {
      guid: toText(item['id']),
      link,
      title: toText(item['title']),
      summary: toText(item['summary']),
      content: toText(item['content']),
      // Many Atom feeds carry only <updated>; it is the best publication time they give.
      published: toIsoDate(item['rawPublished']) ?? updated,
      updated,
      authors: readAuthors(item),
      categories: readCategories(item),
      enclosures: readEnclosures(item),
    };
  }
  return {
    guid: toText(item['guid']) ?? (format === 'rdf' ? toText(item['rdf:about']) : null),
    link,
    title: toText(item['title']),
    // rss-parser puts <description> in `content` and <content:encoded> under its own key.
    summary: toText(item['content']) ?? toText(item['summary']),
    content: toText(item['content:encoded']),
    published: toIsoDate(item['pubDate']) ?? toIsoDate(item['date']),
    updated: null,
    authors: readAuthors(item),
    categories: readCategories(item),
    enclosures: readEnclosures(item),
  };
}

/** Skips the prolog (declaration, PIs, comments, doctype) and returns the root element's name and start tag. */
export function findRootElement(text: string): RootElement | null {
  let pos = 0;
  for (;;) {
    const lt = text.indexOf('<', pos);
    if (lt === -1) return null;
    if (text.startsWith('<?', lt)) {
      const end = text.indexOf('?>', lt + 2);
      if (end === -1) return null;
      pos = end + 2;
    } else if (text.startsWith('<!--', lt)) {
      const end = text.indexOf('-->', lt + 4);
      if (end === -1) return null;
      pos = end + 3;
    } else if (text.startsWith('<!', lt)) {
      const gt = text.indexOf('>', lt);
      if (gt === -1) return null;
      const bracket = text.indexOf('[', lt);
      if (bracket !== -1 && bracket < gt) {
        // Internal DTD subset: the doctype ends at "]>" (whitespace allowed between).
        const close = text.indexOf(']', bracket);
        const afterClose = close === -1 ? -1 : text.indexOf('>', close);
        if (afterClose === -1) return null;
        pos = afterClose + 1;
      } else {
        pos = gt + 1;
      }
    } else {
      const match = ROOT_NAME.exec(text.slice(lt, lt + 256));
      const qualifiedName = match?.[1];
      if (qualifiedName === undefined) return null;
      const colon = qualifiedName.indexOf(':');
      const tagEnd = text.indexOf('>', lt);
      const end = tagEnd === -1 ? lt + MAX_START_TAG_CHARS : Math.min(tagEnd + 1, lt + MAX_START_TAG_CHARS);
      return { qualifiedName, localName: qualifiedName.slice(colon + 1), startTag: text.slice(lt, end) };
    }
  }
}

function errorMessage(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  return message.replace(LINE_BREAKS, '; ').replace(/;\s*$/, '');
}

/**
 * RSS 0.9x / 1.0 (RDF) / 2.0 and Atom text to a ParsedFeed via rss-parser's parseString. Strict: a lenient retry
 * belongs in the caller (parseFeed). Never throws.
 */
export async function parseXmlFeed(text: string): Promise<ParseFeedResult> {
  if (typeof text !== 'string' || text.trim() === '') return { ok: false, reason: 'empty body' };
  const root = findRootElement(text);
  if (root === null) return { ok: false, reason: 'not XML: no root element found' };
  const format = FORMAT_BY_ROOT[root.localName];
  if (format === undefined) return { ok: false, reason: `not a feed: root element is <${root.qualifiedName}>` };

  let raw: RawFeed;
  try {
    raw = await parser.parseString(text);
  } catch (err) {
    return { ok: false, reason: `invalid ${format} feed: ${errorMessage(err)}` };
  }
  try {
    const items: FeedItem[] = [];
    if (Array.isArray(raw.items)) {
      for (const item of raw.items) {
        if (isNode(item)) items.push(toFeedItem(item, format));
      }
    }
    const feed: ParsedFeed = {
      format,
      title: toText(raw.title),
      link: toText(raw.link),
      language: toText(raw.language) ?? toText(raw.dcLanguage) ?? toText(XML_LANG.exec(root.startTag)?.[1]),
      items,
      recovered: false,
      recoveryReason: null,
    };
    return { ok: true, feed };
  } catch (err) {
    return { ok: false, reason: `could not map ${format} feed: ${errorMessage(err)}` };
  }
}
