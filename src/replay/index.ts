export * from './raw-item-store.ts';
export * from './revision-counter.ts';
export * from './replay-items.ts';
export * from './progress-bar.ts';
