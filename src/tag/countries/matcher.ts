import { CaseMode } from './curated.ts';
import type { DocContext } from './doc-context.ts';
import { buildGazetteer } from './gazetteer.ts';
import type { GazEntry, TrieNode } from './gazetteer.ts';
import { asciiKeyHash, classifyGap, foldKey, hasKeyHash, makeKeyHashSet } from './normalize.ts';
import { CharClass, isUpperAt } from './tokenize.ts';
import type { Tokens } from './tokenize.ts';

const GAZETTEER = buildGazetteer();

/**
 * One bit per hash of the ASCII first-token keys: a pure-ASCII token whose bit is clear cannot start a match,
 * so the walk stops before folding its key and probing the large root map (most capitalised words).
 */
const ROOT_FILTER: Uint8Array = makeKeyHashSet(GAZETTEER.root.next?.keys() ?? []);

/** Gazetteer size, for diagnostics and tests. */
export const GAZETTEER_SIZE: number = GAZETTEER.size;

/** Everything the context rules may look at for one text. */
export interface Scan {
  text: string;
  tokens: Tokens;
  keys: Array<string | undefined>;
  language: string | null;
  ctx: DocContext;
  /** Most words capitalised (feed titles): the capitalised-neighbour heuristics are off. */
  titleCase: boolean;
  allCaps: boolean;
  /** Index of the last token of the previous accepted or blocked gazetteer match, -1 if none. */
  lastMatchEnd: number;
  /** Last capital seen: its last token and whether it was read as a place. */
  lastCapitalEnd: number;
  lastCapitalWasPlace: boolean;
}

export interface Match {
  entry: GazEntry;
  first: number;
  last: number;
}

/** Folded key of token k (computed on first use). */
export function keyAt(scan: Scan, k: number): string {
  let key = scan.keys[k];
  if (key === undefined) {
    key = foldKey(scan.text.slice(scan.tokens.starts[k] ?? 0, scan.tokens.ends[k] ?? 0));
    scan.keys[k] = key;
  }
  return key;
}

function casePasses(scan: Scan, e: GazEntry, first: number): boolean {
  if (e.caseMode === CaseMode.any) return true;
  const { starts, ends } = scan.tokens;
  for (let t = 0; t < e.canon.length; t++) {
    const c = e.canon[t] ?? '';
    const s = starts[first + t] ?? 0;
    if (e.caseMode === CaseMode.exact) {
      if (scan.text.slice(s, ends[first + t] ?? 0) !== c) return false;
    } else if (c !== '' && isUpperAt(c, 0) && !isUpperAt(scan.text, s)) {
      return false;
    }
  }
  return true;
}

function pickEntry(scan: Scan, entries: GazEntry[], first: number): GazEntry | null {
  for (const e of entries) {
    if (e.lang !== null && e.lang !== scan.language) continue;
    if (casePasses(scan, e, first)) return e;
  }
  return null;
}

function stepStem(node: TrieNode, gap: string, key: string): TrieNode | undefined {
  const stems = node.stems;
  if (stems === null) return undefined;
  for (let k = 0; k <= 3; k++) {
    const stemLen = key.length - k;
    if (stemLen < 3) break;
    const stem = gap + key.slice(0, stemLen);
    const ending = key.slice(stemLen);
    const n = stems.get(stem + '#n');
    if (n !== undefined && n.endings.has(ending)) return n.node;
    const a = stems.get(stem + '#a');
    if (a !== undefined && a.endings.has(ending)) return a.node;
  }
  return undefined;
}

/** Longest gazetteer match starting at token `first`, or null. */
export function walk(scan: Scan, first: number): Match | null {
  const { tokens, text } = scan;
  let node: TrieNode = GAZETTEER.root;
  let best: Match | null = null;
  const limit = Math.min(tokens.count, first + GAZETTEER.maxDepth);
  if (tokens.classes[first] === CharClass.latin) {
    const h = asciiKeyHash(text, tokens.starts[first] ?? 0, tokens.ends[first] ?? 0);
    if (h >= 0 && !hasKeyHash(ROOT_FILTER, h)) return null;
  }
  for (let j = first; j < limit; j++) {
    const cls = tokens.classes[j];
    if (cls !== CharClass.latin && cls !== CharClass.cyrillic) break;
    let gap = '';
    if (j > first) {
      const g = classifyGap(text, tokens.ends[j - 1] ?? 0, tokens.starts[j] ?? 0);
      if (g === null) break;
      gap = g;
    }
    const key = keyAt(scan, j);
    const edges = j > first ? node.byGap?.get(gap) : node.next;
    let next = edges?.get(key);
    if (next === undefined && cls === CharClass.cyrillic) next = stepStem(node, gap, key);
    if (next === undefined) break;
    node = next;
    if (node.entries !== null) {
      const e = pickEntry(scan, node.entries, first);
      if (e !== null) best = { entry: e, first, last: j };
    }
  }
  return best;
}

