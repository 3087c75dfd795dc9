export * from './names.ts';
export * from './queues.ts';
export * from './schedule-feeds.ts';
