export * from './feed-state-store.ts';
export * from './redis-feed-state-store.ts';
export * from './seen-items.ts';
