import type { CountryEntity, CountryMention } from '../../model/entities.ts';
import { acceptMatch } from './context-rules.ts';
import type { DocContext } from './doc-context.ts';
import { walk } from './matcher.ts';
import type { Scan } from './matcher.ts';
import { CharClass, isAllUpper, isUpperAt, tokenizeWords } from './tokenize.ts';
import type { Tokens } from './tokenize.ts';

/** Function words that stay lower case in Title Case headlines. */
const TITLE_FUNCTION_WORDS: ReadonlySet<string> = new Set([
  'with', 'from', 'into', 'over', 'than', 'that', 'upon', 'onto', 'amid', 'after', 'about', 'says',
]);

function detectCasing(text: string, tokens: Tokens): { titleCase: boolean; allCaps: boolean } {
  let words = 0;
  let lower = 0;
  let shortWords = 0;
  let upper = 0;
  let seen = 0;
  // Sample the first 200 word tokens: enough to tell a headline from prose.
  for (let k = 0; k < tokens.count && seen < 200; k++) {
    if (tokens.classes[k] !== CharClass.latin && tokens.classes[k] !== CharClass.cyrillic) continue;
    seen++;
    const s = tokens.starts[k] ?? 0;
    const e = tokens.ends[k] ?? 0;
    if (e - s < 2) continue;
    if (isAllUpper(text, s, e)) upper++;
    if (e - s < 4) {
      shortWords++;
      continue;
    }
    words++;
    // Function words are 4-5 letters: no slice for longer words.
    if (!isUpperAt(text, s) && (e - s > 5 || !TITLE_FUNCTION_WORDS.has(text.slice(s, e)))) lower++;
  }
  const all = words + shortWords;
  // Prose nearly always has some lower-case content words; Title Case headlines have (almost) none.
  return {
    titleCase: words >= 3 && (words < 20 ? lower === 0 : lower / words <= 0.05),
    allCaps: all >= 3 && upper / all >= 0.8,
  };
}

/** Tokens of a text already split by another tagger, with their lazily folded keys (same fold as here). */
export interface SharedTokens {
  text: string;
  tokens: Tokens;
  keys: Array<string | undefined>;
}

/** Finds country mentions in one text with the given language and document cues. */
export function scanCountries(text: string, language: string | null, ctx: DocContext, shared?: SharedTokens): CountryEntity[] {
  const reuse = shared !== undefined && shared.text === text;
  const tokens = reuse ? shared.tokens : tokenizeWords(text);
  const casing = detectCasing(text, tokens);
  const scan: Scan = {
    text, tokens, keys: reuse ? shared.keys : new Array<string | undefined>(tokens.count), language, ctx,
    titleCase: casing.titleCase, allCaps: casing.allCaps,
    lastMatchEnd: -1, lastCapitalEnd: -1, lastCapitalWasPlace: false,
  };
  const byKey = new Map<string, CountryEntity>();
  const out: CountryEntity[] = [];
  let i = 0;
  while (i < tokens.count) {
    const cls = tokens.classes[i];
    // Every Latin form starts with a capital letter; Cyrillic adjectives do not, so walk those always.
    if (!(cls === CharClass.cyrillic || (cls === CharClass.latin && isUpperAt(text, tokens.starts[i] ?? 0)))) {
      i++;
      continue;
    }
    const m = walk(scan, i);
    if (m === null) {
      i++;
      continue;
    }
    const e = m.entry;
    if (e.kind !== null && acceptMatch(scan, m)) {
      const start = tokens.starts[m.first] ?? 0;
      let end = tokens.ends[m.last] ?? 0;
      if (e.trailingDot && text.charCodeAt(end) === 46) end++;
      const mention: CountryMention = { text: text.slice(start, end), start, end, kind: e.kind };
      const key = e.iso2 ?? `~${e.name}`;
      let entity = byKey.get(key);
      if (entity === undefined) {
        entity = { iso2: e.iso2, name: e.name, mentions: [] };
        byKey.set(key, entity);
        out.push(entity);
      }
      entity.mentions.push(mention);
    }
    scan.lastMatchEnd = m.last;
    i = m.last + 1;
  }
  return out;
}

