export { normalizeForComparison } from './normalize-text.ts';
export { contentHash } from './content-hash.ts';
export { simhash64, hammingDistance64 } from './fingerprint.ts';
export type { DedupIndex, DedupCheck, DedupVerdict } from './dedup-index.ts';
export { MemoryDedupIndex } from './memory-dedup-index.ts';
export { computeSignature, sameAnchors, storyFiguresCompatible, storyContextCompatible, estimateJaccard, estimateContainment, figuresCompatible, isNearDuplicate, isSameStory, DEFAULT_THRESHOLDS } from './signature.ts';
export type { DedupSignature, DedupThresholds } from './signature.ts';
export type { DedupMatch, DedupIndexOptions } from './dedup-index.ts';
export { DEFAULT_INDEX_OPTIONS } from './memory-dedup-index.ts';
