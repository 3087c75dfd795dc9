import { createHash } from 'node:crypto';
import { normalizeForComparison } from './normalize-text.ts';

const HASH_HEX_CHARS = 32;

/** Exact-duplicate key: the first 32 hex chars of sha256 over normalizeForComparison(text). */
export function contentHash(text: string): string {
  return createHash('sha256').update(normalizeForComparison(text), 'utf8').digest('hex').slice(0, HASH_HEX_CHARS);
}
