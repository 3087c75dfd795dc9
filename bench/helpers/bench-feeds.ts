// Deterministic news-like RSS feeds for the e2e and polling benchmarks: 1-3 KB HTML descriptions with
// countries, people, organisations and figures in the text, and a share of cross-feed duplicates.
import { startFixtureFeedServer, type FixtureFeedServer } from '../../src/demo/fixture-feed-server.ts';

const COUNTRIES = ['Ukraine', 'Poland', 'Japan', 'Brazil', 'Kenya', 'Canada', 'India', 'Norway', 'Chile', 'Egypt', 'Germany', 'Mexico', 'Nigeria', 'Vietnam', 'Turkey', 'Peru'];
const PEOPLE = ['Olena Kovalenko', 'Marek Nowak', 'Haruto Sato', 'Ana Souza', 'Wanjiru Kamau', 'Liam Tremblay', 'Priya Sharma', 'Ingrid Berg', 'Diego Rojas', 'Amira Hassan'];
const ORGS = ['the World Bank', 'the United Nations', 'the European Commission', 'Reuters', 'the IMF', 'NATO', 'the African Union', 'Siemens', 'Petrobras', 'Toyota'];
const VERBS = ['said', 'warned', 'announced', 'confirmed', 'denied', 'reported', 'estimated', 'argued', 'noted', 'suggested'];
const NOUNS = ['budget', 'harbour', 'election', 'pipeline', 'ceasefire', 'harvest', 'tariff', 'railway', 'strike', 'vaccine', 'drought', 'summit', 'reform', 'bond', 'refinery', 'court', 'parliament', 'currency', 'grid', 'port'];
const ADJECTIVES = ['regional', 'national', 'delayed', 'disputed', 'record', 'emergency', 'new', 'long-awaited', 'controversial', 'modest', 'sharp', 'temporary'];
const UNITS = ['million dollars', 'percent', 'tonnes', 'kilometres', 'billion euros', 'megawatts'];

/** mulberry32: a small seeded PRNG, so every run serves the same bytes. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function pick<T>(random: () => number, list: readonly T[]): T {
  return list[Math.floor(random() * list.length)]!;
}

function sentence(random: () => number, serial: number): string {
  const who = random() < 0.5 ? pick(random, PEOPLE) : `officials at ${pick(random, ORGS)}`;
  const figure = `${Math.floor(random() * 900 + 10)} ${pick(random, UNITS)}`;
  return `${who[0]!.toUpperCase()}${who.slice(1)} ${pick(random, VERBS)} that the ${pick(random, ADJECTIVES)} ${pick(random, NOUNS)} in ${pick(random, COUNTRIES)} ` +
    `would cost about ${figure} by ${2025 + Math.floor(random() * 5)}, according to document ${serial}-${Math.floor(random() * 1e6)}.`;
}

export interface BenchStory {
  title: string;
  html: string;
}

/** One story: a headline and 1-3 KB of paragraphs. */
export function makeStory(random: () => number, serial: number): BenchStory {
  const targetBytes = 1000 + Math.floor(random() * 2000);
  const paragraphs: string[] = [];
  let size = 0;
  while (size < targetBytes) {
    const text = `${sentence(random, serial)} ${sentence(random, serial)}`;
    const paragraph = random() < 0.2 ? `<p><strong>${pick(random, COUNTRIES)}:</strong> ${text}</p>` : `<p>${text}</p>`;
    paragraphs.push(paragraph);
    size += paragraph.length;
  }
  const title = `${pick(random, COUNTRIES)}: ${pick(random, ADJECTIVES)} ${pick(random, NOUNS)} ${pick(random, VERBS)} (${serial})`;
  return { title, html: paragraphs.join('\n') };
}

export interface BenchFeedSetOptions {
  feeds: number;
  itemsPerFeed: number;
  /** Share of items whose text copies an item of another feed (default 0.2). */
  duplicateShare?: number;
  seed?: number;
  /** Added latency per response (the polling case). */
  delayMs?: number;
}

export interface BenchFeed {
  id: string;
  url: string;
  path: string;
  body: string;
}

export interface BenchFeedSet {
  server: FixtureFeedServer;
  feeds: BenchFeed[];
  totalItems: number;
  duplicates: number;
  totalBytes: number;
  close(): Promise<void>;
}

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** Builds the feed bodies (deterministic for a seed) without serving them. */
export function buildBenchFeeds(options: BenchFeedSetOptions, baseUrl = 'http://127.0.0.1'): { feeds: BenchFeed[]; duplicates: number } {
  const random = seededRandom(options.seed ?? 42);
  const share = options.duplicateShare ?? 0.2;
  const stories: BenchStory[][] = [];
  for (let feed = 0; feed < options.feeds; feed++) {
    stories.push(Array.from({ length: options.itemsPerFeed }, (_, item) => makeStory(random, feed * options.itemsPerFeed + item)));
  }
  let duplicates = 0;
  const feeds: BenchFeed[] = [];
  const baseTime = Date.UTC(2026, 10, 25, 0, 0);
  for (let feed = 0; feed < options.feeds; feed++) {
    const id = `bench-${feed}`;
    const path = `/feeds/${id}.xml`;
    const items: string[] = [];
    for (let item = 0; item < options.itemsPerFeed; item++) {
      let story = stories[feed]![item]!;
      // A cross-feed copy: the same wire story under this feed's own guid and link.
      if (options.feeds > 1 && random() < share) {
        story = stories[(feed + 1 + Math.floor(random() * (options.feeds - 1))) % options.feeds]![item]!;
        duplicates++;
      }
      items.push(`<item><guid isPermaLink="false">${id}-${item}</guid><title>${escapeXml(story.title)}</title>` +
        `<link>https://${id}.example/news/${item}</link><description>${escapeXml(story.html)}</description>` +
        `<pubDate>${new Date(baseTime - item * 60_000).toUTCString()}</pubDate></item>`);
    }
    const body = `<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel><title>Bench desk ${feed}</title><link>https://${id}.example/</link>` +
      `<description>bench</description>\n${items.join('\n')}\n</channel></rss>`;
    feeds.push({ id, url: `${baseUrl}${path}`, path, body });
  }
  return { feeds, duplicates };
}

/** Serves the generated feeds on a loopback fixture server (ETag/Last-Modified, 304s, optional latency). */
export async function startBenchFeedSet(options: BenchFeedSetOptions): Promise<BenchFeedSet> {
  const server = await startFixtureFeedServer([]);
  const { feeds, duplicates } = buildBenchFeeds(options, server.url);
  let totalBytes = 0;
  for (const feed of feeds) {
    server.setRoute({ path: feed.path, body: feed.body, contentType: 'application/rss+xml; charset=utf-8', delayMs: options.delayMs });
    totalBytes += feed.body.length;
  }
  return { server, feeds, totalItems: options.feeds * options.itemsPerFeed, duplicates, totalBytes, close: () => server.close() };
}
