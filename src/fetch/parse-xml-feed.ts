import type { Enclosure, FeedFormat, FeedItem, ParsedFeed } from '../model/item.ts';
import { toIsoDate, toText, type ParseFeedResult } from './parse-feed-result.ts';
import { readTextConstruct, textContent } from './text-construct.ts';
import { parseXmlTree, resolveUrl, type XmlElement } from './xml-tree.ts';

type XmlFormat = Exclude<FeedFormat, 'json'>;
/** How the document is laid out: CDF and Atom entry documents map onto the rss and atom formats. */
type Layout = 'rss' | 'rdf' | 'atom' | 'atom-entry' | 'cdf';

interface RootElement {
  qualifiedName: string;
  localName: string;
  startTag: string;
}

const LAYOUT_BY_ROOT: Readonly<Record<string, Layout>> = {
  rss: 'rss', rdf: 'rdf', feed: 'atom', entry: 'atom-entry', channel: 'cdf',
};
const FORMAT_BY_LAYOUT: Readonly<Record<Layout, XmlFormat>> = {
  rss: 'rss', rdf: 'rdf', atom: 'atom', 'atom-entry': 'atom', cdf: 'rss',
};
const ROOT_NAME = /^<([A-Za-z_][\w.-]*(?::[A-Za-z_][\w.-]*)?)/;
const MAX_START_TAG_CHARS = 4096;
const HTTP_URL = /^https?:\/\//i;
const LENGTH = /^\d{1,15}$/;

const ATOM10_NS = 'http://www.w3.org/2005/Atom';
const ATOM03_NS = 'http://purl.org/atom/ns#';
const RDF_NS = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#';
// Namespaces whose elements are the format's own: their names are used bare (lower-cased, as feedparser does).
const RSS_CORE_NS = new Set(['', 'http://purl.org/rss/1.0/', 'http://my.netscape.com/rdf/simple/0.9/', 'http://backend.userland.com/rss2', 'http://blogs.law.harvard.edu/tech/rss', 'http://backend.userland.com/rss']);
const ATOM_CORE_NS = new Set(['', ATOM10_NS, ATOM03_NS]);
// Extension namespaces by URI, named by their usual prefix whatever the document calls them.
const KNOWN_PREFIX: Readonly<Record<string, string>> = {
  'http://purl.org/dc/elements/1.1/': 'dc',
  'http://purl.org/dc/terms/': 'dcterms',
  'http://purl.org/rss/1.0/modules/content/': 'content',
  'http://search.yahoo.com/mrss/': 'media',
  'http://search.yahoo.com/mrss': 'media',
  'http://www.itunes.com/dtds/podcast-1.0.dtd': 'itunes',
  'http://www.itunes.com/DTDs/Podcast-1.0.dtd': 'itunes',
  'http://www.w3.org/1999/xhtml': 'xhtml',
  [RDF_NS]: 'rdf',
  [ATOM10_NS]: 'atom',
  'http://purl.org/rss/1.0/modules/syndication/': 'sy',
  [ATOM03_NS]: 'atom',
};

/** Element children of a channel/item/entry indexed by a normalized key ("title", "dc:date", "atom:link"). */
type Fields = Map<string, XmlElement[]>;

function keyOf(element: XmlElement, core: ReadonlySet<string>): string {
  const local = element.local.toLowerCase();
  const colon = element.name.indexOf(':');
  if (core.has(element.ns) && (colon === -1 || element.ns !== '')) return local;
  const known = KNOWN_PREFIX[element.ns];
  if (known !== undefined) return `${known}:${local}`;
  // An unknown default namespace is still the feed's own vocabulary; an unknown prefix keeps its written name.
  return colon === -1 ? local : `${element.name.slice(0, colon).toLowerCase()}:${local}`;
}

function fieldsOf(element: XmlElement, core: ReadonlySet<string>): Fields {
  const fields: Fields = new Map();
  for (const child of element.children) {
    if (typeof child === 'string') continue;
    const key = keyOf(child, core);
    const list = fields.get(key);
    if (list === undefined) fields.set(key, [child]);
    else list.push(child);
  }
  return fields;
}

function first(fields: Fields, key: string): XmlElement | null {
  return fields.get(key)?.[0] ?? null;
}

function last(fields: Fields, key: string): XmlElement | null {
  const list = fields.get(key);
  return list === undefined ? null : list[list.length - 1] ?? null;
}

/** Attribute by name, case-insensitively (CDF writes HREF, LASTMOD). */
function attr(element: XmlElement, name: string): string | null {
  const exact = element.attrs[name];
  if (exact !== undefined) return toText(exact);
  for (const key in element.attrs) if (key.toLowerCase() === name) return toText(element.attrs[key]);
  return null;
}

function plainText(element: XmlElement | null): string | null {
  return element === null ? null : toText(textContent(element));
}

function richText(element: XmlElement | null, atom10: boolean): string | null {
  return element === null ? null : toText(readTextConstruct(element, atom10));
}

function firstRichText(fields: Fields, keys: readonly string[], atom10: boolean): string | null {
  for (const key of keys) {
    const value = richText(first(fields, key), atom10);
    if (value !== null) return value;
  }
  return null;
}

function firstDate(fields: Fields, keys: readonly string[], pick: typeof first = first): string | null {
  for (const key of keys) {
    const value = toIsoDate(plainText(pick(fields, key)));
    if (value !== null) return value;
  }
  return null;
}

function urlOf(value: string | null, element: XmlElement): string | null {
  return value === null ? null : resolveUrl(value, element.base);
}

/** Atom-style links: the alternate (or rel-less) one first, by href or (Atom 0.3 drafts) text; else any link. */
function atomLink(links: readonly XmlElement[] | undefined): string | null {
  if (links === undefined) return null;
  let fallback: string | null = null;
  for (const link of links) {
    const url = urlOf(attr(link, 'href') ?? plainText(link), link);
    if (url === null) continue;
    const rel = attr(link, 'rel');
    if (rel === null || rel === 'alternate') return url;
    if (rel !== 'self' && rel !== 'enclosure') fallback ??= url;
  }
  return fallback;
}

function addAuthor(set: Set<string>, element: XmlElement, core: ReadonlySet<string>): void {
  // Atom: <author><name>..</name></author>; RSS: plain text (often an e-mail address).
  const name = element.children.some((child) => typeof child !== 'string')
    ? plainText(first(fieldsOf(element, core), 'name')) ?? plainText(element)
    : plainText(element);
  if (name !== null) set.add(name);
}

function readAuthors(fields: Fields, core: ReadonlySet<string>): string[] {
  const authors = new Set<string>();
  for (const key of ['author', 'dc:creator']) for (const element of fields.get(key) ?? []) addAuthor(authors, element, core);
  return [...authors];
}

function readCategories(fields: Fields): string[] {
  const categories = new Set<string>();
  for (const element of fields.get('category') ?? []) {
    // Atom keeps the category in attributes (term, label); RSS in the text.
    const value = attr(element, 'term') ?? attr(element, 'label') ?? plainText(element);
    if (value !== null) categories.add(value);
  }
  return [...categories];
}

function toLength(value: string | null): number | null {
  return value !== null && LENGTH.test(value) ? Number(value) : null;
}

function readEnclosures(fields: Fields): Enclosure[] {
  const enclosures: Enclosure[] = [];
  const seen = new Set<string>();
  const add = (element: XmlElement, urlAttr: string, lengthAttrs: readonly string[]): void => {
    const url = attr(element, urlAttr);
    if (url === null || seen.has(url)) return;
    seen.add(url);
    let length: string | null = null;
    for (const name of lengthAttrs) length ??= attr(element, name);
    enclosures.push({ url, type: attr(element, 'type'), length: toLength(length) });
  };
  for (const element of fields.get('enclosure') ?? []) add(element, 'url', ['length']);
  for (const element of fields.get('media:content') ?? []) add(element, 'url', ['fileSize', 'length']);
  for (const element of fields.get('media:thumbnail') ?? []) add(element, 'url', []);
  for (const key of ['link', 'atom:link']) {
    for (const element of fields.get(key) ?? []) if (attr(element, 'rel') === 'enclosure') add(element, 'href', ['length']);
  }
  return enclosures;
}

/** RSS 0.9x/1.0/2.0 and CDF item, mapped the way feedparser names things. */
function toRssItem(item: XmlElement, core: ReadonlySet<string>, layout: Layout): FeedItem {
  const fields = fieldsOf(item, core);
  const guidElement = first(fields, 'guid');
  const guid = richText(guidElement, false) ?? (layout === 'rdf' ? toText(item.attrs['rdf:about']) : null);
  let link = layout === 'cdf' ? urlOf(attr(item, 'href'), item) : null;
  const linkElement = last(fields, 'link');
  if (link === null && linkElement !== null) link = urlOf(attr(linkElement, 'href') ?? plainText(linkElement), linkElement);
  link ??= atomLink(fields.get('atom:link'));
  // A permalink guid stands in for a missing link.
  if (link === null && guid !== null && guidElement !== null && attr(guidElement, 'ispermalink')?.toLowerCase() !== 'false' && HTTP_URL.test(guid)) {
    link = guid;
  }
  // <description> and <summary> both present: the first is the summary, the other the content (as feedparser does).
  const description = first(fields, 'description');
  const summaryElement = first(fields, 'summary') ?? first(fields, 'abstract');
  const [primary, secondary] = description !== null && summaryElement !== null && !precedes(item, description, summaryElement)
    ? [summaryElement, description]
    : [description ?? summaryElement, description !== null ? summaryElement : null];
  const updated = layout === 'cdf'
    ? toIsoDate(attr(item, 'lastmod'))
    : firstDate(fields, ['dc:date', 'dcterms:modified', 'atom:updated']);
  return {
    guid,
    link,
    title: firstRichText(fields, ['title', 'dc:title', 'media:title', 'itunes:title'], false),
    summary: richText(primary, false) ?? firstRichText(fields, ['dc:description', 'itunes:summary'], false),
    content: firstRichText(fields, ['content:encoded', 'xhtml:body', 'fullitem'], false) ?? richText(secondary, false),
    published: firstDate(fields, ['pubdate', 'dcterms:issued', 'atom:published', 'dc:date', 'dcterms:created']) ?? updated,
    updated,
    authors: readAuthors(fields, core),
    categories: readCategories(fields),
    enclosures: readEnclosures(fields),
  };
}

function precedes(parent: XmlElement, a: XmlElement, b: XmlElement): boolean {
  for (const child of parent.children) {
    if (child === a) return true;
    if (child === b) return false;
  }
  return true;
}

function toAtomItem(entry: XmlElement, atom10: boolean): FeedItem {
  const fields = fieldsOf(entry, ATOM_CORE_NS);
  const updated = firstDate(fields, ['updated', 'modified'], last);
  const idElement = first(fields, 'id');
  return {
    guid: idElement === null ? null : urlOf(plainText(idElement), idElement),
    link: atomLink(fields.get('link')),
    title: richText(first(fields, 'title'), atom10),
    summary: richText(first(fields, 'summary'), atom10),
    content: richText(first(fields, 'content'), atom10),
    // Many Atom feeds carry only <updated>; it is the best publication time they give.
    published: firstDate(fields, ['published', 'issued', 'created'], last) ?? updated,
    updated,
    authors: readAuthors(fields, ATOM_CORE_NS),
    categories: readCategories(fields),
    enclosures: readEnclosures(fields),
  };
}

function language(fields: Fields, element: XmlElement): string | null {
  return plainText(first(fields, 'language')) ?? plainText(first(fields, 'dc:language')) ?? toText(element.attrs['xml:lang']);
}

const SY_PERIOD_SECONDS: Record<string, number> = { hourly: 3_600, daily: 86_400, weekly: 604_800, monthly: 2_592_000, yearly: 31_536_000 };
const POSITIVE_INT = /^\s*(\d{1,9})\s*$/;

/** RSS <ttl> (minutes), or null when absent or not a positive number. */
function readTtlMinutes(fields: Fields): number | null {
  const match = POSITIVE_INT.exec(plainText(first(fields, 'ttl')) ?? '');
  const minutes = match ? Number(match[1]) : 0;
  return minutes > 0 ? minutes : null;
}

/** sy:updatePeriod / sy:updateFrequency as seconds between updates (period defaults to daily, frequency to 1). */
function readUpdatePeriodSeconds(fields: Fields): number | null {
  const periodText = plainText(first(fields, 'sy:updateperiod'));
  const frequencyText = plainText(first(fields, 'sy:updatefrequency'));
  if (periodText === null && frequencyText === null) return null;
  const period = SY_PERIOD_SECONDS[(periodText ?? 'daily').trim().toLowerCase()];
  const match = POSITIVE_INT.exec(frequencyText ?? '1');
  const frequency = match ? Number(match[1]) : 0;
  if (period === undefined || frequency <= 0) return null;
  return Math.max(1, Math.round(period / frequency));
}

function mapAtom(root: XmlElement, layout: Layout): ParsedFeed {
  const atom10 = root.ns !== ATOM03_NS && root.attrs['version'] === undefined;
  if (layout === 'atom-entry') {
    return { format: 'atom', title: null, link: null, language: toText(root.attrs['xml:lang']), items: [toAtomItem(root, atom10)], recovered: false, recoveryReason: null };
  }
  const fields = fieldsOf(root, ATOM_CORE_NS);
  return {
    format: 'atom',
    title: richText(first(fields, 'title'), atom10),
    link: atomLink(fields.get('link')),
    language: toText(root.attrs['xml:lang']),
    items: (fields.get('entry') ?? []).map((entry) => toAtomItem(entry, atom10)),
    recovered: false,
    recoveryReason: null,
  };
}

function mapRss(root: XmlElement, layout: Layout): ParsedFeed {
  const rootFields = fieldsOf(root, RSS_CORE_NS);
  // An <rss> without <channel> (or an empty <rss/>) is well-formed: its own children act as the channel.
  const channel = layout === 'cdf' ? root : first(rootFields, 'channel') ?? root;
  const fields = channel === root ? rootFields : fieldsOf(channel, RSS_CORE_NS);
  // RSS 1.0 puts items beside the channel; some RSS 0.9x feeds do too.
  const items = fields.get('item') ?? (channel === root ? undefined : rootFields.get('item')) ?? [];
  const linkElement = last(fields, 'link');
  const cdfLink = layout === 'cdf' ? urlOf(attr(channel, 'href'), channel) : null;
  const link = cdfLink ?? (linkElement === null ? null : urlOf(attr(linkElement, 'href') ?? plainText(linkElement), linkElement));
  return {
    format: FORMAT_BY_LAYOUT[layout],
    title: firstRichText(fields, ['title', 'dc:title', 'itunes:title'], false),
    link: link ?? atomLink(fields.get('atom:link')),
    language: language(fields, channel) ?? toText(root.attrs['xml:lang']),
    items: items.map((item) => toRssItem(item, RSS_CORE_NS, layout)),
    recovered: false,
    recoveryReason: null,
    ttlMinutes: readTtlMinutes(fields),
    updatePeriodSeconds: readUpdatePeriodSeconds(fields),
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

function layoutOf(root: RootElement): Layout | undefined {
  const local = root.localName;
  // CDF is upper-case by convention; the other roots are case-sensitive.
  if (local === 'CHANNEL') return 'cdf';
  return local === 'RDF' ? 'rdf' : LAYOUT_BY_ROOT[local];
}

/**
 * RSS 0.9x / 1.0 (RDF) / 2.0, Atom (feed or entry document) and CDF text to a ParsedFeed. Relative links resolve
 * against xml:base, then `baseUrl` (the document URL). Strict: a lenient retry belongs in the caller (parseFeed).
 * Never throws.
 */
export async function parseXmlFeed(text: string, baseUrl: string | null = null): Promise<ParseFeedResult> {
  if (typeof text !== 'string' || text.trim() === '') return { ok: false, reason: 'empty body' };
  const rootTag = findRootElement(text);
  if (rootTag === null) return { ok: false, reason: 'not XML: no root element found' };
  const layout = layoutOf(rootTag);
  if (layout === undefined) return { ok: false, reason: `not a feed: root element is <${rootTag.qualifiedName}>` };
  const format = FORMAT_BY_LAYOUT[layout];
  const tree = parseXmlTree(text, baseUrl);
  if (!tree.ok) return { ok: false, reason: `invalid ${format} feed: ${tree.reason}` };
  try {
    const feed = layout === 'atom' || layout === 'atom-entry' ? mapAtom(tree.root, layout) : mapRss(tree.root, layout);
    if (tree.warnings.length > 0) {
      feed.recovered = true;
      feed.recoveryReason = tree.warnings.join(', ');
    }
    return { ok: true, feed };
  } catch (err) {
    return { ok: false, reason: `could not map ${format} feed: ${err instanceof Error ? err.message : String(err)}` };
  }
}
