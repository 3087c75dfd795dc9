import type { DateEntity } from '../../model/entities.ts';
import type { KindContext } from '../kind-context.ts';
import { isCountedYear } from '../figures/year.ts';
import {
  isValidDay, isoDay, isoMonth, parsePublished, resolveOrdinalDay, resolveWeekday, yearForDay, yearForMonth,
} from './resolve.ts';
import type { Day, Direction } from './resolve.ts';

const MONTHS: ReadonlyMap<string, number> = new Map([
  ['january', 1], ['february', 2], ['march', 3], ['april', 4], ['may', 5], ['june', 6], ['july', 7], ['august', 8],
  ['september', 9], ['october', 10], ['november', 11], ['december', 12], ['jan', 1], ['feb', 2], ['mar', 3],
  ['apr', 4], ['jun', 6], ['jul', 7], ['aug', 8], ['sep', 9], ['sept', 9], ['oct', 10], ['nov', 11], ['dec', 12],
]);

const FULL_MONTHS: ReadonlySet<string> = new Set(['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December']);

const WEEKDAYS: ReadonlyMap<string, number> = new Map([
  ['sunday', 0], ['monday', 1], ['tuesday', 2], ['wednesday', 3], ['thursday', 4], ['friday', 5], ['saturday', 6],
]);

// Abbreviations keep their dot; a full name never takes the sentence's full stop.
const MONTH_RE = '(January|February|March|April|May|June|July|August|September|October|November|December|(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)(?![A-Za-z])\\.?)(?![A-Za-z])';
const YEAR_TAIL = '(\\d{4})\\b(?![-/.]\\d)';
// Modifiers coarsen but belong to the span ("mid-December 2017", "early 2021", "last October").
// Matched backwards from the anchor so the scanning regexes start with a literal-ish token (fast).
const RE_MODIFIER = /((?:[Ee]arly|[Mm]id|[Ll]ate|[Ee]nd of|[Bb]eginning of|[Ss]tart of|[Mm]iddle of|[Ll]ast|[Nn]ext|[Tt]his|[Ss]pring|[Ss]ummer|[Aa]utumn|[Ff]all|[Ww]inter)(?: of)?)(?:-|\s+)$/;
const DAY_RE = '(\\d{1,2})(?:st|nd|rd|th)?';

const RE_ISO = /\b(\d{4})-(\d{2})-(\d{2})\b/g;
const RE_NUMERIC = /\b(\d{1,2})([./])(\d{1,2})\2(\d{4})\b/g;
const RE_DAY_MONTH = new RegExp(`\\b${DAY_RE}(?:\\s+of)?\\s+${MONTH_RE}(?:,?\\s+${YEAR_TAIL})?`, 'g');
const RE_MONTH_DAY = new RegExp(`\\b${MONTH_RE}(?:\\s+${DAY_RE}\\b(?![:.,]?\\d))?(?:,?\\s+${YEAR_TAIL})?`, 'g');
const RE_YEAR = /\b((?:19|20)\d\d|2100)\b/g;
const RE_DECADE = /\b((?:1[89]|20)\d0)s\b|['\u2019](\d0)s\b/g;
const RE_WEEKDAY = /\b(?:([Ll]ast|[Nn]ext|[Tt]his)\s+)?(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b/g;
const RE_ORDINAL_DAY = /\b(?:on|by|until|till|since|from|before|after)\s+the\s+(\d{1,2})(st|nd|rd|th)\b/gi;
const RE_FUTURE = /\b(?:will|shall|next|upcoming|scheduled|expected|expects|plans? to|planned|planning|due|set to|set for|is to|are to|going to|to be held|would take place)\b|'ll\b/i;

// Cheap necessary conditions for the scanning regexes above: most snippets fail several, and one simple test
// is far cheaper than a full scan with word boundaries and alternations.
const RE_HAS_DIGIT = /\d/;
const RE_HAS_ISO = /\d-\d/;
const RE_HAS_NUMERIC = /\d[./]\d/;
const RE_HAS_MONTH = /Jan|Feb|Ma[ry]|Apr|Ju[nl]|Aug|Sep|Oct|Nov|Dec/;
const RE_HAS_ORDINAL = /\d(?:st|nd|rd|th)/i;

// Words before a bare year that make it part of a name or identifier ("Euro 2024", "resolution 2231").
const YEAR_OK_BEFORE: ReadonlySet<string> = new Set([
  'in', 'on', 'by', 'since', 'until', 'till', 'from', 'before', 'after', 'during', 'through', 'throughout', 'of',
  'for', 'and', 'the', 'to', 'or', 'between', 'early', 'late', 'mid', 'end', 'beginning', 'start', 'middle', 'spring',
  'summer', 'autumn', 'fall', 'winter', 'year', 'around', 'about', 'circa', 'as', 'at', 'than', 'a', 'fiscal',
]);
const YEAR_BAD_BEFORE: ReadonlySet<string> = new Set([
  'resolution', 'article', 'flight', 'route', 'page', 'number', 'no', 'model', 'type', 'version', 'windows', 'euro',
  'cop', 'zapad', 'vostok', 'agenda', 'vision', 'strategy', 'expo', 'block', 'room',
]);
const ORDINAL_NEXT_OK: ReadonlySet<string> = new Set(['and', 'or', 'of', 'at', 'when', 'in', 'but', 'after', 'before', 'this', 'last', 'next']);

interface Candidate {
  start: number;
  end: number;
  iso: string | null;
}

function monthOf(name: string): number {
  return MONTHS.get(name.toLowerCase().replace('.', '')) ?? 0;
}

/**
 * Matches of a global regex one at a time (what matchAll yields, without its per-call regex clone and
 * iterator). The regexes here never match empty; the step over an empty match is kept for safety.
 */
function nextMatch(re: RegExp, text: string): RegExpExecArray | null {
  const m = re.exec(text);
  if (m !== null && m[0].length === 0) re.lastIndex++;
  return m;
}

function firstMatch(re: RegExp, text: string): RegExpExecArray | null {
  re.lastIndex = 0;
  return nextMatch(re, text);
}

/** Sentence end (. ! ? ; line feed), tested on one UTF-16 unit without a regex call per character. */
function isSentenceEnd(c: number): boolean {
  return c === 46 || c === 33 || c === 63 || c === 59 || c === 10;
}

/** Trims a modifier's surrounding article and spaces so the span starts at a word. */
function direction(text: string, start: number, modifier: string | undefined): Direction {
  const mod = modifier?.toLowerCase();
  if (mod === 'next') return 'future';
  if (mod === 'this') return 'current';
  // Future cue words earlier in the same sentence ("will meet on Wednesday", "elections in December").
  const from = Math.max(0, start - 80);
  let s = start;
  while (s > from && !isSentenceEnd(text.charCodeAt(s - 1))) s--;
  return RE_FUTURE.test(text.slice(s, start)) ? 'future' : 'past';
}

function wordBefore(text: string, pos: number): string {
  let e = pos;
  while (e > 0 && (text[e - 1] === ' ' || text[e - 1] === '\u00a0')) e--;
  let s = e;
  while (s > 0 && /[A-Za-z]/.test(text[s - 1] ?? '')) s--;
  return text.slice(s, e);
}

function wordAfter(text: string, pos: number): string {
  let s = pos;
  while (s < text.length && text[s] === ' ') s++;
  let e = s;
  while (e < text.length && /[A-Za-z]/.test(text[e] ?? '')) e++;
  return text.slice(s, e);
}

/** Modifier word(s) right before an anchor ("mid-", "early ", "end of "): its text and start. */
function modifierBefore(text: string, anchor: number): { mod: string; start: number } | null {
  if (anchor === 0) return null;
  const from = Math.max(0, anchor - 16);
  const m = RE_MODIFIER.exec(text.slice(from, anchor));
  if (m === null || m[1] === undefined) return null;
  const start = from + m.index;
  // The modifier must be a whole word ("Summit" is not "mit").
  if (start > 0 && /[A-Za-z]/.test(text[start - 1] ?? '')) return null;
  return { mod: m[1], start };
}

class DateScanner {
  readonly found: Candidate[] = [];

  constructor(
    private readonly text: string,
    private readonly pub: Day | null,
  ) {}

  private add(start: number, end: number, iso: string | null): void {
    this.found.push({ start, end, iso });
  }

  run(): void {
    const t = this.text;
    const digit = RE_HAS_DIGIT.test(t);
    if (digit && RE_HAS_ISO.test(t)) this.iso();
    if (digit && RE_HAS_NUMERIC.test(t)) this.numeric();
    if (RE_HAS_MONTH.test(t)) {
      if (digit) for (let m = firstMatch(RE_DAY_MONTH, t); m !== null; m = nextMatch(RE_DAY_MONTH, t)) this.dayMonth(m);
      for (let m = firstMatch(RE_MONTH_DAY, t); m !== null; m = nextMatch(RE_MONTH_DAY, t)) this.monthDay(m);
    }
    if (digit && /(?:19|20)\d\d|2100/.test(t)) for (let m = firstMatch(RE_YEAR, t); m !== null; m = nextMatch(RE_YEAR, t)) this.year(m);
    if (digit && t.includes('0s')) for (let m = firstMatch(RE_DECADE, t); m !== null; m = nextMatch(RE_DECADE, t)) this.decade(m);
    if (t.includes('day')) for (let m = firstMatch(RE_WEEKDAY, t); m !== null; m = nextMatch(RE_WEEKDAY, t)) this.weekday(m);
    if (digit && RE_HAS_ORDINAL.test(t)) for (let m = firstMatch(RE_ORDINAL_DAY, t); m !== null; m = nextMatch(RE_ORDINAL_DAY, t)) this.ordinalDay(m);
  }

  private iso(): void {
    const t = this.text;
    for (let m = firstMatch(RE_ISO, t); m !== null; m = nextMatch(RE_ISO, t)) {
      const y = Number(m[1]);
      const mo = Number(m[2]);
      const d = Number(m[3]);
      if (isValidDay(y, mo, d)) this.add(m.index, m.index + m[0].length, isoDay(y, mo, d));
    }
  }

  private numeric(): void {
    const t = this.text;
    for (let m = firstMatch(RE_NUMERIC, t); m !== null; m = nextMatch(RE_NUMERIC, t)) {
      const a = Number(m[1]);
      const b = Number(m[3]);
      const y = Number(m[4]);
      // Dots are day-first; slashes are month-first unless that is impossible.
      let d = a;
      let mo = b;
      if (m[2] === '/' && a <= 12 && b <= 31 && b > 12) {
        d = b;
        mo = a;
      }
      if (isValidDay(y, mo, d)) this.add(m.index, m.index + m[0].length, isoDay(y, mo, d));
    }
  }

  private resolveDay(start: number, mo: number, d: number, year: string | undefined, modifier: string | undefined): string | null {
    if (year !== undefined) {
      const y = Number(year);
      return isValidDay(y, mo, d) ? isoDay(y, mo, d) : null;
    }
    if (this.pub === null) return null;
    const y = yearForDay(this.pub, mo, d, direction(this.text, start, modifier));
    return isValidDay(y, mo, d) ? isoDay(y, mo, d) : null;
  }

  private dayMonth(m: RegExpExecArray): void {
    const d = Number(m[1]);
    const mo = monthOf(m[2] ?? '');
    if (mo === 0 || d < 1 || d > 31) return;
    if (!isValidDay(2000, mo, d)) return;
    const start = m.index;
    // A day number glued to other digits ("2,16 October") is not a day.
    const prev = this.text.charCodeAt(start - 1);
    if (prev === 44 || prev === 46) return;
    this.add(start, start + m[0].length, this.resolveDay(start, mo, d, m[3], undefined));
  }

  private monthDay(m: RegExpExecArray): void {
    const name = m[1] ?? '';
    const mo = monthOf(name);
    if (mo === 0) return;
    const nameStart = m.index;
    const modm = modifierBefore(this.text, nameStart);
    const modifier = modm?.mod;
    const start = modm?.start ?? nameStart;
    const dayText = m[2];
    const year = m[3];
    const t = this.text;
    const end = m.index + m[0].length;
    const abbrev = !FULL_MONTHS.has(name);
    if (dayText === undefined) {
      // A month alone: ambiguous names need a date-like neighbour ("in May", "May 2023").
      const before = wordBefore(t, nameStart).toLowerCase();
      if (abbrev && year === undefined) return;
      if ((name === 'May' || name === 'March') && year === undefined && modifier === undefined && !['in', 'since', 'until', 'till', 'by', 'of', 'from', 'through', 'during', 'last', 'next', 'this', 'early', 'late', 'mid', 'before', 'after', 'and', 'or', 'to'].includes(before)) return;
      let iso: string | null = null;
      if (year !== undefined) iso = isoMonth(Number(year), mo);
      else if (this.pub !== null) {
        const mod = modifier?.toLowerCase();
        const dir = mod === 'last' ? 'past' : direction(t, start, modifier);
        let y = yearForMonth(this.pub, mo, dir);
        // "last October" in October means a year ago.
        if (mod === 'last' && mo === this.pub.m) y -= 1;
        if (mod === 'next' && mo === this.pub.m) y += 1;
        iso = isoMonth(y, mo);
      }
      this.add(start, end, iso);
      return;
    }
    const d = Number(dayText);
    if (d < 1 || d > 31 || !isValidDay(2000, mo, d)) {
      // "October 2,000 troops" style: keep only the month part when it is plainly a month.
      return;
    }
    this.add(start, end, this.resolveDay(start, mo, d, year, modifier));
  }

  private year(m: RegExpExecArray): void {
    const t = this.text;
    const yText = m[1] ?? '';
    const yStart = m.index;
    const yEnd = m.index + m[0].length;
    const modm = modifierBefore(t, yStart);
    const modifier = modm?.mod;
    const prev = t.charCodeAt(yStart - 1);
    const next = t.charCodeAt(yEnd);
    // Parts of other numbers, money, codes: "2,2023", "$2000", "#2023", "2023.5", "2023%".
    if (prev === 44 || prev === 46 || prev === 36 || prev === 35 || prev === 0xa3 || prev === 0x20ac || prev === 43) return;
    if (prev === 45 && /[A-Za-z]/.test(t[yStart - 2] ?? '')) return;
    if ((next === 44 || next === 46 || next === 58) && /\d/.test(t[yEnd + 1] ?? '')) return;
    if (next === 37 || (next === 45 && /[A-Za-z]/.test(t[yEnd + 1] ?? ''))) return;
    // A malformed numeric date ("2024-13-45") is not a year either.
    if ((next === 45 || next === 47) && /^.\d{1,2}[-/]\d/.test(t.slice(yEnd, yEnd + 6))) return;
    if (isCountedYear(t, yEnd)) return;
    if (modifier === undefined) {
      const before = wordBefore(t, yStart);
      const lower = before.toLowerCase();
      if (YEAR_BAD_BEFORE.has(lower)) return;
      if (before.length > 0 && /^[A-Z]/.test(before) && !YEAR_OK_BEFORE.has(lower) && !MONTHS.has(lower)) return;
      const after = wordAfter(t, yEnd).toLowerCase();
      if (after === 'km' || after === 'kg' || after === 'm' || after === 'metres' || after === 'meters' || after === 'feet') return;
    }
    const mod = modifier?.toLowerCase();
    if (mod === 'last' || mod === 'next' || mod === 'this') {
      // "last 2023" is not English; keep the year alone.
      this.add(yStart, yEnd, yText);
      return;
    }
    this.add(modm?.start ?? yStart, yEnd, yText);
  }

  private decade(m: RegExpExecArray): void {
    const modm = modifierBefore(this.text, m.index);
    const mod = modm?.mod.toLowerCase();
    const start = modm === null || mod === 'last' || mod === 'next' || mod === 'this' ? m.index : modm.start;
    let decade: number;
    if (m[1] !== undefined) decade = Number(m[1]);
    else {
      const two = Number(m[2]);
      const pubY = this.pub?.y ?? 2000;
      decade = 2000 + two <= pubY ? 2000 + two : 1900 + two;
    }
    this.add(start, m.index + m[0].length, String(decade));
  }

  private weekday(m: RegExpExecArray): void {
    const target = WEEKDAYS.get((m[2] ?? '').toLowerCase());
    if (target === undefined) return;
    const start = m.index;
    const mod = m[1]?.toLowerCase();
    let iso: string | null = null;
    if (this.pub !== null) {
      const dir: Direction = mod === 'next' ? 'future' : mod === 'last' ? 'past' : mod === 'this' ? 'past' : direction(this.text, start, undefined);
      const day = resolveWeekday(this.pub, target, dir, mod === 'last' || mod === 'next');
      iso = isoDay(day.y, day.m, day.d);
    }
    this.add(start, start + m[0].length, iso);
  }

  private ordinalDay(m: RegExpExecArray): void {
    const d = Number(m[1]);
    if (d < 1 || d > 31) return;
    const numText = `${m[1] ?? ''}${m[2] ?? ''}`;
    const end = m.index + m[0].length;
    const start = end - numText.length;
    const t = this.text;
    // "the 16th century", "the 16th anniversary" are not days.
    const after = wordAfter(t, end);
    if (after.length > 0 && t[end] === ' ' && !ORDINAL_NEXT_OK.has(after.toLowerCase())) return;
    let iso: string | null = null;
    if (this.pub !== null) {
      const day = resolveOrdinalDay(this.pub, d, direction(t, start, undefined));
      if (day !== null) iso = isoDay(day.y, day.m, day.d);
    }
    this.add(start, end, iso);
  }

  /** Longest candidates win; a weekday followed by a day date merges into one ("Wednesday, October 16"). */
  result(): DateEntity[] {
    const t = this.text;
    const all = this.found.sort((a, b) => a.start - b.start || b.end - a.end);
    const kept: Candidate[] = [];
    for (const c of all) {
      const last = kept[kept.length - 1];
      if (last !== undefined && c.start < last.end) {
        if (c.end - c.start > last.end - last.start) kept[kept.length - 1] = c;
        continue;
      }
      kept.push(c);
    }
    const out: DateEntity[] = [];
    for (let i = 0; i < kept.length; i++) {
      const c = kept[i];
      if (c === undefined) continue;
      const nx = kept[i + 1];
      if (nx !== undefined && WEEKDAYS.has(t.slice(c.start, c.end).toLowerCase()) && /^,?\s{1,2}$/.test(t.slice(c.end, nx.start)) && /\d/.test(t.slice(nx.start, nx.end)) && (nx.iso === null || nx.iso.length === 10)) {
        out.push({ text: t.slice(c.start, nx.end), start: c.start, end: nx.end, iso: nx.iso });
        i++;
        continue;
      }
      out.push({ text: t.slice(c.start, c.end), start: c.start, end: c.end, iso: c.iso });
    }
    return out;
  }
}

/** Finds dates in one text (offsets into that text), resolved against the publication date. Never throws. */
export function tagDates(text: string, context: KindContext): DateEntity[] {
  try {
    if (typeof text !== 'string' || text.length === 0) return [];
    const scanner = new DateScanner(text, parsePublished(context?.published));
    scanner.run();
    return scanner.result();
  } catch {
    return [];
  }
}
