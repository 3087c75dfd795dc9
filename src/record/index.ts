export * from './record-schema.ts';
export * from './build-record.ts';
