import { z } from 'zod';

/** Interval as written in config: 30s, 10m, 1h, 1d, or a number of seconds. */
export function parseIntervalSeconds(value: string | number): number | null {
  if (typeof value === 'number') return Number.isFinite(value) && value > 0 ? value : null;
  const match = /^\s*(\d+(?:\.\d+)?)\s*(s|m|h|d)?\s*$/i.exec(value);
  if (!match) return null;
  const amount = Number(match[1]);
  const unit = (match[2] ?? 's').toLowerCase();
  const factor = unit === 'd' ? 86_400 : unit === 'h' ? 3_600 : unit === 'm' ? 60 : 1;
  const seconds = amount * factor;
  return seconds > 0 ? seconds : null;
}

const intervalSchema = z.union([z.string(), z.number()]).transform((value, ctx) => {
  const seconds = parseIntervalSeconds(value);
  if (seconds === null) {
    ctx.addIssue({ code: 'custom', message: `not an interval: ${JSON.stringify(value)} (use 30s, 10m, 1h, 1d or seconds)` });
    return z.NEVER;
  }
  return seconds;
});

const httpUrl = z.string().refine((value) => {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}, 'must be an absolute http(s) URL');

export const feedEntrySchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9-]+$/, 'must match [a-z0-9-]+'),
  url: httpUrl,
  interval: intervalSchema.optional(),
  tags: z.array(z.string()).default([]),
  language: z.string().regex(/^[a-zA-Z]{2,3}(-[a-zA-Z0-9]+)*$/, 'must be a language tag such as en or pt-BR').optional(),
  fetchArticle: z.boolean().default(false),
  title: z.string().optional(),
});

export const feedListSchema = z.strictObject({
  feeds: z.array(feedEntrySchema),
});

export type FeedEntryInput = z.input<typeof feedEntrySchema>;

const hostPortString = z.string().regex(/^[^\s:]+:\d{1,5}$/, 'expected host:port');
/** "host:port" or { host, port }; both give { host, port }. */
const hostPort = z.union([
  hostPortString.transform((value) => {
    const colon = value.lastIndexOf(':');
    return { host: value.slice(0, colon), port: Number(value.slice(colon + 1)) };
  }),
  z.strictObject({ host: z.string().min(1), port: z.number().int().min(1).max(65_535) }),
]);

const logLevel = z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']);

/**
 * config/sitrep.yaml. Every field has a default; env twins are listed in docs/configuration.md
 * and applied by load-config.ts (env > file > defaults).
 */
export const settingsSchema = z.strictObject({
  redis: z.strictObject({
    /** null: start a private redis-server from PATH (unless cluster or sentinel is set). */
    url: z.string().nullable().default(null),
    prefix: z.string().regex(/^[A-Za-z0-9:_-]+$/, 'letters, digits, ":", "_" and "-" only (sitrep adds the hash tags itself)').default('sitrep'),
    /** Credentials for cluster and sentinel nodes (a url carries its own); env SITREP_REDIS_USERNAME / SITREP_REDIS_PASSWORD. */
    username: z.string().nullable().default(null),
    password: z.string().nullable().default(null),
    /** TLS to every Redis node (cluster, sentinel and the master it names); a rediss:// url turns it on by itself. */
    tls: z.boolean().default(false),
    /** Redis Cluster: seed nodes; sitrep then hash-tags its keys so each queue shard stays in one slot. */
    cluster: z.strictObject({
      nodes: z.array(hostPort).min(1, 'name at least one seed node (host:port)'),
      /** Addresses the nodes announce -> addresses this process can reach (Docker, NAT): "10.0.0.5:7000": "localhost:17000". */
      natMap: z.record(hostPortString, hostPort).default({}),
    }).nullable().default(null),
    /** Redis Sentinel: the sentinels and the master name they watch. */
    sentinel: z.strictObject({
      sentinels: z.array(hostPort).min(1, 'name at least one sentinel (host:port)'),
      name: z.string().min(1).default('mymaster'),
    }).nullable().default(null),
    /** Password of the sentinels themselves, when they have one (env SITREP_SENTINEL_PASSWORD). */
    sentinelPassword: z.string().nullable().default(null),
  }).refine((value) => !(value.cluster && value.sentinel), { message: 'set cluster or sentinel, not both', path: ['sentinel'] })
    .refine((value) => !(value.url && (value.cluster || value.sentinel)), { message: 'url cannot be combined with cluster or sentinel (unset REDIS_URL or the other)', path: ['url'] })
    .prefault({}),
  /**
   * Queue shards: a feed and its items go to shard hash(feed id) mod shards, each shard its own BullMQ queues
   * under a hash-tagged prefix ({sitrep:0}, {sitrep:1}, …) so a Redis Cluster can spread them. Changing it needs
   * `sitrep rebalance` (docs/scaling.md).
   */
  shards: z.number().int().min(1).max(1_024).default(1),
  dataDir: z.string().default('data'),
  http: z.strictObject({
    host: z.string().default('127.0.0.1'),
    port: z.number().int().min(0).max(65_535).default(8787),
    /** Bearer token required (with basicAuth, either one) on everything but /healthz and /readyz when host is not loopback. */
    token: z.string().min(16, 'use at least 16 characters').nullable().default(null),
    basicAuth: z.strictObject({
      user: z.string().min(1),
      password: z.string().min(8, 'use at least 8 characters'),
    }).nullable().default(null),
  }).prefault({}),
  fetch: z.strictObject({
    userAgent: z.string().default('sitrep/0.1 (news feed ingestion)'),
    connectTimeoutMs: z.number().int().positive().default(10_000),
    totalTimeoutMs: z.number().int().positive().default(30_000),
    maxBodyBytes: z.number().int().positive().default(10 * 1024 * 1024),
    maxRedirects: z.number().int().min(0).max(20).default(5),
    concurrency: z.number().int().positive().default(50),
    allowPrivateNetworks: z.boolean().default(false),
    /** Minimum gap between fetch starts to one host, across all workers (0 disables). */
    hostMinGapMs: z.number().int().min(0).default(2_000),
    /** Concurrent fetches per host, across all workers. */
    hostMaxConcurrent: z.number().int().positive().default(2),
  }).prefault({}),
  schedule: z.strictObject({
    defaultInterval: intervalSchema.default(600),
    minInterval: intervalSchema.default(30),
    maxInterval: intervalSchema.default(86_400),
    /** Longest a failing feed is backed off; it is polled at this interval until it recovers. */
    backoffCapSeconds: z.number().int().positive().default(86_400),
    /** Adaptive polling may slow a quiet feed down to this many times its configured interval. */
    adaptiveMaxFactor: z.number().min(1).default(4),
  }).prefault({}),
  items: z.strictObject({
    concurrency: z.number().int().positive().default(20),
    maxSnippetChars: z.number().int().min(40).max(10_000).default(400),
  }).prefault({}),
  dedup: z.strictObject({
    windowHours: z.number().positive().default(168),
    seenWindowDays: z.number().positive().default(30),
    /** Same-story matches must be published within this many hours of each other. */
    storyWindowHours: z.number().positive().default(48),
    /** Estimated word Jaccard for a near-duplicate (see docs/dedup.md for the sweep). */
    nearJaccard: z.number().min(0).max(1).default(0.8),
    /** Estimated containment of a truncated copy in the full text when their ledes match. */
    prefixContainment: z.number().min(0).max(1).default(0.75),
    /** Estimated word Jaccard for two items sharing an entity anchor to be one story. */
    storyJaccard: z.number().min(0).max(1).default(0.3),
  }).prefault({}),
  jobs: z.strictObject({
    attempts: z.number().int().min(1).default(5),
    backoffMs: z.number().int().min(0).default(5_000),
    keepCompletedCount: z.number().int().min(0).default(1_000),
    keepCompletedSeconds: z.number().int().min(0).default(3_600),
    keepFailedCount: z.number().int().min(0).default(5_000),
    keepFailedSeconds: z.number().int().min(0).default(7 * 86_400),
    /** A job's lock lives this long unless renewed (every half of it); a killed worker's jobs stall after it. */
    lockDurationMs: z.number().int().min(500).default(30_000),
    /** How often workers look for stalled jobs (active, lock expired) and move them back to waiting. */
    stalledIntervalMs: z.number().int().min(200).default(30_000),
    /** Stalls a job may survive before it fails (jobs are idempotent, so re-running after a crash is safe). */
    maxStalledCount: z.number().int().min(0).default(3),
  }).prefault({}),
  sinks: z.strictObject({
    ndjson: z.strictObject({
      enabled: z.boolean().default(true),
      /** Relative to dataDir unless absolute. */
      dir: z.string().default('records'),
    }).prefault({}),
    redisStream: z.strictObject({
      enabled: z.boolean().default(true),
      maxLen: z.number().int().positive().default(100_000),
    }).prefault({}),
    postgres: z.strictObject({
      enabled: z.boolean().default(false),
      /** postgres://user:pass@host:port/db (env SITREP_POSTGRES_URL); required when enabled. */
      url: z.string().nullable().default(null),
    }).refine((value) => !value.enabled || !!value.url, { message: 'url is required when enabled (or set SITREP_POSTGRES_URL)', path: ['url'] }).prefault({}),
  }).prefault({}),
  replay: z.strictObject({
    /** Days the raw item of every processed job is kept under <dataDir>/raw for `sitrep replay` (0 = none kept). */
    keepRawDays: z.number().int().min(0).default(14),
  }).prefault({}),
  log: z.strictObject({
    level: logLevel.default('info'),
  }).prefault({}),
});

export type Settings = z.output<typeof settingsSchema>;
