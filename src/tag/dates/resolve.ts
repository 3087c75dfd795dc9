/** A calendar day (month 1-12). */
export interface Day {
  y: number;
  m: number;
  d: number;
}

const RE_ISO_DAY = /^(\d{4})-(\d{2})-(\d{2})/;

/** The publication day as written ("2024-10-17T23:00:00+03:00" → 2024-10-17), else parsed as UTC. */
export function parsePublished(published: string | null | undefined): Day | null {
  if (typeof published !== 'string' || published.length === 0) return null;
  const m = RE_ISO_DAY.exec(published);
  if (m !== null) {
    const day = { y: Number(m[1]), m: Number(m[2]), d: Number(m[3]) };
    return isValidDay(day.y, day.m, day.d) ? day : null;
  }
  const t = Date.parse(published);
  if (!Number.isFinite(t)) return null;
  const dt = new Date(t);
  return { y: dt.getUTCFullYear(), m: dt.getUTCMonth() + 1, d: dt.getUTCDate() };
}

const MONTH_DAYS: readonly number[] = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** Days in month m (1-12) of year y, proleptic Gregorian as Date.UTC counts them. */
export function daysInMonth(y: number, m: number): number {
  // Arithmetic for plain years (a Date per call is slow); Date.UTC keeps its own reading of 0-99 and odd input.
  if (Number.isInteger(y) && y >= 100 && y <= 9999 && Number.isInteger(m) && m >= 1 && m <= 12) {
    if (m === 2) return y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0) ? 29 : 28;
    return MONTH_DAYS[m - 1] ?? 31;
  }
  return new Date(Date.UTC(y, m, 0)).getUTCDate();
}

export function isValidDay(y: number, m: number, d: number): boolean {
  return y >= 1 && m >= 1 && m <= 12 && d >= 1 && d <= daysInMonth(y, m);
}

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

function pad4(n: number): string {
  return String(n).padStart(4, '0');
}

export function isoDay(y: number, m: number, d: number): string {
  return `${pad4(y)}-${pad2(m)}-${pad2(d)}`;
}

export function isoMonth(y: number, m: number): string {
  return `${pad4(y)}-${pad2(m)}`;
}

function compare(a: Day, b: Day): number {
  return a.y !== b.y ? a.y - b.y : a.m !== b.m ? a.m - b.m : a.d - b.d;
}

/** Direction of a date without a year: past (default), future (cue words) or the publication year. */
export type Direction = 'past' | 'future' | 'current';

/** Year of month/day without a year: the latest not after pub for past events, the next for future ones. */
export function yearForDay(pub: Day, m: number, d: number, dir: Direction): number {
  if (dir === 'current') return pub.y;
  const c = compare({ y: pub.y, m, d }, pub);
  if (dir === 'past') return c > 0 ? pub.y - 1 : pub.y;
  return c < 0 ? pub.y + 1 : pub.y;
}

/** Year of a month alone ("in December"); the publication month itself counts as not after. */
export function yearForMonth(pub: Day, m: number, dir: Direction): number {
  if (dir === 'current') return pub.y;
  if (dir === 'past') return m > pub.m ? pub.y - 1 : pub.y;
  return m < pub.m ? pub.y + 1 : pub.y;
}

/** Weekday 0 (Sunday) .. 6 of a day. */
function weekday(day: Day): number {
  return new Date(Date.UTC(day.y, day.m - 1, day.d)).getUTCDay();
}

function addDays(day: Day, n: number): Day {
  const dt = new Date(Date.UTC(day.y, day.m - 1, day.d + n));
  return { y: dt.getUTCFullYear(), m: dt.getUTCMonth() + 1, d: dt.getUTCDate() };
}

/** "on Wednesday": the latest such day not after pub (past), or the next one on or after it (future). */
export function resolveWeekday(pub: Day, target: number, dir: Direction, strict: boolean): Day {
  const w = weekday(pub);
  if (dir === 'future') {
    let delta = (target - w + 7) % 7;
    if (strict && delta === 0) delta = 7;
    return addDays(pub, delta);
  }
  let delta = (w - target + 7) % 7;
  if (strict && delta === 0) delta = 7;
  return addDays(pub, -delta);
}

/** "on the 16th": this month when not after pub, else the month before (or after, for future). */
export function resolveOrdinalDay(pub: Day, d: number, dir: Direction): Day | null {
  let y = pub.y;
  let m = pub.m;
  if (dir === 'future' ? d < pub.d : d > pub.d) {
    m += dir === 'future' ? 1 : -1;
    if (m === 0) {
      m = 12;
      y--;
    } else if (m === 13) {
      m = 1;
      y++;
    }
  }
  return isValidDay(y, m, d) ? { y, m, d } : null;
}
