import { collapseWhitespace } from './collapse-whitespace.ts';

/** Result of boilerplate removal, with a flag for tails that mark an excerpt ("[…]", "Continue reading"). */
export interface BoilerplateResult {
  text: string;
  /** A removed tail said the item was cut upstream. */
  cut: boolean;
}

interface TailRule {
  /** Cheap pre-check so the full pattern only runs on texts that can match. */
  hint: RegExp;
  pattern: RegExp;
  /** Removing it means the text before it is an excerpt. */
  marksCut: boolean;
}

// Every rule is anchored at the end of the text (feeds append their boilerplate) and starts after
// the beginning, sentence punctuation, a closing bracket, a separator, or whitespace before a
// capitalised phrase (the phrases are matched case-sensitively on their first letter).
const START = String.raw`(?:^|(?<=[.!?…"'”’)\]»|:·•–—-])\s*|\s+)`;
const ELLIPSIS = String.raw`(?:\.{2,}|…)`;
const ARROW = String.raw`(?:→|›|»|>>?|\.)`;
// Optional "at The Site" / "here" after a link label; nothing else, so "Read More Books" survives.
const LINK_TAIL = String.raw`(?:\s+(?:[aA]t|[oO]n|[iI]n|[fF]rom|[hH]ere)\b[^.!?\n]{0,80}?)?`;
// An attribution: capitalised words, acronyms and the usual connectors, at most eight.
const NAME_WORD = String.raw`(?:[\p{Lu}\p{N}][\p{L}\p{N}.&'’/-]*|of|the|and|for|de|du|la|on|in|&)`;

const SITE_NAME = String.raw`${NAME_WORD}(?:[ ,]+${NAME_WORD}){0,7}|[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)+`;

/** "read more" → "R[eE][aA][dD] [mM][oO][rR][eE]": capital first letter, any case after. */
function capitalised(phrase: string): string {
  return [...phrase]
    .map((ch, i) => {
      const lower = ch.toLowerCase();
      const upper = ch.toUpperCase();
      if (lower === upper) return ch === ' ' ? '\\s+' : ch;
      return i === 0 ? upper : `[${lower}${upper}]`;
    })
    .join('');
}

const LINK_LABELS = [
  'continue reading', 'keep reading', 'read more', 'read the full story', 'read the full article',
  'read the full report', 'read the full post', 'read the rest', 'full story', 'view full article',
  'view the full article', 'view full story',
].map(capitalised).join('|');

const TAIL_RULES: TailRule[] = [
  // WordPress: "The post <title> appeared first on <site>."
  // The site must look like a name or a domain, so a real sentence ending "appeared first on the list." stays.
  {
    hint: /appeared first on/,
    pattern: new RegExp(
      `${START}The post (?:(?!The post ).){1,400}? appeared first on (?:${SITE_NAME})\\.?\\s*$`,
      'su',
    ),
    marksCut: false,
  },
  // "This article originally appeared on X." / "This story was first published in X."
  {
    hint: /This (?:article|story|post|piece) /,
    pattern: new RegExp(
      `${START}This (?:article|story|post|piece) (?:was |has been )?(?:originally |first )?(?:appeared|published|posted) (?:on|in|at|by) [^\\n]{1,200}$`,
      's',
    ),
    marksCut: false,
  },
  // Excerpt endings: "[…]", "[...]", "(more…)".
  { hint: /[\])]\s*$/, pattern: new RegExp(String.raw`\s*[\[(](?:${ELLIPSIS}|[mM]ore\s*${ELLIPSIS}?)[\])]\s*$`), marksCut: true },
  // Link labels: "Continue reading...", "Read more »", "Read the full story at X".
  {
    hint: /\b(?:continue|keep|read|full|view)\b/i,
    pattern: new RegExp(`${START}(?:${LINK_LABELS})${LINK_TAIL}\\s*(?:${ELLIPSIS}|${ARROW})?\\s*$`, 'u'),
    marksCut: true,
  },
  // Trailing attribution: "Source: Reuters", "Source: Ministry of Defence of Ukraine."
  { hint: /Sources?:/, pattern: new RegExp(`${START}Sources?:\\s*${NAME_WORD}(?:[ ,]+${NAME_WORD}){0,7}\\.?\\s*$`, 'u'), marksCut: false },
];

// "Click here to subscribe." at a sentence start: an instruction, never content.
const CLICK_HERE = /(?:^|(?<=[.!?…]))\s*Click here\b[^.!?\n]{0,160}(?:[.!?]+|$)/gi;
const HAS_CLICK_HERE = /click here/i;
const MAX_ROUNDS = 4;
/** Longer than any tail rule can match (the WordPress one is the longest, ~700 chars). */
const TAIL_WINDOW = 1_500;

/** Removes feed boilerplate ("The post X appeared first on Y.", "Continue reading…", "[…]", "Source: X"); never real sentences. */
export function removeBoilerplate(text: string): string {
  return stripBoilerplate(text).text;
}

/** As removeBoilerplate, also telling whether a removed tail marked an upstream excerpt. */
export function stripBoilerplate(text: string): BoilerplateResult {
  if (typeof text !== 'string' || text.length === 0) return { text: '', cut: false };
  // Collapsing whitespace first keeps every rule linear (a run of spaces would make them quadratic).
  let current = collapseWhitespace(text);
  if (HAS_CLICK_HERE.test(current)) current = current.replace(CLICK_HERE, '');
  let cut = false;
  // Tails can stack ("Read more … The post X appeared first on Y."): peel until none applies.
  for (let round = 0; round < MAX_ROUNDS; round++) {
    let changed = false;
    for (const rule of TAIL_RULES) {
      if (!rule.hint.test(current)) continue;
      const from = tailWindowStart(current);
      const match = rule.pattern.exec(from === 0 ? current : current.slice(from));
      if (match === null) continue;
      current = current.slice(0, from + match.index);
      cut ||= rule.marksCut;
      changed = true;
    }
    if (!changed) break;
  }
  return { text: current.trim(), cut };
}

/** Rules only look at the end of the text: start the window at a word start within the last TAIL_WINDOW chars. */
function tailWindowStart(text: string): number {
  if (text.length <= TAIL_WINDOW) return 0;
  const space = text.indexOf(' ', text.length - TAIL_WINDOW);
  return space === -1 ? text.length : space;
}
