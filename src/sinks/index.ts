export * from './sink.ts';
export * from './ndjson-sink.ts';
export * from './redis-stream-sink.ts';
