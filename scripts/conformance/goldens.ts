import type { FeedItem, ParsedFeed } from '../../src/model/item.ts';

/** Field-by-field comparison of one parsed feed against a golden file. */
export interface Fidelity {
  compared: number;
  matched: number;
  mismatches: string[];
}

type Json = Record<string, unknown>;

const MAX_LISTED = 5;

function obj(value: unknown): Json | null {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Json) : null;
}

function arr(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

function str(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const trimmed = value.trim();
  return trimmed === '' ? null : trimmed;
}

/** Whitespace-insensitive text identity (goldens keep raw whitespace that sitrep trims). */
function sameText(a: string | null, b: string | null): boolean {
  const norm = (s: string | null): string => (s ?? '').replace(/\s+/g, ' ').trim();
  return norm(a) === norm(b);
}

function sameInstant(ours: string | null, golden: string): boolean {
  if (ours === null) return false;
  return Date.parse(ours) === Date.parse(golden);
}

class Comparer {
  readonly result: Fidelity = { compared: 0, matched: 0, mismatches: [] };

  check(field: string, ok: boolean, ours: unknown, golden: unknown): void {
    this.result.compared++;
    if (ok) {
      this.result.matched++;
    } else if (this.result.mismatches.length < MAX_LISTED) {
      this.result.mismatches.push(`${field}: got ${JSON.stringify(ours)}, want ${JSON.stringify(golden)}`);
    }
  }

  text(field: string, ours: string | null, golden: unknown): void {
    const want = str(golden);
    if (want === null) return;
    this.check(field, sameText(ours, want), ours, want);
  }

  date(field: string, ours: string | null, golden: unknown): void {
    const want = str(golden);
    if (want === null || Number.isNaN(Date.parse(want))) return;
    this.check(field, sameInstant(ours, want), ours, want);
  }

  count(ours: number, golden: number): void {
    this.check('item count', ours === golden, ours, golden);
  }
}

/** First alternate (or rel-less) href of a golden link list. */
function alternateHref(links: unknown): string | null {
  for (const raw of arr(links)) {
    const link = obj(raw);
    const rel = str(link?.['rel']);
    if (rel === null || rel === 'alternate') return str(link?.['href']);
  }
  return null;
}

/** rss-parser's own JSON output: `{feed: {title, link, items: [{title, link, guid|id, isoDate}]}}`. */
export function compareRssParser(feed: ParsedFeed, golden: unknown): Fidelity {
  const c = new Comparer();
  const root = obj(obj(golden)?.['feed']);
  if (root === null) return c.result;
  c.text('feed title', feed.title, root['title']);
  const items = arr(root['items']);
  c.count(feed.items.length, items.length);
  items.forEach((raw, i) => {
    const want = obj(raw);
    const ours: FeedItem | undefined = feed.items[i];
    if (want === null || ours === undefined) return;
    c.text(`item ${i} title`, ours.title, want['title']);
    c.text(`item ${i} link`, ours.link, want['link']);
    c.text(`item ${i} guid`, ours.guid, want['guid'] ?? want['id']);
    c.date(`item ${i} date`, ours.published, want['isoDate']);
  });
  return c.result;
}

/** gofeed goldens: format-specific rss.Feed / atom.Feed / json.Feed, or the universal gofeed.Feed. */
export function compareGofeed(feed: ParsedFeed, golden: unknown, model: 'rss' | 'atom' | 'json' | 'universal'): Fidelity {
  const c = new Comparer();
  const root = obj(golden);
  if (root === null) return c.result;
  c.text('feed title', feed.title, root['title']);
  if (model === 'json') c.text('feed link', feed.link, root['home_page_url']);
  else if (model === 'atom') c.text('feed link', feed.link, alternateHref(root['links']));
  else c.text('feed link', feed.link, root['link']);
  const items = arr(root[model === 'atom' ? 'entries' : 'items']);
  c.count(feed.items.length, items.length);
  items.forEach((raw, i) => {
    const want = obj(raw);
    const ours = feed.items[i];
    if (want === null || ours === undefined) return;
    c.text(`item ${i} title`, ours.title, want['title']);
    if (model === 'rss') {
      c.text(`item ${i} link`, ours.link, want['link']);
      c.text(`item ${i} guid`, ours.guid, obj(want['guid'])?.['value']);
      c.date(`item ${i} date`, ours.published, want['pubDate']);
    } else if (model === 'atom') {
      c.text(`item ${i} link`, ours.link, alternateHref(want['links']));
      c.text(`item ${i} guid`, ours.guid, want['id']);
      c.date(`item ${i} date`, ours.published, want['publishedParsed'] ?? want['published'] ?? want['updatedParsed'] ?? want['updated']);
    } else if (model === 'json') {
      c.text(`item ${i} link`, ours.link, want['url']);
      c.text(`item ${i} guid`, ours.guid, want['id']);
      c.date(`item ${i} date`, ours.published, want['date_published']);
    } else {
      c.text(`item ${i} link`, ours.link, want['link']);
      c.text(`item ${i} guid`, ours.guid, want['guid']);
      c.date(`item ${i} date`, ours.published, want['publishedParsed'] ?? want['updatedParsed']);
    }
  });
  return c.result;
}

const GENERATED_ID = /^[0-9a-f]{32}$/;

/** feed-rs `.serde.json`: title{content}, entries[]{id, title{content}, links[], published, updated}. */
export function compareFeedRs(feed: ParsedFeed, golden: unknown): Fidelity {
  const c = new Comparer();
  const root = obj(golden);
  if (root === null) return c.result;
  c.text('feed title', feed.title, obj(root['title'])?.['content']);
  const entries = arr(root['entries']);
  c.count(feed.items.length, entries.length);
  entries.forEach((raw, i) => {
    const want = obj(raw);
    const ours = feed.items[i];
    if (want === null || ours === undefined) return;
    c.text(`item ${i} title`, ours.title, obj(want['title'])?.['content']);
    c.text(`item ${i} link`, ours.link, alternateHref(want['links']));
    const id = str(want['id']);
    // feed-rs invents ids (hashes) for entries without one; those are not compared upstream either.
    if (id !== null && !GENERATED_ID.test(id)) c.text(`item ${i} guid`, ours.guid, id);
    c.date(`item ${i} date`, ours.published, want['published'] ?? want['updated']);
  });
  return c.result;
}
