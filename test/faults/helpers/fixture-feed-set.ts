import { startFixtureFeedServer, type FixtureFeedServer } from '../../../src/demo/fixture-feed-server.ts';
import { recordIdFor } from '../../../src/fetch/item-key.ts';
import { rssFeed, type TestItem } from '../../helpers/feed-builders.ts';

const COUNTRIES = ['Ukraine', 'Poland', 'Japan', 'Brazil', 'Kenya', 'Canada', 'India', 'Norway', 'Chile', 'Egypt'];

export interface FixtureFeedSet {
  server: FixtureFeedServer;
  /** Feed entries for a feeds.yaml (id, url, interval in seconds). */
  feeds: Array<{ id: string; url: string; interval: number }>;
  /** Reveals up to `count` more items in every feed (the next poll sees them); returns how many are served now. */
  reveal(count: number): number;
  /** Record ids of every item served so far (sha256 of feed id + guid, as the pipeline computes them). */
  servedIds(): Set<string>;
  /** True once every feed serves all its items. */
  complete(): boolean;
  close(): Promise<void>;
}

export interface FixtureFeedSetOptions {
  feeds: number;
  itemsPerFeed: number;
  /** Items visible from the start in every feed. */
  initialItems?: number;
  intervalSeconds?: number;
  /** Items 0..n-1 of every feed tell the same story (same title and text, own guid): cross-feed duplicates. */
  sharedStories?: number;
}

/** Title of shared story n (see sharedStories). */
export function sharedStoryTitle(index: number): string {
  return `Syndicated wire story ${index}: glacier survey finds record melt in the Andes`;
}

function itemOf(feedIndex: number, itemIndex: number, sharedStories = 0): TestItem {
  if (itemIndex < sharedStories) {
    return {
      guid: `fault-${feedIndex}-${itemIndex}`,
      title: sharedStoryTitle(itemIndex),
      description: `<p>Glaciologists measuring ice field ${itemIndex} reported the steepest seasonal loss since surveys began, the agency said.</p>`,
      pubDate: new Date(Date.UTC(2024, 9, 16, 0, itemIndex)).toUTCString(),
    };
  }
  const country = COUNTRIES[(feedIndex + itemIndex) % COUNTRIES.length]!;
  return {
    guid: `fault-${feedIndex}-${itemIndex}`,
    title: `Report ${itemIndex} from desk ${feedIndex} on ${country}`,
    // Distinct wording per item so dedup keeps them apart; the counts are about ids, not verdicts.
    description: `<p>Officials in ${country} said on day ${itemIndex} that desk ${feedIndex} filed bulletin number ${feedIndex * 1000 + itemIndex}. Markets reacted calmly.</p>`,
    pubDate: new Date(Date.UTC(2024, 9, 16, 0, itemIndex)).toUTCString(),
  };
}

/** N RSS feeds of M items each on one loopback server; items are revealed step by step so work keeps flowing. */
export async function startFixtureFeedSet(options: FixtureFeedSetOptions): Promise<FixtureFeedSet> {
  const server = await startFixtureFeedServer([]);
  const visible = new Array<number>(options.feeds).fill(0);
  const ids: string[][] = Array.from({ length: options.feeds }, (_, feed) =>
    Array.from({ length: options.itemsPerFeed }, (_, item) => recordIdFor(feedId(feed), itemOf(feed, item, options.sharedStories).guid)));
  const publish = (feed: number) => {
    const items = Array.from({ length: visible[feed]! }, (_, item) => itemOf(feed, item, options.sharedStories)).reverse();
    server.setRoute({ path: `/feeds/${feedId(feed)}.xml`, body: rssFeed(`Desk ${feed}`, items), contentType: 'application/rss+xml; charset=utf-8' });
  };
  const reveal = (count: number) => {
    for (let feed = 0; feed < options.feeds; feed++) {
      visible[feed] = Math.min(options.itemsPerFeed, visible[feed]! + count);
      publish(feed);
    }
    return visible.reduce((sum, n) => sum + n, 0);
  };
  reveal(options.initialItems ?? 1);
  return {
    server,
    feeds: Array.from({ length: options.feeds }, (_, feed) => ({
      id: feedId(feed),
      url: `${server.url}/feeds/${feedId(feed)}.xml`,
      interval: options.intervalSeconds ?? 1,
    })),
    reveal,
    servedIds: () => new Set(ids.flatMap((feedIds, feed) => feedIds.slice(0, visible[feed]))),
    complete: () => visible.every((n) => n === options.itemsPerFeed),
    close: () => server.close(),
  };
}

function feedId(index: number): string {
  return `desk-${index}`;
}
