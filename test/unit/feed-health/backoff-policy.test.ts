import { describe, expect, it } from 'vitest';
import { checkPollDue, decideNextPoll, failureWeight, hintedIntervalSeconds, pollPolicyFor, type PollObservation } from '../../../src/feed-health/backoff-policy.ts';

const NOW = new Date('2025-01-01T00:00:00.000Z');
const SETTINGS = { minIntervalSeconds: 600, maxIntervalSeconds: 2_400, backoffCapSeconds: 86_400 };
const fail = (errorKind: string, extra: Partial<{ status: number | null; retryAfterSeconds: number | null }> = {}): PollObservation =>
  ({ kind: 'failure', errorKind, status: extra.status ?? null, retryAfterSeconds: extra.retryAfterSeconds ?? null });

describe('decideNextPoll: failures', () => {
  it.each([
    ['http_5xx', 0, 1, 1_200],
    ['timeout', 1, 2, 2_400],
    ['connection', 3, 4, 9_600],
    ['dns', 0, 2, 2_400],
    ['tls', 2, 4, 9_600],
    ['not_found', 0, 2, 2_400],
    ['bad_url', 0, 2, 2_400],
  ])('when a %s failure follows backoff level %i, then the level becomes %i and the delay %is', (kind, level, nextLevel, delay) => {
    const decision = decideNextPoll({ backoffLevel: level }, fail(kind), NOW, SETTINGS);
    expect(decision.backoffLevel).toBe(nextLevel);
    expect(decision.delaySeconds).toBe(delay);
    expect(decision.nextPollAt).toBe(new Date(NOW.getTime() + delay * 1_000).toISOString());
  });

  it('when failures keep coming, then the delay grows but never passes the cap', () => {
    let state = { backoffLevel: 0 };
    const delays: number[] = [];
    for (let i = 0; i < 40; i++) {
      const decision = decideNextPoll(state, fail('http_5xx'), NOW, SETTINGS);
      delays.push(decision.delaySeconds);
      state = { backoffLevel: decision.backoffLevel };
    }
    expect(delays.slice(0, 3)).toEqual([1_200, 2_400, 4_800]);
    expect(Math.max(...delays)).toBe(86_400);
    expect(delays.at(-1)).toBe(86_400);
    expect(delays.every((delay, index) => index === 0 || delay >= delays[index - 1]!)).toBe(true);
  });

  it('when hard failures are weighted, then they reach the cap in fewer polls than soft ones', () => {
    const pollsToCap = (kind: string): number => {
      let level = 0;
      for (let polls = 1; ; polls++) {
        const decision = decideNextPoll({ backoffLevel: level }, fail(kind), NOW, SETTINGS);
        if (decision.delaySeconds >= 86_400) return polls;
        level = decision.backoffLevel;
      }
    };
    expect(pollsToCap('dns')).toBeLessThan(pollsToCap('timeout'));
    expect(failureWeight('tls')).toBe(2);
    expect(failureWeight('http_5xx')).toBe(1);
  });

  it('when the feed is gone (410), then it goes straight to the cap', () => {
    const decision = decideNextPoll({ backoffLevel: 0 }, fail('gone', { status: 410 }), NOW, SETTINGS);
    expect(decision.delaySeconds).toBe(86_400);
    expect(decision.reason).toContain('gone');
  });

  it.each([
    ['429 with Retry-After', fail('rate_limited', { status: 429, retryAfterSeconds: 7_200 }), 7_200],
    ['503 with Retry-After', fail('http_5xx', { status: 503, retryAfterSeconds: 3_000 }), 3_000],
    ['429 with a Retry-After shorter than the interval', fail('rate_limited', { status: 429, retryAfterSeconds: 5 }), 600],
    ['429 with a Retry-After beyond the cap', fail('rate_limited', { status: 429, retryAfterSeconds: 999_999 }), 86_400],
    ['500 with Retry-After (not honoured)', fail('http_5xx', { status: 500, retryAfterSeconds: 7_200 }), 1_200],
    ['429 without Retry-After', fail('rate_limited', { status: 429 }), 1_200],
  ])('when %s, then the delay is %is', (_label, observation, delay) => {
    expect(decideNextPoll({}, observation, NOW, SETTINGS).delaySeconds).toBe(delay);
  });
});

describe('decideNextPoll: success and adaptive polling', () => {
  it('when a failing feed succeeds, then the backoff resets to the configured interval', () => {
    const decision = decideNextPoll({ backoffLevel: 12, quietPolls: 0 }, { kind: 'success', newItems: 3 }, NOW, SETTINGS);
    expect(decision).toMatchObject({ backoffLevel: 0, quietPolls: 0, delaySeconds: 600 });
  });

  it('when polls bring nothing new, then the interval stretches up to the max bound and new items snap it back', () => {
    let quietPolls = 0;
    const delays: number[] = [];
    for (let i = 0; i < 6; i++) {
      const decision = decideNextPoll({ quietPolls }, i % 2 === 0 ? { kind: 'not-modified' } : { kind: 'success', newItems: 0 }, NOW, SETTINGS);
      delays.push(decision.delaySeconds);
      quietPolls = decision.quietPolls;
    }
    expect(delays).toEqual([900, 1_350, 2_025, 2_400, 2_400, 2_400]);
    expect(decideNextPoll({ quietPolls }, { kind: 'success', newItems: 1 }, NOW, SETTINGS).delaySeconds).toBe(600);
  });

  it.each([
    ['ttl of 20 minutes', { ttlMinutes: 20 }, 1_200],
    ['sy:updatePeriod of 30 minutes', { updatePeriodSeconds: 1_800 }, 1_800],
    ['max-age of 60 s (below the min bound)', { maxAgeSeconds: 60 }, 600],
    ['ttl of a day (above the max bound)', { ttlMinutes: 1_440 }, 2_400],
    ['several hints: the longest wins', { ttlMinutes: 15, maxAgeSeconds: 1_000, updatePeriodSeconds: 1_100 }, 1_100],
    ['garbage hints', { ttlMinutes: Number.NaN, maxAgeSeconds: -5 }, 600],
  ])('when the publisher gives %s, then a busy feed is polled every %is', (_label, hints, delay) => {
    expect(decideNextPoll({}, { kind: 'success', newItems: 2, hints }, NOW, SETTINGS).delaySeconds).toBe(delay);
  });

  it('when hints are absent, then hintedIntervalSeconds is null', () => {
    expect(hintedIntervalSeconds(undefined)).toBeNull();
    expect(hintedIntervalSeconds({ ttlMinutes: null, maxAgeSeconds: null })).toBeNull();
  });

  it('when settings are nonsense, then the decision is still a finite date', () => {
    const decision = decideNextPoll({ backoffLevel: -3, quietPolls: Number.NaN }, fail('dns'), NOW, { minIntervalSeconds: 0, maxIntervalSeconds: -1, backoffCapSeconds: Number.NaN });
    expect(Number.isFinite(Date.parse(decision.nextPollAt))).toBe(true);
    expect(decision.delaySeconds).toBeGreaterThan(0);
  });

  it('when bounds come from the schedule settings, then max is the factor times the interval within maxInterval', () => {
    expect(pollPolicyFor(600, { maxInterval: 86_400, backoffCapSeconds: 86_400, adaptiveMaxFactor: 4 })).toEqual(SETTINGS);
    expect(pollPolicyFor(600, { maxInterval: 900, backoffCapSeconds: 300, adaptiveMaxFactor: 4 })).toEqual({ minIntervalSeconds: 600, maxIntervalSeconds: 900, backoffCapSeconds: 600 });
  });
});

describe('checkPollDue', () => {
  const later = (seconds: number): string => new Date(NOW.getTime() + seconds * 1_000).toISOString();
  it.each([
    ['no state yet', {}, true, true],
    ['disabled', { disabled: true }, false, false],
    ['disabled (manual poll too)', { disabled: true }, true, false],
    ['due in an hour, scheduled', { nextPollAt: later(3_600) }, true, false],
    ['due in an hour, manual poll', { nextPollAt: later(3_600) }, false, true],
    ['due in 10 s (within the grace)', { nextPollAt: later(10) }, true, true],
    ['due in the past', { nextPollAt: later(-60) }, true, true],
    ['unparseable nextPollAt', { nextPollAt: 'soon' }, true, true],
  ])('when %s, then due is as expected', (_label, state, scheduled, due) => {
    expect(checkPollDue(state, NOW, 600, scheduled).due).toBe(due);
  });
});
