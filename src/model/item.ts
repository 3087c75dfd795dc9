export type FeedFormat = 'rss' | 'rdf' | 'atom' | 'json';

export interface Enclosure {
  url: string;
  type: string | null;
  length: number | null;
}

/** One feed entry in the format-independent model every parser produces. */
export interface FeedItem {
  guid: string | null;
  link: string | null;
  title: string | null;
  /** Short description / summary as given (may contain HTML). */
  summary: string | null;
  /** Full content as given (may contain HTML). */
  content: string | null;
  /** ISO 8601, or null when absent or unparseable. */
  published: string | null;
  updated: string | null;
  authors: string[];
  categories: string[];
  enclosures: Enclosure[];
}

export interface ParsedFeed {
  format: FeedFormat;
  title: string | null;
  link: string | null;
  language: string | null;
  items: FeedItem[];
  /** True when the strict parse failed and a lenient retry succeeded. */
  recovered: boolean;
  recoveryReason: string | null;
  /** RSS <ttl> in minutes, when the feed declares one. */
  ttlMinutes?: number | null;
  /** sy:updatePeriod / sy:updateFrequency as seconds between updates, when declared. */
  updatePeriodSeconds?: number | null;
}
