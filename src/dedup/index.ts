export { normalizeForComparison } from './normalize-text.ts';
export { contentHash } from './content-hash.ts';
export { simhash64, hammingDistance64 } from './fingerprint.ts';
export type { DedupIndex, DedupCheck, DedupVerdict } from './dedup-index.ts';
export { MemoryDedupIndex } from './memory-dedup-index.ts';
