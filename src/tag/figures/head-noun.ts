import type { FigureCategory } from '../../model/entities.ts';
import { CASUALTY_CUES, MEASURE_WORDS, SMALL_NUMBERS, STOP_WORDS, categorizeExact, categorizeNoun } from './lexicon.ts';
import { beforeHyphen } from './words.ts';
import type { Word } from './words.ts';

/** The counted noun phrase after a number: index of its head in the word list. */
export interface HeadMatch {
  /** Index of the head noun in the words given. */
  head: number;
  /** Lower-case head, "people" for nationality and group nouns. */
  unit: string;
  /** Category from the noun alone (casualty cues applied by the caller). */
  nounCategory: FigureCategory | null;
  /** Head is a measure, duration or size: not a figure. */
  measure: boolean;
}

/** Pre-modifiers that neither end the phrase nor make it lower-case ("10,000 more Ukrainian recruits"). */
const PRE_MODIFIERS: ReadonlySet<string> = new Set(['more', 'remaining', 'additional', 'extra', 'further', 'other', 'new', 'fewer']);

const TRAILING_STOPS: ReadonlySet<string> = new Set([
  'overnight', 'daily', 'annually', 'yearly', 'apiece', 'total', 'altogether', 'alone', 'far', 'ago', 'later',
  'earlier', 'each', 'respectively', 'instead', 'too', 'either', 'nationwide', 'abroad', 'home', 'worldwide',
]);

/** Words ending in "s" that are not plurals, for the plural-looking test. */
function looksPlural(lower: string): boolean {
  return lower.length > 3 && lower.endsWith('s') && !lower.endsWith('ss') && !lower.endsWith('us') && !lower.endsWith('is');
}

function nounLike(w: Word): boolean {
  return categorizeNoun(w.lower) !== null || looksPlural(w.lower);
}

/**
 * Finds the head noun of the phrase starting at words[from]: modifiers ("North Korean", "junta",
 * "armoured") then a noun; compounds continue only noun to noun ("tank brigades"). Null when there is none.
 * isDemonym tells whether a capitalised word is a nationality (then the unit is "people").
 */
export function findHead(words: readonly Word[], from: number, isDemonym: (w: Word) => boolean): HeadMatch | null {
  let head = -1;
  let sawLower = false;
  for (let i = from; i < words.length && i - from < 6; i++) {
    const w = words[i];
    if (w === undefined) break;
    const lower = w.lower;
    if (w.numeric) {
      // Calibres and model codes inside the phrase ("155mm shells", "Leopard 2 tanks").
      const prev = words[i - 1];
      const glued = /[a-z]/i.test(w.text);
      if (i > from && (glued || (prev !== undefined && prev.capital))) continue;
      if (i === from && glued && i + 1 < words.length) continue;
      break;
    }
    if (STOP_WORDS.has(lower) || TRAILING_STOPS.has(lower) || SMALL_NUMBERS.has(beforeHyphen(lower))) break;
    if (head < 0 && PRE_MODIFIERS.has(lower) && i + 1 < words.length && words[i + 1]?.lower !== 'than') continue;
    if (lower.endsWith('ly') && categorizeNoun(lower) === null && !w.capital) break;
    const prevHead = head >= 0 ? words[head] : undefined;
    if (w.capital) {
      if (sawLower) break;
      head = i;
      continue;
    }
    // After a noun, only another listed noun or a plural continues the compound ("soldiers train" stops).
    if (prevHead !== undefined && !prevHead.capital && nounLike(prevHead) && !(looksPlural(lower) || categorizeExact(lower) !== null)) break;
    if (prevHead !== undefined && !prevHead.capital && (lower.endsWith('ed') || lower.endsWith('ing')) && categorizeNoun(lower) === null) break;
    sawLower = true;
    head = i;
    if (MEASURE_WORDS.has(lower)) break;
  }
  if (head < 0) return null;
  // A trailing verb or adverb is not the head: back off to the last noun-like word ("Koreans rallied").
  const last = words[head];
  if (last !== undefined && !nounLike(last) && !(last.capital && isDemonym(last))) {
    let found = -1;
    let capitals = false;
    for (let j = head; j >= from; j--) {
      const w = words[j];
      if (w === undefined) continue;
      if (w.capital) capitals = true;
      if (found < 0 && j < head && (nounLike(w) || (w.capital && isDemonym(w)))) found = j;
    }
    if (found >= 0) head = found;
    // A proper name after the number ("16 Air Assault Brigade ... flew") or a participle ("six expected").
    else if (capitals || ((last.lower.endsWith('ed') || last.lower.endsWith('ing')) && !last.capital)) return null;
  }
  const hw = words[head];
  if (hw === undefined || PRE_MODIFIERS.has(hw.lower)) return null;
  if (hw.capital) {
    const known = categorizeNoun(hw.lower);
    if (known !== null && !isDemonym(hw)) return { head, unit: hw.lower, nounCategory: known, measure: false };
    // A capitalised head is a nationality or group noun ("North Koreans", "Houthis") or not a count at all.
    if (isDemonym(hw) || looksPlural(hw.lower)) {
      return { head, unit: 'people', nounCategory: 'other', measure: false };
    }
    if (categorizeNoun(hw.lower) !== null) {
      return { head, unit: hw.lower, nounCategory: categorizeNoun(hw.lower), measure: false };
    }
    return null;
  }
  const measure = MEASURE_WORDS.has(hw.lower) || (words[from] !== undefined && MEASURE_WORDS.has(words[from].lower));
  return { head, unit: hw.lower, nounCategory: categorizeNoun(hw.lower), measure };
}

const CUE_SKIP: ReadonlySet<string> = new Set([
  'were', 'was', 'have', 'has', 'had', 'been', 'being', 'are', 'is', 'reportedly', 'already', 'all', 'also',
  'allegedly', 'confirmed', 'now', 'later', 'still', 'since', 'either', 'or', 'and', 'left', 'being',
]);

/** Whether a casualty word modifies the head ("30 dead soldiers") or follows it ("12 people were killed"). */
export function hasCasualtyCue(words: readonly Word[], from: number, head: number): boolean {
  for (let i = from; i < head; i++) {
    const w = words[i];
    if (w !== undefined && CASUALTY_CUES.has(w.lower)) return true;
  }
  for (let i = head + 1; i < words.length && i <= head + 4; i++) {
    const w = words[i];
    if (w === undefined) break;
    if (CASUALTY_CUES.has(w.lower)) return true;
    if (!CUE_SKIP.has(w.lower)) break;
  }
  return false;
}
