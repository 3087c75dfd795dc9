import type { CountryEntity, FigureCategory, FigureEntity, FigureQualifier } from '../../model/entities.ts';
import type { KindContext } from '../kind-context.ts';
import { findHead, hasCasualtyCue } from './head-noun.ts';
import {
  AREA_WORDS, CASUALTY_CUES, CIVILIAN_NOUNS, CURRENCY_CODES, CURRENCY_SYMBOLS, CURRENCY_WORDS, IDENTIFIER_WORDS, MEASURE_WORDS,
  MONTH_WORDS, QUALIFIERS, QUALIFIER_FIRST_WORDS, SCALE_WORDS, TERRITORY_CUES, VAGUE_WORDS, categorizeNoun,
} from './lexicon.ts';
import { parseDigits, parseSpelled } from './parse-number.ts';
import type { NumberExpr } from './parse-number.ts';
import {
  atLineStart, isDigit, isHyphen, isLetter, isSpace, readWordAt, readWordBefore, readWordBeforeLoose, readWordsAfter, readWordsBefore,
  startsSentence,
} from './words.ts';
import type { Word } from './words.ts';

export { isCountedYear } from './year.ts';
import { isCountedYear } from './year.ts';

// Every digit run, spelled number and magnitude word starts a candidate; the rest is local work around it.
const TRIGGER =
  /[0-9]|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|thousand|million|billion|trillion|dozen|tens|dozens|scores|hundreds|thousands|millions|billions)\b/gi;

const DETERMINERS: ReadonlySet<string> = new Set(['the', 'its', 'their', 'his', 'her', 'our', 'these', 'those', 'them', 'whom', 'which', 'us', 'you', 'it', 'my', 'your']);
const ADJECTIVAL_HEADS: ReadonlySet<string> = new Set(['dead', 'killed', 'wounded', 'injured', 'missing']);
const ONE_BLOCKERS: ReadonlySet<string> = new Set(['no', 'any', 'every', 'the', 'which', 'each', 'at', 'this', 'that', 'only', 'someone', 'just']);
const RE_PHONE = /\+?\(?\d{1,4}\)?(?:[-.\s]\d{2,4}){2,}/y;
const RE_PHONE_SHAPE = /^\+?\(?\d{1,4}\)?[-.\s]\d{2,4}[-.]\d{2,4}/;
const CONTEXT_BARE_BEFORE: ReadonlySet<string> = new Set(['further', 'additional', 'including', 'another', 'extra']);
const AREA_SIZE_CUES: ReadonlySet<string> = new Set(['covers', 'covering', 'measuring', 'spanning', 'size', 'area', 'measures']);
const AIRCRAFT_NAMES: ReadonlySet<string> = new Set(['rafale', 'typhoon', 'eurofighter', 'gripen', 'mirage', 'tornado', 'sukhoi', 'mig', 'f-16', 'f-35', 'f-15', 'f-18', 'su-27', 'su-35', 'su-57', 'j-10', 'j-20']);
const FEW_WORDS: ReadonlySet<string> = new Set(['few', 'several', 'many', 'couple']);

interface Money {
  code: string;
  factor: number;
  start: number;
}

interface Draft {
  start: number;
  end: number;
  value: number | null;
  min: number | null;
  max: number | null;
  approx: boolean;
  qualifier: FigureQualifier;
  unit: string | null;
  category: FigureCategory;
}

// Shapes of the currency codes (lengths, first characters), so most words are ruled out before their slice.
const CODE_LENGTHS: ReadonlySet<number> = new Set([...CURRENCY_CODES].map((c) => c.length));
const CODE_FIRST_UNITS: ReadonlySet<number> = new Set([...CURRENCY_CODES].map((c) => c.charCodeAt(0)));

/** Exactly CURRENCY_CODES.has(w.text), reading the text only when the word has a code's shape. */
function isCurrencyCode(text: string, w: Word): boolean {
  return CODE_LENGTHS.has(w.end - w.start) && CODE_FIRST_UNITS.has(text.charCodeAt(w.start)) && CURRENCY_CODES.has(w.text);
}

/** Currency symbol or code written before the number at i ("$", "US$", "USD 5m"). */
function moneyBefore(text: string, i: number): Money | null {
  let p = i;
  if (p > 0 && isSpace(text.charCodeAt(p - 1))) p--;
  const c = text[p - 1];
  if (c !== undefined && CURRENCY_SYMBOLS.has(c)) {
    let s = p - 1;
    let code = CURRENCY_SYMBOLS.get(c) ?? 'USD';
    if (c === '$') {
      let k = s;
      while (k > 0 && k > s - 2 && /[A-Z]/.test(text[k - 1] ?? '')) k--;
      const prefix = text.slice(k, s);
      const withPrefix = CURRENCY_SYMBOLS.get(`${prefix}$`);
      if (prefix.length > 0 && withPrefix !== undefined && !(k > 0 && isLetter(text.charCodeAt(k - 1)))) {
        s = k;
        code = withPrefix;
      }
    }
    return { code, factor: 1, start: s };
  }
  const w = readWordBefore(text, i);
  if (w !== null && isCurrencyCode(text, w)) return { code: w.text, factor: 1, start: w.start };
  return null;
}

/** Currency word or code after the number ("million dollars", "52 cents", "5bn roubles", "100 USD"). */
function moneyAfter(text: string, words: readonly Word[]): { code: string; factor: number; last: number } | null {
  const w0 = words[0];
  if (w0 === undefined) return null;
  if (isCurrencyCode(text, w0)) return { code: w0.text, factor: 1, last: 0 };
  const cw = CURRENCY_WORDS.get(w0.lower);
  if (cw !== undefined) return { ...cw, last: 0 };
  // "US dollars", "Russian roubles".
  const w1 = words[1];
  if (w1 !== undefined && w0.capital) {
    const cw1 = CURRENCY_WORDS.get(w1.lower);
    if (cw1 !== undefined) return { ...cw1, last: 1 };
  }
  return null;
}

// Last words of the qualifiers: most numbers have none before them, so one word read settles it.
const QUALIFIER_LAST_WORDS: ReadonlySet<string> = new Set(QUALIFIERS.map((q) => q.words[q.words.length - 1] ?? ''));

/** Qualifier words ending right before pos, longest match first. */
function qualifierBefore(text: string, pos: number): { start: number; qualifier: FigureQualifier; maxIsValue: boolean } | null {
  const nearest = readWordBefore(text, pos);
  if (nearest === null || !QUALIFIER_LAST_WORDS.has(nearest.lower)) return null;
  const before = readWordsBefore(text, pos, 3);
  if (before.length === 0) return null;
  for (const q of QUALIFIERS) {
    const k = q.words.length;
    if (k > before.length) continue;
    let ok = true;
    for (let j = 0; j < k; j++) {
      if (before[k - 1 - j]?.lower !== q.words[j]) {
        ok = false;
        break;
      }
    }
    // Words of one qualifier are separated by single spaces only ("up to", not "up. To").
    if (ok) {
      const first = before[k - 1];
      if (first !== undefined) return { start: first.start, qualifier: q.qualifier, maxIsValue: q.maxIsValue };
    }
  }
  return null;
}

/** Country mention of the context that lies inside the span. */
function countryInside(countries: readonly CountryEntity[], start: number, end: number): string | null {
  let best: string | null = null;
  let bestStart = Infinity;
  for (const c of countries) {
    for (const m of c.mentions) {
      if (m.start >= start && m.end <= end && m.start < bestStart && c.iso2 !== null) {
        best = c.iso2;
        bestStart = m.start;
      }
    }
  }
  return best;
}

function isDemonymIn(countries: readonly CountryEntity[]): (w: Word) => boolean {
  return (w) => {
    for (const c of countries) {
      for (const m of c.mentions) if (m.start <= w.start && m.end >= w.end && m.kind === 'demonym') return true;
    }
    return false;
  };
}

/** Whether a number at [start, end) is part of a date ("October 16", "16 Oct"). */
function nextToMonth(text: string, start: number, end: number): boolean {
  const before = readWordBeforeLoose(text, start);
  if (before !== null && MONTH_WORDS.has(before.lower) && before.capital) return true;
  const after = readWordAt(text, end);
  if (after !== null && after.capital && MONTH_WORDS.has(after.lower)) return true;
  if (after !== null && after.lower === 'of') {
    const m = readWordAt(text, after.end);
    if (m !== null && m.capital && MONTH_WORDS.has(m.lower)) return true;
  }
  return false;
}

/** Second number of a range after a ("-", "to", "and" after "between"); null when there is none. */
function rangeEnd(text: string, a: NumberExpr, allowAnd: boolean): NumberExpr | null {
  let p = a.end;
  const n = text.length;
  while (p < n && isSpace(text.charCodeAt(p))) p++;
  const c = text.charCodeAt(p);
  let q = -1;
  if (isHyphen(c) || c === 0x2013 || c === 0x2014) q = p + 1;
  else {
    const w = readWordAt(text, p);
    if (w !== null && (w.lower === 'to' || (allowAnd && w.lower === 'and'))) q = w.end;
  }
  if (q < 0) return null;
  while (q < n && isSpace(text.charCodeAt(q))) q++;
  // "$5bn-$7bn": a repeated currency symbol.
  if (q < n && CURRENCY_SYMBOLS.has(text[q] ?? '')) q++;
  if (q < n && isDigit(text.charCodeAt(q))) return a.spelled ? null : parseDigits(text, q);
  if (a.spelled) return parseSpelled(text, q);
  return null;
}

/** Words that may sit between "of" and a vague quantity's noun ("thousands of its own soldiers"). */
function skipDeterminers(words: readonly Word[], from: number): number {
  let i = from;
  while (i < words.length && (DETERMINERS.has(words[i]?.lower ?? '') || words[i]?.lower === 'own')) i++;
  return i;
}

/** Tag result builder: applies noun, casualty and territory rules after the number and its qualifier. */
class FigureScanner {
  readonly out: FigureEntity[] = [];
  private consumed = 0;
  private skippedEnd = -10;
  private readonly isDemonym: (w: Word) => boolean;

  constructor(
    private readonly text: string,
    private readonly countries: readonly CountryEntity[],
  ) {
    this.isDemonym = isDemonymIn(countries);
  }

  run(): void {
    const text = this.text;
    TRIGGER.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = TRIGGER.exec(text)) !== null) {
      const i = m.index;
      let next = i + m[0].length;
      if (i >= this.consumed) {
        const end = isDigit(text.charCodeAt(i)) ? this.fromDigits(i) : this.fromWord(i, m[0].toLowerCase());
        if (end > next) next = end;
      }
      if (next <= i) next = i + 1;
      TRIGGER.lastIndex = Math.max(next, this.consumed);
    }
  }

  /** End of the alphanumeric run at i, to skip codes like "M142" or "2A6" at once. */
  private skipRun(i: number): number {
    let j = i;
    const t = this.text;
    while (j < t.length) {
      const c = t.charCodeAt(j);
      if (isLetter(c) || isDigit(c)) j++;
      else if ((c === 46 || c === 44 || c === 47 || c === 58 || isHyphen(c)) && isDigit(t.charCodeAt(j + 1))) j++;
      else break;
    }
    return j;
  }

  private fromDigits(i: number): number {
    const t = this.text;
    const prev = i > 0 ? t.charCodeAt(i - 1) : 32;
    // Inside a code or date ("Su-34", "M142", "16.10.2024", "2-0"), phone numbers and list marks.
    if (isLetter(prev) || isDigit(prev) || prev === 43 || prev === 35) return this.skipRun(i);
    if ((isHyphen(prev) || prev === 0x2013 || prev === 47 || prev === 46 || prev === 58 || prev === 44) && i > 1) {
      const pp = t.charCodeAt(i - 2);
      if (isLetter(pp) || isDigit(pp)) return this.skipRun(i);
    }
    // Phone numbers: "1-800-555-0199", "+7 495 123-45-67".
    RE_PHONE.lastIndex = i;
    const phone = RE_PHONE.exec(t);
    if (phone !== null && RE_PHONE_SHAPE.test(phone[0])) return i + phone[0].length;
    const a = parseDigits(t, i);
    if (a === null) return this.skipRun(i);
    const after = t.charCodeAt(a.end);
    // Ordinals, codes with letters, clock times, dotted dates.
    if (a.end < t.length && (isLetter(after) || ((after === 58 || after === 47 || after === 46) && isDigit(t.charCodeAt(a.end + 1))))) {
      return this.skipRun(i);
    }
    // List numbering "1." / "2)" at a line start, "(3)".
    if ((after === 46 || after === 41) && atLineStart(t, i)) return a.end + 1;
    if (prev === 40 && after === 41) return a.end + 1;
    return this.finish(a, moneyBefore(t, i));
  }

  private fromWord(i: number, lower: string): number {
    const t = this.text;
    const w = readWordAt(t, i);
    if (w === null) return i + 1;
    const magnitude = VAGUE_WORDS.get(w.lower);
    if (magnitude !== undefined) return this.vague(w, magnitude);
    const scale = SCALE_WORDS.get(lower);
    if (scale !== undefined) {
      // "a dozen", "a thousand", "a few thousand", "several hundred", "half a million".
      const before = readWordsBefore(t, w.start, 3);
      const b0 = before[0];
      if (b0 === undefined) return w.end;
      const parsed = this.parseLeadingScale(w);
      if (parsed === null) return w.end;
      if (FEW_WORDS.has(b0.lower) || (b0.lower === 'of' && before[1]?.lower === 'couple')) {
        const startWord = b0.lower === 'few' || b0.lower === 'couple' ? before[1] : b0;
        const s = startWord?.lower === 'a' ? startWord.start : b0.lower === 'of' ? (before[2]?.start ?? b0.start) : b0.start;
        const real = b0.lower === 'few' && startWord?.lower !== 'a' ? b0.start : s;
        return this.finishVague(real, parsed.end, parsed.value, w.end);
      }
      if (b0.lower === 'a' || b0.lower === 'one') {
        if (before[1]?.lower === 'half' && scale !== 12) {
          return this.finish({ ...parsed, start: before[1].start, value: parsed.value / 2 }, null);
        }
        return this.finish({ ...parsed, start: b0.start }, moneyBefore(t, b0.start));
      }
      return w.end;
    }
    if (w.text.includes('-') || w.text.includes('\u2010')) {
      const parts = w.lower.split(/[-\u2010]/);
      const numParts = parseSpelled(t, i);
      if (numParts === null || numParts.end < w.end) {
        // "six-time", "two-day", "one-third": not figures; "five-strong"/"ten-plus" are handled below.
        const tail = parts[parts.length - 1] ?? '';
        if (tail !== 'strong' && tail !== 'plus') return w.end;
        const head = parseSpelled(t, i);
        if (head === null) return w.end;
        return this.finish(head, null);
      }
    }
    const a = parseSpelled(t, i);
    if (a === null) return w.end;
    return this.finish(a, null);
  }

  /** "thousand" after "a"/"few" parsed as one number with its following scales ("a hundred thousand"). */
  private parseLeadingScale(w: Word): NumberExpr | null {
    let value = 1;
    let end = w.start;
    let p = w.start;
    let scale = 1;
    for (let k = 0; k < 4; k++) {
      const x = readWordAt(this.text, p);
      if (x === null) break;
      const s = SCALE_WORDS.get(x.lower);
      if (s === undefined || x.lower === 'mln' || x.lower === 'mn' || x.lower === 'bn' || x.lower === 'bln' || x.lower === 'tn') break;
      value *= s;
      scale = Math.max(scale, s);
      end = x.end;
      p = x.end;
    }
    if (end === w.start) return null;
    return { start: w.start, end, value, bare: false, spelled: true, scale, ambiguousM: false };
  }

  /** "thousands of", "tens of thousands of", "dozens of": vague with the magnitude as min. */
  private vague(w: Word, magnitude: number): number {
    const words = readWordsAfter(this.text, w.end, 10);
    let mag = magnitude;
    let end = w.end;
    let idx = 0;
    // "tens of thousands", "hundreds of thousands of".
    const w1 = words[1];
    if (words[0]?.lower === 'of' && w1 !== undefined && (magnitude === 10 || magnitude === 100 || magnitude === 12)) {
      const inner = VAGUE_WORDS.get(w1.lower);
      if (inner !== undefined && inner >= 1000) {
        mag = magnitude * inner;
        end = w1.end;
        idx = 2;
      }
    }
    if (words[idx]?.lower !== 'of') return end;
    // "many thousands of" keeps "many"; qualifiers before vague numbers are rare and stay outside.
    const b = readWordBefore(this.text, w.start);
    const start = b !== null && (b.lower === 'many' || b.lower === 'several') ? b.start : w.start;
    return this.finishVague(start, end, mag, end);
  }

  /** Emits a vague figure whose number words end at numEnd; the noun phrase follows ("of" optional). */
  private finishVague(start: number, numEnd: number, mag: number, fallbackEnd: number): number {
    const words = readWordsAfter(this.text, numEnd, 10);
    let from = 0;
    if (words[0]?.lower === 'of') from = skipDeterminers(words, 1);
    const money = moneyAfter(this.text, words.slice(from));
    if (money !== null) {
      const last = words[from + money.last];
      if (last === undefined) return fallbackEnd;
      return this.push({ start, end: last.end, value: null, min: mag * money.factor, max: null, approx: true, qualifier: 'vague', unit: money.code, category: 'money' });
    }
    const head = findHead(words, from, this.isDemonym);
    if (head === null || head.measure) return fallbackEnd;
    const hw = words[head.head];
    if (hw === undefined) return fallbackEnd;
    const category = this.categoryOf(words, from, head.head, head.nounCategory, start);
    return this.push({ start, end: hw.end, value: null, min: mag, max: null, approx: true, qualifier: 'vague', unit: this.unitOf(head.unit), category });
  }

  private unitOf(unit: string): string {
    return ADJECTIVAL_HEADS.has(unit) ? 'people' : unit;
  }

  private categoryOf(words: readonly Word[], from: number, head: number, nounCategory: FigureCategory | null, start: number): FigureCategory {
    if (nounCategory === 'equipment' || nounCategory === 'casualties') return nounCategory;
    const hw = words[head];
    const human = head < 0 || nounCategory === 'personnel' || (hw !== undefined && (CIVILIAN_NOUNS.has(hw.lower) || hw.capital));
    if (!human) return nounCategory ?? 'other';
    // "Rafale fighters" are aircraft.
    const prev = words[head - 1];
    if (hw?.lower === 'fighters' && prev !== undefined && AIRCRAFT_NAMES.has(prev.lower)) return 'equipment';
    if (head >= 0 && hasCasualtyCue(words, from, head)) return 'casualties';
    // "killed 12 people", "killing at least 30 civilians", "... 11 people, including two children".
    const before = readWordsBefore(this.text, start, 2);
    for (const b of before) if (CASUALTY_CUES.has(b.lower) || b.lower === 'wounding' || b.lower === 'injuring') return 'casualties';
    const prevFig = this.out[this.out.length - 1];
    if (before[0]?.lower === 'including' && prevFig?.category === 'casualties' && start - prevFig.end < 40) return 'casualties';
    return nounCategory ?? 'other';
  }

  /** Marks a number skipped as an identifier, age or date part, for "aged 21 and 19". */
  private skip(end: number): number {
    this.skippedEnd = end;
    return end;
  }

  private push(d: Draft): number {
    const t = this.text;
    const end = d.end;
    this.out.push({
      text: t.slice(d.start, end),
      start: d.start,
      end,
      value: d.value,
      min: d.min,
      max: d.max,
      approx: d.approx,
      qualifier: d.qualifier,
      unit: d.unit,
      category: d.category,
      country: countryInside(this.countries, d.start, end),
    });
    this.consumed = end;
    return end;
  }

  /** Range, qualifier, money, percent, area, noun and exclusions for one parsed number. */
  private finish(a0: NumberExpr, money0: Money | null): number {
    const t = this.text;
    let a = a0;
    let money = money0;
    const before = readWordBefore(t, money?.start ?? a.start);
    const loose = readWordBeforeLoose(t, money?.start ?? a.start);
    // Identifiers and ages ("resolution 2231", "aged 25", "No. 617") and day numbers of dates.
    if (loose !== null && IDENTIFIER_WORDS.has(loose.lower) && money === null) return this.skip(a.end);
    if (a.bare && nextToMonth(t, a.start, a.end)) return this.skip(a.end);
    // "aged 21 and 19": the second of a pair of skipped numbers.
    if ((before?.lower === 'and' || before?.lower === 'or') && before.start - this.skippedEnd <= 2 && before.start > this.skippedEnd - 1) return this.skip(a.end);
    // A number after a capitalised name is a designation ("Task Force 51", "Panzerbrigade 45") unless it counts a known noun.
    const nameBefore = before !== null && before.capital && !before.numeric && money === null && !startsSentence(t, before.start) &&
      !QUALIFIER_FIRST_WORDS.has(before.lower) && before.lower !== 'between' && !MONTH_WORDS.has(before.lower);
    const isBetween = before?.lower === 'between';
    let b = money !== null || !a.bare || a.value < 1900 || a.value > 2100 || a.spelled ? rangeEnd(t, a, isBetween) : null;
    if (b !== null && a.bare && b.bare && b.value >= 1900 && b.value <= 2100 && a.value >= 1900) b = null;
    let min: number | null = null;
    let max: number | null = null;
    let value: number | null = a.value;
    let qualifier: FigureQualifier = 'exactly';
    let approx = false;
    let start = money?.start ?? a.start;
    let end = a.end;
    if (b !== null) {
      const hyphen = !/[a-z]/i.test(t.slice(a.end, b.start));
      let av = a.value;
      if (a.scale === 1 && b.scale > 1 && av * b.scale <= b.value) av *= b.scale;
      if (av < b.value && av > 0) {
        const from = before?.lower === 'from';
        if (!from) {
          min = av;
          max = b.value;
          value = null;
          qualifier = 'range';
          end = b.end;
          a = { ...a, ambiguousM: a.ambiguousM || b.ambiguousM };
          if (isBetween && before !== null) start = before.start;
        }
      } else if (hyphen && a.bare && b.bare) {
        // "2-0", "3-1": scores, not figures.
        return b.end;
      } else if (!hyphen && av === b.value) {
        // Nothing.
      }
    }
    if (qualifier !== 'range') {
      const q = qualifierBefore(t, start);
      if (q !== null) {
        qualifier = q.qualifier;
        approx = q.qualifier === 'about';
        if (q.qualifier === 'at_least') min = a.value;
        if (q.maxIsValue) max = a.value;
        start = q.start;
      }
    }
    const n = t.length;
    // Suffixes glued to the number: "%", "+", "-strong", "-plus", "-year-old".
    let c = t.charCodeAt(end);
    if (c === 37 || (isSpace(c) && t.charCodeAt(end + 1) === 37)) {
      return this.push({ start, end: c === 37 ? end + 1 : end + 2, value, min, max, approx, qualifier, unit: 'percent', category: 'percent' });
    }
    let nounFrom = end;
    if (c === 43 && !isDigit(t.charCodeAt(end + 1))) {
      qualifier = 'at_least';
      min = value;
      max = null;
      approx = false;
      end += 1;
      nounFrom = end;
    } else if ((isHyphen(c) || c === 0x2013) && end + 1 < n && isLetter(t.charCodeAt(end + 1))) {
      const w = readWordAt(t, end + 1);
      if (w === null) return end;
      const first = w.lower.split(/[-\u2010]/)[0] ?? '';
      if (first === 'plus') {
        qualifier = 'at_least';
        min = value;
        max = null;
        approx = false;
        end = w.end;
        nounFrom = end;
      } else if (first === 'odd') {
        qualifier = 'about';
        approx = true;
        end = w.end;
        nounFrom = end;
      } else if (first === 'strong') {
        end = w.end;
        nounFrom = end;
      } else {
        // "25-year-old", "40-km", "12-member": adjectival compounds are not counts.
        return w.end;
      }
    }
    const words = readWordsAfter(t, nounFrom, 8);
    // "or more", "or so".
    if (words[0]?.lower === 'or' && (words[1]?.lower === 'more' || words[1]?.lower === 'so') && qualifier === 'exactly') {
      const w1 = words[1];
      if (w1 !== undefined) {
        qualifier = w1.lower === 'more' ? 'at_least' : 'about';
        if (qualifier === 'at_least') min = value;
        approx = qualifier === 'about';
        words.splice(0, 2);
        end = w1.end;
      }
    }
    // Percent words.
    const w0 = words[0];
    if (w0 !== undefined && (w0.lower === 'percent' || w0.lower === 'pct' || (w0.lower === 'per' && words[1]?.lower === 'cent'))) {
      const last = w0.lower === 'per' ? words[1] : w0;
      let e = last?.end ?? w0.end;
      const pts = w0.lower === 'per' ? undefined : words[1];
      if (pts !== undefined && pts.lower === 'points') e = pts.end;
      return this.push({ start, end: e, value, min, max, approx, qualifier, unit: 'percent', category: 'percent' });
    }
    // Money.
    const after = money === null ? moneyAfter(t, words) : null;
    if (money !== null || after !== null) {
      const factor = after?.factor ?? 1;
      const e = after !== null ? (words[after.last]?.end ?? end) : end;
      const scaleBy = (x: number | null): number | null => (x === null ? null : Math.round(x * factor * 1e6) / 1e6);
      return this.push({ start, end: e, value: scaleBy(value), min: scaleBy(min), max: scaleBy(max), approx, qualifier, unit: money?.code ?? after?.code ?? 'USD', category: 'money' });
    }
    // Area: "500 square kilometres", "300 sq km", "1,000 hectares", only as territory.
    const area = this.area(words);
    if (area >= 0) {
      const last = words[area];
      if (last === undefined || !this.isTerritory(start, words, area)) return last?.end ?? end;
      const unit = t.slice(words[0]?.start ?? end, last.end).toLowerCase().replace(/\s+/g, ' ');
      return this.push({ start, end: last.end, value, min, max, approx, qualifier, unit, category: 'area' });
    }
    // Partitive "18 of the soldiers": the number alone, unit from the noun after.
    if (w0?.lower === 'of' && words[1] !== undefined && DETERMINERS.has(words[1].lower)) {
      if (a.spelled && a.value === 1) return end;
      const from = skipDeterminers(words, 1);
      // "3 of the 4 boats": the second number is its own figure, its noun is ours too.
      let hf = from;
      const wn = words[from];
      if (wn !== undefined && (wn.numeric || parseSpelled(t, wn.start) !== null)) hf = from + 1;
      const head = findHead(words, hf, this.isDemonym);
      const unit = head !== null && !head.measure ? this.unitOf(head.unit) : null;
      if (head !== null && head.measure) return end;
      const category = head !== null ? this.categoryOf(words, hf, head.head, head.nounCategory, start) : 'other';
      return this.push({ start, end, value, min, max, approx, qualifier, unit, category });
    }
    const head = findHead(words, 0, this.isDemonym);
    if (head !== null && head.measure) return words[head.head]?.end ?? end;
    if (nameBefore && (head === null || head.nounCategory === null || (head.head !== 0 && w0 !== undefined && !w0.capital))) return end;
    // Clock times "6 p.m.", "at 2 a.m.".
    if ((w0?.lower === 'a' || w0?.lower === 'p') && t.charCodeAt(w0.end) === 46 && (t[w0.end + 1] ?? '').toLowerCase() === 'm') return end;
    // Decimals do not count whole things ("a 6.2 earthquake").
    if (!Number.isInteger(a.value) && head !== null) return end;
    if (a.ambiguousM && head === null) return end;
    // Years alone are dates, not figures, unless they count something ("2000 troops").
    if (a.bare && a.value >= 1900 && a.value <= 2100 && qualifier === 'exactly' && !isCountedYear(t, a.end)) return end;
    if (head === null) {
      // The number alone takes its unit from the figure before it ("killed 94 people ... and 13 in Malawi").
      // Prefer the last figure that counts people or things over one that counts places ("six states").
      let prevFig = this.out[this.out.length - 1];
      for (let k = this.out.length - 1; k >= 0 && k >= this.out.length - 3; k--) {
        const f = this.out[k];
        if (f !== undefined && f.category !== 'other' && !/[.!?]\s/.test(t.slice(f.end, start))) {
          prevFig = f;
          break;
        }
      }
      const bw = readWordBefore(t, start);
      const fromContext = prevFig !== undefined && prevFig.unit !== null && prevFig.category !== 'money' && prevFig.category !== 'percent' &&
        start - prevFig.end < 160 && !/[.!?]\s/.test(t.slice(prevFig.end, start));
      // A spelled number needs a noun, a qualifier or a unit from context; "one" always needs a noun.
      if (a.spelled && (a.value === 1 || (qualifier === 'exactly' && !(fromContext && bw !== null && CONTEXT_BARE_BEFORE.has(bw.lower))))) return end;
      if (a.bare && a.value === 0) return end;
      // A name follows ("16 Air Assault Brigade"): a designation, not a count.
      if (w0 !== undefined && w0.capital && !this.isDemonym(w0)) return end;
      if (fromContext && prevFig !== undefined) {
        return this.push({ start, end, value, min, max, approx, qualifier, unit: prevFig.unit, category: prevFig.category });
      }
      const next = words[0];
      if (next !== undefined && CASUALTY_CUES.has(next.lower)) {
        return this.push({ start, end, value, min, max, approx, qualifier, unit: 'people', category: 'casualties' });
      }
      const category = this.categoryOf(words, 0, -1, 'personnel', start) === 'casualties' ? 'casualties' : 'other';
      return this.push({ start, end, value, min, max, approx, qualifier, unit: null, category });
    }
    const hw = words[head.head];
    if (hw === undefined) return end;
    if (a.spelled && a.value === 1) {
      const b1 = readWordBefore(t, start);
      if (head.nounCategory === null || (b1 !== null && ONE_BLOCKERS.has(b1.lower))) return end;
      if (words[0] !== undefined && words[0].lower === 'another') return end;
    }
    const category = this.categoryOf(words, 0, head.head, head.nounCategory, start);
    return this.push({ start, end: hw.end, value, min, max, approx, qualifier, unit: this.unitOf(head.unit), category });
  }

  /** Index of the last word of an area unit at the start of words, or -1. */
  private area(words: readonly Word[]): number {
    const w0 = words[0];
    if (w0 === undefined) return -1;
    if (w0.lower === 'square' || w0.lower === 'sq') {
      const w1 = words[1];
      if (w1 !== undefined && MEASURE_WORDS.has(w1.lower)) return 1;
      return -1;
    }
    if (AREA_WORDS.has(w0.lower)) return 0;
    return -1;
  }

  /** Territory amounts: a capture/loss verb before, or "of territory/land" after. */
  private isTerritory(start: number, words: readonly Word[], last: number): boolean {
    if (words[last + 1]?.lower === 'of') {
      const x = words[last + 2]?.lower;
      if (x === 'territory' || x === 'land' || x === 'ukrainian' || x === 'russian') return true;
    }
    const before = readWordsBefore(this.text, start, 4);
    for (const w of before) if (TERRITORY_CUES.has(w.lower)) return true;
    // Amounts of land are figures; the size of one thing is not ("a lake covering 300 square kilometres").
    for (const w of before) if (AREA_SIZE_CUES.has(w.lower)) return false;
    return true;
  }
}

/** Finds figures in one text (offsets into that text). Never throws. */
export function tagFigures(text: string, context: KindContext): FigureEntity[] {
  try {
    if (typeof text !== 'string' || text.length === 0) return [];
    const scanner = new FigureScanner(text, Array.isArray(context?.countries) ? context.countries : []);
    scanner.run();
    return scanner.out;
  } catch {
    return [];
  }
}
