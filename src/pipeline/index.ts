export * from './poll-feed.ts';
export * from './process-item.ts';
