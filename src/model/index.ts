export * from './feed.ts';
export * from './item.ts';
export * from './entities.ts';
export * from './record.ts';
