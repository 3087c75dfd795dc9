import type { FeedState } from '../model/index.ts';

/** Per-feed bounds for the policy, in seconds. */
export interface PollPolicySettings {
  /** The feed's configured interval: the lower bound of every delay (the scheduler cannot poll faster anyway). */
  minIntervalSeconds: number;
  /** Upper bound for adaptive polling of a healthy feed. */
  maxIntervalSeconds: number;
  /** Upper bound for a failing feed's backoff; a broken feed keeps being polled at this interval. */
  backoffCapSeconds: number;
}

/** Publisher hints about how often the feed changes (any may be absent). */
export interface UpdateHints {
  ttlMinutes?: number | null;
  updatePeriodSeconds?: number | null;
  maxAgeSeconds?: number | null;
}

export type PollObservation =
  | { kind: 'success'; newItems: number; hints?: UpdateHints }
  | { kind: 'not-modified'; hints?: UpdateHints }
  | { kind: 'failure'; errorKind: string; status: number | null; retryAfterSeconds: number | null };

export interface PollDecision {
  nextPollAt: string;
  delaySeconds: number;
  backoffLevel: number;
  quietPolls: number;
  /** One short phrase for logs and status: why this delay. */
  reason: string;
}

/** Failures that rarely fix themselves within minutes: they climb the backoff twice as fast. */
export const HARD_FAILURE_KINDS: ReadonlySet<string> = new Set(['dns', 'tls', 'bad_url', 'gone', 'not_found']);

// 2^30 intervals exceeds any sane cap; bounding the level keeps the arithmetic finite.
const MAX_BACKOFF_LEVEL = 30;
// Each poll without new items stretches the interval by this factor (until the max bound).
const QUIET_GROWTH = 1.5;
const MAX_QUIET_POLLS = 20;

/** Backoff levels a failure of this kind adds. */
export function failureWeight(errorKind: string): number {
  return HARD_FAILURE_KINDS.has(errorKind) ? 2 : 1;
}

function clamp(value: number, low: number, high: number): number {
  return Math.min(high, Math.max(low, value));
}

function positive(value: number | null | undefined): number | null {
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : null;
}

/** The longest interval the publisher asks for (ttl, sy:updatePeriod, max-age), or null without hints. */
export function hintedIntervalSeconds(hints: UpdateHints | undefined): number | null {
  if (hints === undefined) return null;
  const ttlMinutes = positive(hints.ttlMinutes);
  let best: number | null = ttlMinutes === null ? null : ttlMinutes * 60;
  for (const value of [positive(hints.updatePeriodSeconds), positive(hints.maxAgeSeconds)]) {
    if (value !== null && (best === null || value > best)) best = value;
  }
  return best;
}

function sanitize(settings: PollPolicySettings): PollPolicySettings {
  const min = positive(settings.minIntervalSeconds) ?? 60;
  return {
    minIntervalSeconds: min,
    maxIntervalSeconds: Math.max(min, positive(settings.maxIntervalSeconds) ?? min),
    backoffCapSeconds: Math.max(min, positive(settings.backoffCapSeconds) ?? 86_400),
  };
}

/**
 * Pure: when to poll a feed next after this poll. Failures back off exponentially from the feed's interval
 * (hard kinds weigh double), capped; 410 goes straight to the cap; Retry-After replaces the exponential delay;
 * success resets the backoff and adapts the interval to publisher hints and recent quiet polls.
 */
export function decideNextPoll(
  state: Pick<FeedState, 'backoffLevel' | 'quietPolls'>,
  observation: PollObservation,
  now: Date,
  rawSettings: PollPolicySettings,
): PollDecision {
  const settings = sanitize(rawSettings);
  const min = settings.minIntervalSeconds;
  const level = clamp(Math.floor(positive(state.backoffLevel) ?? 0), 0, MAX_BACKOFF_LEVEL);
  const quiet = clamp(Math.floor(positive(state.quietPolls) ?? 0), 0, MAX_QUIET_POLLS);
  const decide = (delaySeconds: number, backoffLevel: number, quietPolls: number, reason: string): PollDecision => {
    const delay = Math.round(delaySeconds);
    return { nextPollAt: new Date(now.getTime() + delay * 1_000).toISOString(), delaySeconds: delay, backoffLevel, quietPolls, reason };
  };

  if (observation.kind === 'failure') {
    const cap = settings.backoffCapSeconds;
    if (observation.errorKind === 'gone') return decide(cap, MAX_BACKOFF_LEVEL, quiet, 'gone: backed off to the cap');
    const nextLevel = Math.min(MAX_BACKOFF_LEVEL, level + failureWeight(observation.errorKind));
    const retryAfter = positive(observation.retryAfterSeconds);
    const honoursRetryAfter = observation.errorKind === 'rate_limited' || observation.status === 503;
    if (honoursRetryAfter && retryAfter !== null) {
      return decide(clamp(retryAfter, min, cap), nextLevel, quiet, `Retry-After ${retryAfter}s`);
    }
    const exponential = Math.min(cap, min * 2 ** nextLevel);
    return decide(exponential, nextLevel, quiet, exponential >= cap ? 'failing: backoff at the cap' : `failing: backoff level ${nextLevel}`);
  }

  const hinted = hintedIntervalSeconds(observation.hints);
  const base = clamp(hinted ?? min, min, settings.maxIntervalSeconds);
  const hadNewItems = observation.kind === 'success' && observation.newItems > 0;
  const nextQuiet = hadNewItems ? 0 : Math.min(MAX_QUIET_POLLS, quiet + 1);
  const delay = clamp(base * QUIET_GROWTH ** nextQuiet, min, settings.maxIntervalSeconds);
  const why = hinted !== null ? `publisher hint ${hinted}s` : 'configured interval';
  return decide(delay, 0, nextQuiet, nextQuiet === 0 ? why : `${why}, ${nextQuiet} quiet polls`);
}

export type PollGate = { due: true } | { due: false; reason: 'disabled' | 'not-due'; nextPollAt?: string };

/**
 * Pure: whether a poll should run now. Disabled feeds never are; scheduled polls wait for nextPollAt, with a
 * grace of a quarter interval (at most 30 s) so scheduler jitter does not skip a poll that is due.
 */
export function checkPollDue(state: Pick<FeedState, 'disabled' | 'nextPollAt'>, now: Date, intervalSeconds: number, scheduled: boolean): PollGate {
  if (state.disabled) return { due: false, reason: 'disabled' };
  if (!scheduled || state.nextPollAt === undefined) return { due: true };
  const dueAtMs = Date.parse(state.nextPollAt);
  if (!Number.isFinite(dueAtMs)) return { due: true };
  const graceMs = Math.min(30_000, Math.max(0, intervalSeconds) * 250);
  return now.getTime() + graceMs >= dueAtMs ? { due: true } : { due: false, reason: 'not-due', nextPollAt: state.nextPollAt };
}

/** The policy bounds for a feed from the configured schedule settings. */
export function pollPolicyFor(
  intervalSeconds: number,
  schedule: { maxInterval: number; backoffCapSeconds: number; adaptiveMaxFactor: number },
): PollPolicySettings {
  const min = intervalSeconds;
  return {
    minIntervalSeconds: min,
    maxIntervalSeconds: Math.max(min, Math.min(schedule.maxInterval, min * schedule.adaptiveMaxFactor)),
    backoffCapSeconds: Math.max(min, schedule.backoffCapSeconds),
  };
}
