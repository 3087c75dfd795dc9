export * from './backoff-policy.ts';
export * from './feed-controls.ts';
export * from './opml.ts';
export * from './rank-feeds.ts';
export * from './merge-feed-list.ts';
