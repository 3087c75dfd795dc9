import { createHash } from 'node:crypto';
import type { FeedConfig, FeedItem, ParsedFeed } from '../model/index.ts';
import type { FeedStateStore } from '../feed-state/feed-state-store.ts';
import type { SeenItemsStore } from '../feed-state/seen-items.ts';
import type { FetchFeedOptions, FetchOutcome } from '../fetch/http-fetcher.ts';
import { decodeBody, itemKey, parseFeed, recordIdFor } from '../fetch/index.ts';
import type { ArticleJobData, FetchJobResult, ItemJobData } from '../queue/names.ts';
import { checkPollDue, decideNextPoll, type PollObservation, type PollPolicySettings } from '../feed-health/backoff-policy.ts';
import type { HostSlot } from '../politeness/host-politeness.ts';
import { nextCpuTurn } from './cpu-turns.ts';

export interface FetchSettings {
  connectTimeoutMs: number;
  totalTimeoutMs: number;
  maxBodyBytes: number;
  maxRedirects: number;
  userAgent: string;
  /** SSRF guard (see src/app/fetch-settings.ts): connect-time lookup and the check for IP-literal hosts. */
  lookup?: FetchFeedOptions['lookup'];
  checkHost?: FetchFeedOptions['checkHost'];
}

export interface PollFeedDeps {
  fetchFeed: (options: FetchFeedOptions) => Promise<FetchOutcome>;
  state: FeedStateStore;
  seen: SeenItemsStore;
  /** Enqueues new items; idempotent by recordId (the job id). */
  enqueueItems: (jobs: ItemJobData[]) => Promise<void>;
  /** Enqueues article-page fetches (feeds with fetchArticle); without it such feeds go straight to items. */
  enqueueArticles?: (jobs: ArticleJobData[]) => Promise<void>;
  fetchSettings: FetchSettings;
  now?: () => Date;
  /** A poll fired by the feed's scheduler: skipped (no HTTP) while the feed is not due (backoff, adaptive interval). */
  scheduled?: boolean;
  /** Backoff and adaptive-polling bounds; default: the feed's interval, 4x it, 24 h cap. */
  policy?: PollPolicySettings;
  /** Per-host politeness: a slot for the URL's host, or how long to wait (the poll is then deferred, no HTTP). */
  acquireHost?: (url: string) => Promise<HostSlot>;
}

export interface PollFeedResult extends FetchJobResult {
  /** The recordIds enqueued by this poll. */
  enqueued: string[];
  /** Why the poll was skipped: disabled by an operator, not due yet, or its host is busy (retry at deferUntilMs). */
  skipReason?: 'disabled' | 'not-due' | 'host-busy';
  deferUntilMs?: number;
  /** When the feed is due next, as stored in its state. */
  nextPollAt?: string;
  /** Set on the poll that found a new permanent redirect (stored as the feed's URL from now on). */
  redirectedTo?: string;
}

/** The default policy bounds for a feed: its interval up to four times that, failures capped at 24 h. */
export function defaultPollPolicy(feed: FeedConfig): PollPolicySettings {
  return { minIntervalSeconds: feed.intervalSeconds, maxIntervalSeconds: feed.intervalSeconds * 4, backoffCapSeconds: 86_400 };
}

// Item HTML beyond this is never needed for a 400-char snippet; it would only bloat job payloads.
const MAX_ITEM_TEXT_CHARS = 16_000;

function clip(text: string | null): string | null {
  return text && text.length > MAX_ITEM_TEXT_CHARS ? text.slice(0, MAX_ITEM_TEXT_CHARS) : text;
}

/** Pure: the feed's items as item jobs, one per distinct item key, in feed order. */
export function collectItemJobs(feed: FeedConfig, parsed: ParsedFeed, fetchedAt: string): ItemJobData[] {
  const jobs: ItemJobData[] = [];
  const seenIds = new Set<string>();
  const feedInfo = {
    id: feed.id,
    url: feed.url,
    title: feed.title ?? parsed.title ?? null,
    language: feed.language ?? parsed.language ?? null,
  };
  for (const item of parsed.items) {
    const key = itemKey(item, feed.url);
    if (key === null) continue;
    const recordId = recordIdFor(feed.id, key);
    if (seenIds.has(recordId)) continue;
    seenIds.add(recordId);
    const compact: FeedItem = { ...item, summary: clip(item.summary), content: clip(item.content) };
    jobs.push({ recordId, itemKey: key, feed: feedInfo, item: compact, fetchedAt });
  }
  return jobs;
}

/**
 * One poll of one feed: conditional GET, decode, parse, enqueue unseen items, record feed health.
 * A broken feed is recorded as data (state 'failing' with the reason); this never throws for
 * feed problems, only for Redis/queue I/O failures (so BullMQ retries those).
 */
export async function pollFeed(feed: FeedConfig, deps: PollFeedDeps): Promise<PollFeedResult> {
  const now = deps.now ?? (() => new Date());
  const state = await deps.state.get(feed.id);
  const startedAt = now();
  const gate = checkPollDue(state, startedAt, feed.intervalSeconds, deps.scheduled === true);
  if (!gate.due) {
    return { outcome: 'skipped', items: 0, newItems: 0, enqueued: [], skipReason: gate.reason, ...(gate.nextPollAt ? { nextPollAt: gate.nextPollAt } : {}) };
  }
  const url = state.urlOverride ?? feed.url;
  const slot = deps.acquireHost ? await deps.acquireHost(url) : null;
  if (slot !== null && !slot.acquired) {
    return { outcome: 'skipped', items: 0, newItems: 0, enqueued: [], skipReason: 'host-busy', deferUntilMs: startedAt.getTime() + slot.retryInMs };
  }
  let outcome: FetchOutcome;
  try {
    outcome = await deps.fetchFeed({
      url,
      etag: state.etag ?? null,
      lastModified: state.lastModified ?? null,
      ...deps.fetchSettings,
    });
  } catch (err) {
    if (slot !== null && slot.acquired) await slot.release();
    throw err;
  }
  // The host slot is released while the outcome is recorded: on an auto-pipelined connection the release
  // and the state write share one round trip (an unchanged poll costs 3 instead of 4).
  const released = slot !== null && slot.acquired ? slot.release() : Promise.resolve();
  const [result] = await Promise.all([recordOutcome(feed, deps, state, outcome, url, startedAt, now), released]);
  return result;
}

async function recordOutcome(
  feed: FeedConfig,
  deps: PollFeedDeps,
  state: Awaited<ReturnType<PollFeedDeps['state']['get']>>,
  outcome: FetchOutcome,
  url: string,
  startedAt: Date,
  now: () => Date,
): Promise<PollFeedResult> {
  const at = now().toISOString();
  const policy = deps.policy ?? defaultPollPolicy(feed);
  const schedule = (observation: PollObservation) => {
    const decision = decideNextPoll(state, observation, startedAt, policy);
    return { nextPollAt: decision.nextPollAt, backoffLevel: decision.backoffLevel, quietPolls: decision.quietPolls };
  };
  if (outcome.kind === 'not-modified') {
    const next = schedule({ kind: 'not-modified' });
    await deps.state.recordNotModified(feed.id, at, next);
    return { outcome: 'not-modified', items: 0, newItems: 0, enqueued: [], nextPollAt: next.nextPollAt };
  }
  if (outcome.kind === 'error') {
    const message = outcome.message;
    const next = schedule({ kind: 'failure', errorKind: outcome.errorKind, status: outcome.status, retryAfterSeconds: outcome.retryAfterSeconds });
    await deps.state.recordFailure(feed.id, { at, kind: outcome.errorKind, message, schedule: next });
    return { outcome: 'error', items: 0, newItems: 0, error: `${outcome.errorKind}: ${message}`, enqueued: [], nextPollAt: next.nextPollAt };
  }
  const moved = outcome.permanentRedirectTo !== undefined && outcome.permanentRedirectTo !== url ? outcome.permanentRedirectTo : undefined;
  const redirect = moved === undefined ? {} : { urlOverride: moved };
  const redirected = moved === undefined ? {} : { redirectedTo: moved };
  // Hashing, decoding and parsing a page take milliseconds: wait for a loop turn of their own (cpu-turns.ts).
  await nextCpuTurn();
  const bodyHash = createHash('sha256').update(outcome.body).digest('hex');
  const validators = { etag: outcome.etag, lastModified: outcome.lastModified };
  if (bodyHash === state.bodyHash) {
    // Servers often send fresh validators for the same bytes: skip the parse.
    const next = schedule({ kind: 'success', newItems: 0, hints: { maxAgeSeconds: outcome.maxAgeSeconds ?? null } });
    await deps.state.recordSuccess(feed.id, { at, ...validators, bodyHash, newItems: 0, schedule: next, ...redirect });
    return { outcome: 'unchanged-body', items: 0, newItems: 0, enqueued: [], nextPollAt: next.nextPollAt, ...redirected };
  }
  const decoded = decodeBody(outcome.body, outcome.contentType);
  // Relative item links resolve against where the document was really served from.
  const parsed = await parseFeed(decoded.text, outcome.contentType, { baseUrl: outcome.finalUrl });
  if (!parsed.ok) {
    const next = schedule({ kind: 'failure', errorKind: 'parse', status: outcome.status, retryAfterSeconds: null });
    await deps.state.recordFailure(feed.id, { at, kind: 'parse', message: `unparseable feed: ${parsed.reason}`, schedule: next });
    return { outcome: 'error', items: 0, newItems: 0, error: `parse: ${parsed.reason}`, enqueued: [], nextPollAt: next.nextPollAt };
  }
  const jobs = collectItemJobs(feed, parsed.feed, at);
  const ids = jobs.map((job) => job.recordId);
  const unseen = new Set(await deps.seen.filterUnseen(feed.id, ids));
  const newJobs = jobs.filter((job) => unseen.has(job.recordId));
  // Enqueue before marking seen: a crash in between re-enqueues (deduplicated by job id and
  // the sinks' marks) rather than losing items.
  if (newJobs.length > 0) {
    // The article job enqueues the item job itself once the page is fetched (or has failed for good).
    if (feed.fetchArticle && deps.enqueueArticles) await deps.enqueueArticles(newJobs);
    else await deps.enqueueItems(newJobs);
  }
  await deps.seen.markSeen(feed.id, ids, now().getTime());
  const hints = { ttlMinutes: parsed.feed.ttlMinutes ?? null, updatePeriodSeconds: parsed.feed.updatePeriodSeconds ?? null, maxAgeSeconds: outcome.maxAgeSeconds ?? null };
  const next = schedule({ kind: 'success', newItems: newJobs.length, hints });
  await deps.state.recordSuccess(feed.id, { at, ...validators, bodyHash, title: parsed.feed.title, newItems: newJobs.length, schedule: next, ...redirect });
  return {
    outcome: newJobs.length > 0 ? 'new-items' : 'no-new-items',
    items: jobs.length,
    newItems: newJobs.length,
    enqueued: newJobs.map((job) => job.recordId),
    nextPollAt: next.nextPollAt,
    ...redirected,
  };
}
