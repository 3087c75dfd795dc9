export * from './embedded-redis.ts';
export * from './connection.ts';
