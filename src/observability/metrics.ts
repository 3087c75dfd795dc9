import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** Queue states reported as sitrep_queue_jobs{state}. */
export const QUEUE_STATES = ['waiting', 'active', 'delayed', 'prioritized', 'completed', 'failed'] as const;

/** One feed as the scrape-time gauges need it. */
export interface FeedHealthSample {
  id: string;
  status: string;
  lastSuccessAt?: string;
}

/** One queue of one shard: its BullMQ job counts by state. */
export interface ShardQueueCounts {
  queue: string;
  shard: number;
  counts: Partial<Record<string, number>>;
}

/** What the scrape-time gauges read; the API server wires these to Redis and BullMQ. */
export interface ScrapeSources {
  /** Counts of every queue of every shard (summed per queue for sitrep_queue_jobs). */
  readQueueCounts(): Promise<ShardQueueCounts[]>;
  readFeeds(): Promise<FeedHealthSample[]>;
  /** One PING round trip, in seconds. */
  pingRedis(): Promise<number>;
  now?: () => number;
}

/** sitrep's Prometheus metrics in a registry of their own (one per process; tests make several). */
export interface SitrepMetrics {
  registry: Registry;
  jobDurationSeconds: Histogram<'stage'>;
  jobsFailed: Counter<'stage'>;
  feedPolls: Counter<'status_class' | 'result' | 'error_kind'>;
  items: Counter<'result'>;
  recordsWritten: Counter<'sink'>;
  entitiesTagged: Counter<'kind'>;
  /** Adds the gauges read at scrape time (queue counts, broken feeds, last success age, Redis latency). Once per registry. */
  attachScrapeSources(sources: ScrapeSources): void;
}

export interface CreateMetricsOptions {
  /** Process metrics (CPU, memory, event loop lag, GC); default true. */
  defaultMetrics?: boolean;
}

// Feed state and queue counts are read once per scrape even though two gauges use each.
const SCRAPE_READ_REUSE_MS = 1_000;

/** The same promise for calls within SCRAPE_READ_REUSE_MS of the first. */
function reusedWithinScrape<T>(read: () => Promise<T>, now: () => number): () => Promise<T> {
  let last: { atMs: number; promise: Promise<T> } | null = null;
  return () => {
    const atMs = now();
    if (last === null || atMs - last.atMs > SCRAPE_READ_REUSE_MS) last = { atMs, promise: read() };
    return last.promise;
  };
}

/** Creates the counters and histograms the worker events update. */
export function createMetrics(options: CreateMetricsOptions = {}): SitrepMetrics {
  const registry = new Registry();
  if (options.defaultMetrics !== false) collectDefaultMetrics({ register: registry });
  const registers = [registry];
  const jobDurationSeconds = new Histogram({
    name: 'sitrep_job_duration_seconds',
    help: 'Time from a job starting to it finishing, by stage (queue).',
    labelNames: ['stage'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
    registers,
  });
  const jobsFailed = new Counter({ name: 'sitrep_jobs_failed_total', help: 'Job attempts that failed, by stage.', labelNames: ['stage'] as const, registers });
  const feedPolls = new Counter({
    name: 'sitrep_feed_polls_total',
    help: 'Feed polls by HTTP status class (2xx..5xx, none) and result (new-items, no-new-items, not-modified, unchanged-body, error, skipped) with the error kind.',
    labelNames: ['status_class', 'result', 'error_kind'] as const,
    registers,
  });
  const items = new Counter({ name: 'sitrep_items_total', help: 'Items processed into records, by result (new, duplicate).', labelNames: ['result'] as const, registers });
  const recordsWritten = new Counter({ name: 'sitrep_records_written_total', help: 'Records written, per sink (re-runs that wrote nothing are not counted).', labelNames: ['sink'] as const, registers });
  const entitiesTagged = new Counter({ name: 'sitrep_entities_tagged_total', help: 'Entities tagged in records, per kind.', labelNames: ['kind'] as const, registers });
  let attached = false;
  return {
    registry, jobDurationSeconds, jobsFailed, feedPolls, items, recordsWritten, entitiesTagged,
    attachScrapeSources(sources) {
      if (attached) return;
      attached = true;
      addScrapeGauges(registry, sources);
    },
  };
}

function addScrapeGauges(registry: Registry, sources: ScrapeSources): void {
  const registers = [registry];
  const now = sources.now ?? Date.now;
  const readFeeds = reusedWithinScrape(() => sources.readFeeds(), now);
  const readQueueCounts = reusedWithinScrape(() => sources.readQueueCounts(), now);
  new Gauge({
    name: 'sitrep_queue_jobs',
    help: 'Jobs per queue and state, summed over shards (BullMQ getJobCounts at scrape time).',
    labelNames: ['queue', 'state'] as const,
    registers,
    async collect() {
      const counts = await readQueueCounts().catch(() => null);
      // Redis unreachable or slow: keep the last values rather than failing the whole scrape.
      if (counts === null) return;
      const totals = new Map<string, Map<string, number>>();
      for (const { queue, counts: byState } of counts) {
        const total = totals.get(queue) ?? new Map<string, number>();
        totals.set(queue, total);
        for (const state of QUEUE_STATES) total.set(state, (total.get(state) ?? 0) + (byState[state] ?? 0));
      }
      this.reset();
      for (const [queue, byState] of totals) {
        for (const [state, value] of byState) this.set({ queue, state }, value);
      }
    },
  });
  // A gauge of its own rather than a shard label on sitrep_queue_jobs: existing sums and alerts keep working.
  new Gauge({
    name: 'sitrep_queue_shard_jobs',
    help: 'Jobs per queue shard and state (BullMQ getJobCounts at scrape time); sitrep_queue_jobs is their sum.',
    labelNames: ['queue', 'shard', 'state'] as const,
    registers,
    async collect() {
      const counts = await readQueueCounts().catch(() => null);
      if (counts === null) return;
      this.reset();
      for (const { queue, shard, counts: byState } of counts) {
        for (const state of QUEUE_STATES) this.set({ queue, shard: String(shard), state }, byState[state] ?? 0);
      }
    },
  });
  new Gauge({
    name: 'sitrep_broken_feeds',
    help: 'Configured feeds whose last poll failed (status failing).',
    registers,
    async collect() {
      const feeds = await readFeeds().catch(() => null);
      if (feeds === null) return;
      this.set(feeds.filter((feed) => feed.status === 'failing').length);
    },
  });
  new Gauge({
    name: 'sitrep_feed_seconds_since_last_success',
    help: 'Seconds since each feed last polled successfully (feeds never successful are absent).',
    labelNames: ['feed'] as const,
    registers,
    async collect() {
      const feeds = await readFeeds().catch(() => null);
      if (feeds === null) return;
      const atMs = now();
      this.reset();
      for (const feed of feeds) {
        const lastMs = feed.lastSuccessAt ? Date.parse(feed.lastSuccessAt) : Number.NaN;
        if (Number.isFinite(lastMs)) this.set({ feed: feed.id }, Math.max(0, (atMs - lastMs) / 1_000));
      }
    },
  });
  new Gauge({
    name: 'sitrep_redis_ping_seconds',
    help: 'Round-trip time of one Redis PING at scrape time.',
    registers,
    async collect() {
      const seconds = await sources.pingRedis().catch(() => null);
      if (seconds !== null) this.set(seconds);
    },
  });
}
