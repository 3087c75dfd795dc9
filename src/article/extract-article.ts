import { load } from 'cheerio/slim';
import { htmlToText } from '../extract/html-to-text.ts';
import type { ArticleMetadata } from './article-metadata.ts';
import { collapseWhitespace } from '../extract/collapse-whitespace.ts';

export type { ArticleMetadata } from './article-metadata.ts';

/** The slice of the domhandler node shape we read (avoids depending on domhandler directly). */
interface DomNode {
  type: string;
  name?: string;
  data?: string;
  attribs?: Record<string, string>;
  parent?: DomNode | null;
  children?: DomNode[];
}

type JsonObject = Record<string, unknown>;

// Metadata lives in <head> and the lead in the first screens; beyond this a page is inline data, not text.
const MAX_HTML_CHARS = 1_500_000;
const MAX_JSON_LD_CHARS = 500_000;
const MAX_JSON_LD_NODES = 200;
const MAX_JSON_LD_DEPTH = 6;
const MAX_DESCRIPTION_CHARS = 2_000;
const MAX_HEADLINE_CHARS = 500;
const MAX_NAME_CHARS = 200;
const MAX_AUTHORS = 10;
const MAX_URL_CHARS = 2_048;
const LEAD_PARAGRAPHS = 3;
const MAX_PARAGRAPH_CHARS = 1_500;
const MIN_PARAGRAPH_CHARS = 40;
// Paragraphs examined per container; a page of 2,000 <p> comment stubs must stay cheap.
const MAX_PARAGRAPHS_EXAMINED = 80;
const MAX_LINK_SHARE = 0.5;

// NewsArticle and its schema.org subtypes outrank the generic article types when a page has both.
const NEWS_TYPES = new Set([
  'newsarticle', 'reportagenewsarticle', 'analysisnewsarticle', 'backgroundnewsarticle', 'opinionnewsarticle',
  'reviewnewsarticle', 'askpublicnewsarticle', 'liveblogposting',
]);
const ARTICLE_TYPES = new Set([
  'article', 'blogposting', 'report', 'scholarlyarticle', 'techarticle', 'satiricalarticle', 'socialmediaposting',
  'advertisercontentarticle', 'posting',
]);

// Where the lead is looked for, most specific first.
type ContainerKind = 'articleBody' | 'article' | 'roleMain' | 'main' | 'body';
const CONTAINER_ORDER: ContainerKind[] = ['articleBody', 'article', 'roleMain', 'main', 'body'];
// Ancestors whose paragraphs are never the lead.
const SKIPPED_ANCESTORS = new Set([
  'nav', 'header', 'footer', 'aside', 'form', 'figure', 'figcaption', 'blockquote', 'noscript', 'template', 'menu',
  'button', 'label', 'dialog', 'table',
]);
const BOILERPLATE_ATTR =
  /(?:^|[\s_-])(?:nav|navbar|menu|footer|header|sidebar|share|sharing|social|related|recommended|promo|newsletter|subscribe|subscription|signup|comment|comments|cookie|cookies|consent|advert|advertisement|ad|ads|banner|breadcrumbs?|byline|caption|credit|tags|paywall|outbrain|taboola|popup|modal|widget)(?:$|[\s_-])/i;
const BOILERPLATE_TEXT =
  /^(?:advertisement|sponsored|sign up|subscribe|read more|read next|related|see also|share this|follow us|all rights reserved|copyright|\u00a9|we use cookies|this site uses cookies|photo:|image:|credit:|getty images)/i;
const SKIPPED_TEXT_ELEMENTS = new Set(['script', 'style', 'noscript', 'template', 'svg', 'button', 'select', 'textarea']);

const INVISIBLE = /[\u00ad\u200b\u0000-\u0008\u000e-\u001f\u007f]/g;
const MARKUP_HINT = /[<&]/;
const JSON_CONTROL_CHARS = /[\u0000-\u001f]+/g;
const JSON_LD_TYPE = /^\s*application\/(?:ld\+json|json)\s*(?:;|$)/i;
const LANGUAGE_TAG = /^([a-zA-Z]{2,3})(?:[-_][a-zA-Z0-9]{1,8})*$/;
const LOCAL_DATE_TIME = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?$/;
const DATE_LIKE = /\d{4}|\d{1,2}[\s/.-]\w{3,9}[\s/.-]\d{2,4}/;
const URL_LIKE = /^(?:https?:)?\/\//i;
const TYPE_PREFIX = /^.*[/:#]/;
const AUTHOR_SEPARATOR = /\s*(?:,|;|\band\b)\s*/;
const MIN_YEAR = 1990;
const MAX_YEAR = 2100;

const PUBLISHED_META = [
  'article:published_time', 'og:article:published_time', 'datepublished', 'date', 'pubdate', 'publishdate',
  'publish-date', 'publish_date', 'parsely-pub-date', 'sailthru.date', 'dc.date.issued', 'dc.date', 'dcterms.created',
];
const MODIFIED_META = ['article:modified_time', 'og:updated_time', 'datemodified', 'last-modified', 'dcterms.modified'];

/** A result with every field empty: what a page without metadata yields. */
export function emptyArticle(): ArticleMetadata {
  return {
    canonicalUrl: null,
    description: null,
    datePublished: null,
    dateModified: null,
    authors: [],
    publisher: null,
    headline: null,
    leadParagraphs: [],
    language: null,
  };
}

/**
 * Article page HTML to metadata: JSON-LD (NewsArticle first, @graph and type arrays included), og:/meta tags,
 * <link rel=canonical> and the lead paragraphs. Relative URLs resolve against pageUrl. Never throws.
 */
export function extractArticle(html: string, pageUrl: string): ArticleMetadata {
  if (typeof html !== 'string' || html.length === 0) return emptyArticle();
  try {
    const root = load(html.length > MAX_HTML_CHARS ? html.slice(0, MAX_HTML_CHARS) : html).root()[0] as unknown as DomNode;
    return extractFromDocument(scanDocument(root), typeof pageUrl === 'string' ? pageUrl : '');
  } catch {
    return emptyArticle();
  }
}

/** Everything extraction reads, gathered in one walk (CSS queries cost a full walk each). */
interface ScannedDocument {
  metas: DomNode[];
  jsonLdScripts: DomNode[];
  links: DomNode[];
  title: DomNode | null;
  html: DomNode | null;
  publishedTime: DomNode | null;
  containers: Partial<Record<ContainerKind, DomNode>>;
}

function scanDocument(root: DomNode): ScannedDocument {
  const doc: ScannedDocument = { metas: [], jsonLdScripts: [], links: [], title: null, html: null, publishedTime: null, containers: {} };
  const stack: DomNode[] = [root];
  while (stack.length > 0) {
    const node = stack.pop()!;
    const children = node.children;
    if (node.type === 'tag' || node.type === 'script' || node.type === 'style') {
      const attribs = node.attribs ?? {};
      switch (node.name) {
        case 'meta': doc.metas.push(node); break;
        case 'link': if (attribs['rel'] && attribs['href']) doc.links.push(node); break;
        case 'script': if (JSON_LD_TYPE.test(attribs['type'] ?? '')) doc.jsonLdScripts.push(node); break;
        case 'title': doc.title ??= node; break;
        case 'html': doc.html ??= node; break;
        case 'time': if (attribs['itemprop'] === 'datePublished') doc.publishedTime ??= node; break;
        case 'article': doc.containers.article ??= node; break;
        case 'main': doc.containers.main ??= node; break;
        case 'body': doc.containers.body ??= node; break;
        default: break;
      }
      if (attribs['itemprop']?.toLowerCase() === 'articlebody') doc.containers.articleBody ??= node;
      if (attribs['role'] === 'main') doc.containers.roleMain ??= node;
      // Script and style content is raw text: nothing to find inside.
      if (node.name === 'script' || node.name === 'style') continue;
    }
    if (children) for (let index = children.length - 1; index >= 0; index--) stack.push(children[index]!);
  }
  return doc;
}

function textOf(node: DomNode | null): string {
  if (node === null) return '';
  let text = '';
  for (const child of node.children ?? []) if (child.type === 'text') text += child.data ?? '';
  return text;
}

function extractFromDocument(doc: ScannedDocument, pageUrl: string): ArticleMetadata {
  const meta = readMetaTags(doc.metas);
  const ld = readJsonLd(doc.jsonLdScripts);
  const article = ld.article;
  const pick = (...values: (string | null | undefined)[]): string | null => {
    for (const value of values) if (value) return value;
    return null;
  };

  const canonicalUrl = pick(
    canonicalLink(doc.links, pageUrl),
    toHttpUrl(meta.get('og:url'), pageUrl),
    article ? toHttpUrl(stringOf(article['url']), pageUrl) : null,
    article ? toHttpUrl(idOrString(article['mainEntityOfPage']), pageUrl) : null,
  );
  const description = pick(
    article ? cleanText(stringOf(article['description']), MAX_DESCRIPTION_CHARS) : null,
    cleanText(meta.get('og:description'), MAX_DESCRIPTION_CHARS),
    cleanText(meta.get('description'), MAX_DESCRIPTION_CHARS),
    cleanText(meta.get('twitter:description'), MAX_DESCRIPTION_CHARS),
  );
  const headline = pick(
    article ? cleanText(stringOf(article['headline']) ?? stringOf(article['name']), MAX_HEADLINE_CHARS) : null,
    cleanText(meta.get('og:title'), MAX_HEADLINE_CHARS),
    cleanText(meta.get('twitter:title'), MAX_HEADLINE_CHARS),
    cleanText(textOf(doc.title), MAX_HEADLINE_CHARS),
  );
  const datePublished = pick(
    article ? toIsoDate(stringOf(article['datePublished'])) : null,
    ...PUBLISHED_META.map((name) => toIsoDate(meta.get(name))),
    toIsoDate(doc.publishedTime?.attribs?.['datetime']),
  );
  const dateModified = pick(
    article ? toIsoDate(stringOf(article['dateModified'])) : null,
    ...MODIFIED_META.map((name) => toIsoDate(meta.get(name))),
  );
  let authors = article ? namesOf(article['author'], ld.byId) : [];
  if (authors.length === 0) authors = namesOf([meta.get('author'), meta.get('article:author'), meta.get('parsely-author')], ld.byId);
  const publisher = pick(
    article ? namesOf(article['publisher'], ld.byId, false)[0] : null,
    cleanText(meta.get('og:site_name'), MAX_NAME_CHARS),
    cleanText(meta.get('application-name'), MAX_NAME_CHARS),
  );
  let leadParagraphs = readLeadParagraphs(doc);
  if (leadParagraphs.length === 0 && article) leadParagraphs = splitArticleBody(stringOf(article['articleBody']));
  const language = pick(
    toLanguage(doc.html?.attribs?.['lang'] ?? doc.html?.attribs?.['xml:lang']),
    article ? toLanguage(languageOf(article['inLanguage'])) : null,
    toLanguage(meta.get('content-language')),
    toLanguage(meta.get('og:locale')),
  );
  return { canonicalUrl, description, datePublished, dateModified, authors, publisher, headline, leadParagraphs, language };
}

/** First value per lower-cased property/name/itemprop/http-equiv, read in one pass. */
function readMetaTags(metas: DomNode[]): Map<string, string> {
  const tags = new Map<string, string>();
  for (const element of metas) {
    const attribs = element.attribs ?? {};
    const content = attribs['content'];
    if (content === undefined || content.trim() === '') continue;
    for (const key of [attribs['property'], attribs['name'], attribs['itemprop'], attribs['http-equiv']]) {
      if (!key) continue;
      const name = key.trim().toLowerCase();
      if (!tags.has(name)) tags.set(name, content);
    }
  }
  return tags;
}

interface JsonLdResult {
  article: JsonObject | null;
  byId: Map<string, JsonObject>;
}

function readJsonLd(scripts: DomNode[]): JsonLdResult {
  const nodes: JsonObject[] = [];
  for (const script of scripts) {
    const text = textOf(script);
    if (text.length > MAX_JSON_LD_CHARS) continue;
    collectNodes(parseJsonLenient(text), nodes, 0);
    if (nodes.length >= MAX_JSON_LD_NODES) break;
  }
  const byId = new Map<string, JsonObject>();
  let best: JsonObject | null = null;
  let bestRank = 0;
  for (const node of nodes) {
    const id = node['@id'];
    if (typeof id === 'string' && !byId.has(id)) byId.set(id, node);
    const rank = articleRank(node['@type']);
    if (rank > bestRank) {
      best = node;
      bestRank = rank;
    }
  }
  return { article: best, byId };
}

/** JSON.parse, retried once with raw control characters (common in CMS output) turned into spaces. */
function parseJsonLenient(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    try {
      return JSON.parse(text.replace(JSON_CONTROL_CHARS, ' '));
    } catch {
      return null;
    }
  }
}

/** Flattens top-level arrays, @graph and mainEntity into a node list (bounded in depth and count). */
function collectNodes(value: unknown, out: JsonObject[], depth: number): void {
  if (depth > MAX_JSON_LD_DEPTH || out.length >= MAX_JSON_LD_NODES || value === null || typeof value !== 'object') return;
  if (Array.isArray(value)) {
    for (const entry of value) collectNodes(entry, out, depth + 1);
    return;
  }
  const node = value as JsonObject;
  out.push(node);
  if (node['@graph'] !== undefined) collectNodes(node['@graph'], out, depth + 1);
  if (node['mainEntity'] !== undefined) collectNodes(node['mainEntity'], out, depth + 1);
}

function articleRank(type: unknown): number {
  const types = Array.isArray(type) ? type : [type];
  let rank = 0;
  for (const entry of types) {
    if (typeof entry !== 'string') continue;
    const name = entry.replace(TYPE_PREFIX, '').toLowerCase();
    if (NEWS_TYPES.has(name)) return 2;
    if (ARTICLE_TYPES.has(name)) rank = 1;
  }
  return rank;
}

function stringOf(value: unknown): string | null {
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) {
    for (const entry of value) if (typeof entry === 'string' && entry.trim() !== '') return entry;
  }
  return null;
}

function idOrString(value: unknown): string | null {
  if (typeof value === 'string') return value;
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    const node = value as JsonObject;
    return stringOf(node['@id']) ?? stringOf(node['url']);
  }
  return null;
}

function languageOf(value: unknown): string | null {
  if (typeof value === 'string') return value;
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    const node = value as JsonObject;
    return stringOf(node['alternateName']) ?? stringOf(node['name']);
  }
  return stringOf(value);
}

/** Person/Organization names from strings, {name}, @id references and arrays of those; URLs are not names. */
function namesOf(value: unknown, byId: Map<string, JsonObject>, splitLists = true): string[] {
  const names: string[] = [];
  const seen = new Set<string>();
  const add = (raw: string | null): void => {
    const name = cleanText(raw, MAX_NAME_CHARS);
    if (name === null || URL_LIKE.test(name) || seen.has(name.toLowerCase())) return;
    seen.add(name.toLowerCase());
    names.push(name);
  };
  const entries = Array.isArray(value) ? value : [value];
  for (const entry of entries) {
    if (names.length >= MAX_AUTHORS) break;
    if (typeof entry === 'string') {
      // "Jane Doe, John Roe" in one meta tag is two people; "Doe, Jane" is rare enough to accept.
      if (splitLists) for (const part of entry.split(AUTHOR_SEPARATOR)) add(part);
      else add(entry);
    } else if (entry !== null && typeof entry === 'object' && !Array.isArray(entry)) {
      let node = entry as JsonObject;
      const ref = node['@id'];
      if (node['name'] === undefined && typeof ref === 'string') node = byId.get(ref) ?? node;
      add(stringOf(node['name']));
    }
  }
  return names.slice(0, MAX_AUTHORS);
}

function canonicalLink(links: DomNode[], pageUrl: string): string | null {
  for (const link of links) {
    const rel = (link.attribs?.['rel'] ?? '').toLowerCase().split(/\s+/);
    if (!rel.includes('canonical')) continue;
    const url = toHttpUrl(link.attribs?.['href'], pageUrl);
    if (url === null) continue;
    // A site-wide canonical pointing at the home page (a common CMS misconfiguration) is not this article's URL.
    if (new URL(url).pathname === '/' && pathnameOf(pageUrl) !== '/') continue;
    return url;
  }
  return null;
}

function pathnameOf(url: string): string | null {
  try {
    return new URL(url).pathname;
  } catch {
    return null;
  }
}

function toHttpUrl(raw: string | null | undefined, base: string): string | null {
  if (typeof raw !== 'string') return null;
  const trimmed = raw.trim();
  if (trimmed === '' || trimmed.length > MAX_URL_CHARS) return null;
  let url: URL;
  try {
    url = base ? new URL(trimmed, base) : new URL(trimmed);
  } catch {
    return null;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
  url.hash = '';
  return url.href;
}

/** ISO 8601 UTC; a date-time without zone is read as UTC (never the machine's zone). */
function toIsoDate(raw: string | null | undefined): string | null {
  if (typeof raw !== 'string') return null;
  const trimmed = raw.trim();
  if (trimmed.length < 8 || trimmed.length > 64 || !DATE_LIKE.test(trimmed)) return null;
  const ms = Date.parse(LOCAL_DATE_TIME.test(trimmed) ? `${trimmed.replace(' ', 'T')}Z` : trimmed);
  if (Number.isNaN(ms)) return null;
  const date = new Date(ms);
  const year = date.getUTCFullYear();
  return year >= MIN_YEAR && year <= MAX_YEAR ? date.toISOString() : null;
}

function toLanguage(raw: string | null | undefined): string | null {
  if (typeof raw !== 'string') return null;
  const match = LANGUAGE_TAG.exec(raw.trim());
  return match?.[1] ? match[1].toLowerCase() : null;
}

function collapse(text: string): string {
  return collapseWhitespace(text.replace(INVISIBLE, '')).trim().normalize('NFC');
}

/** Plain text (markup removed when present), clipped at a word boundary; null when empty. */
function cleanText(raw: string | null | undefined, maxChars: number): string | null {
  if (typeof raw !== 'string') return null;
  const text = MARKUP_HINT.test(raw) ? htmlToText(raw) : collapse(raw);
  if (text === '') return null;
  return clip(text, maxChars);
}

function clip(text: string, maxChars: number): string {
  if (text.length <= maxChars) return text;
  const cut = text.lastIndexOf(' ', maxChars);
  return text.slice(0, cut > maxChars / 2 ? cut : maxChars);
}

function readLeadParagraphs(doc: ScannedDocument): string[] {
  for (const kind of CONTAINER_ORDER) {
    const container = doc.containers[kind];
    if (container === undefined) continue;
    const paragraphs = leadParagraphsIn(container);
    if (paragraphs.length > 0) return paragraphs;
  }
  return [];
}

/** The first qualifying <p> in document order; boilerplate subtrees are pruned from the walk. */
function leadParagraphsIn(container: DomNode): string[] {
  const found: string[] = [];
  let examined = 0;
  const stack: DomNode[] = [...(container.children ?? [])].reverse();
  while (stack.length > 0 && found.length < LEAD_PARAGRAPHS && examined < MAX_PARAGRAPHS_EXAMINED) {
    const node = stack.pop()!;
    if (node.type !== 'tag' || node.name === undefined || isBoilerplateElement(node)) continue;
    if (node.name === 'p') {
      examined++;
      const { text, linkChars } = paragraphText(node);
      if (text.length < MIN_PARAGRAPH_CHARS || BOILERPLATE_TEXT.test(text)) continue;
      if (linkChars / text.length > MAX_LINK_SHARE || found.includes(text)) continue;
      found.push(clip(text, MAX_PARAGRAPH_CHARS));
      continue;
    }
    const children = node.children ?? [];
    for (let index = children.length - 1; index >= 0; index--) stack.push(children[index]!);
  }
  return found;
}

function isBoilerplateElement(node: DomNode): boolean {
  if (node.name !== undefined && SKIPPED_ANCESTORS.has(node.name)) return true;
  const attribs = node.attribs;
  if (attribs === undefined) return false;
  if (attribs['hidden'] !== undefined || attribs['aria-hidden'] === 'true') return true;
  const hint = `${attribs['class'] ?? ''} ${attribs['id'] ?? ''}`;
  return hint.length > 1 && BOILERPLATE_ATTR.test(hint);
}

/** Text of a paragraph (breaks become spaces) and how much of it is link text. */
function paragraphText(paragraph: DomNode): { text: string; linkChars: number } {
  const parts: string[] = [];
  let linkChars = 0;
  // Iterative walk: broken markup can nest deeply.
  const stack: { node: DomNode; inLink: boolean }[] = [];
  const children = paragraph.children ?? [];
  for (let index = children.length - 1; index >= 0; index--) stack.push({ node: children[index]!, inLink: false });
  while (stack.length > 0) {
    const { node, inLink } = stack.pop()!;
    if (node.type === 'text') {
      const data = node.data ?? '';
      parts.push(data);
      if (inLink) linkChars += data.trim().length;
      continue;
    }
    if (node.type !== 'tag' || node.name === undefined || SKIPPED_TEXT_ELEMENTS.has(node.name)) continue;
    if (node.name === 'br') {
      parts.push(' ');
      continue;
    }
    const nested = node.children ?? [];
    const linked = inLink || node.name === 'a';
    for (let index = nested.length - 1; index >= 0; index--) stack.push({ node: nested[index]!, inLink: linked });
  }
  return { text: collapse(parts.join('')), linkChars };
}

/** JSON-LD articleBody (plain text) as paragraphs, for pages that render their body with script. */
function splitArticleBody(body: string | null): string[] {
  if (body === null) return [];
  const found: string[] = [];
  for (const block of body.slice(0, 20_000).split(/\n+/)) {
    const text = cleanText(block, MAX_PARAGRAPH_CHARS);
    if (text === null || text.length < MIN_PARAGRAPH_CHARS || BOILERPLATE_TEXT.test(text)) continue;
    found.push(text);
    if (found.length >= LEAD_PARAGRAPHS) break;
  }
  return found;
}
