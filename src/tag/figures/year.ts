import { findHead } from './head-noun.ts';
import { categorizeNoun } from './lexicon.ts';
import { readWordsAfter } from './words.ts';

const NO_DEMONYM = (): boolean => false;

/**
 * Whether a year-like number ending at end counts something ("2000 troops"): its noun is a known
 * count noun. Otherwise "2023" alone is a year (a date, not a figure). Shared with the dates tagger.
 */
export function isCountedYear(text: string, end: number): boolean {
  const c = text.charCodeAt(end);
  if (c === 37) return true;
  const words = readWordsAfter(text, end, 6);
  const head = findHead(words, 0, NO_DEMONYM);
  if (head === null || head.measure) return false;
  const hw = words[head.head];
  return hw !== undefined && !hw.capital && categorizeNoun(hw.lower) !== null;
}
