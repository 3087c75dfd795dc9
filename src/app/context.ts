import { readFileSync, writeFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import type { Redis, RedisOptions } from 'ioredis';
import type { Settings, SitrepConfig } from '../config/index.ts';
import type { Logger } from '../observability/logger.ts';
import { redactUrl } from '../observability/logger.ts';
import { RedisUnavailableError } from '../errors.ts';
import { createTargetConnection, describeTarget, startEmbeddedRedis, type EmbeddedRedis, type RedisTarget } from '../redis/index.ts';
import { RedisKeys } from '../queue/names.ts';
import { createRedisHealthLog } from '../redis/redis-health-log.ts';
import { createQueues, type SitrepQueues } from '../queue/queues.ts';

/** The adapters a process shares: one Redis connection for sitrep's keys, the queues, the logger. */
export interface SitrepContext {
  config: SitrepConfig;
  logger: Logger;
  redisUrl: string;
  redis: Redis;
  keys: RedisKeys;
  queues: SitrepQueues;
  embeddedRedis: EmbeddedRedis | null;
  /** A fresh connection (BullMQ workers each want their own). */
  newConnection(): Redis;
  close(): Promise<void>;
}

export function resolveDataPath(dataDir: string, relative: string): string {
  return path.isAbsolute(relative) ? relative : path.resolve(dataDir, relative);
}

const EMBEDDED_URL_FILE = 'embedded-redis.url';

/** Where a running sitrep's embedded Redis can be found (for `sitrep status` without REDIS_URL). */
export function readEmbeddedRedisUrl(dataDir: string): string | null {
  try {
    return readFileSync(path.join(resolveDataPath(dataDir, 'redis'), EMBEDDED_URL_FILE), 'utf8').trim() || null;
  } catch {
    return null;
  }
}

export interface CreateContextOptions {
  /** false: never start a private redis-server; use REDIS_URL or a running sitrep's embedded one. */
  startEmbeddedRedis?: boolean;
}

/** The configured Redis: cluster or sentinel when set, else the url (which may be the embedded server's). */
export function redisTargetOf(settings: Settings, url: string | null): RedisTarget | null {
  const { redis } = settings;
  const credentials = { username: redis.username, password: redis.password, tls: redis.tls };
  if (redis.cluster) return { kind: 'cluster', nodes: redis.cluster.nodes, natMap: redis.cluster.natMap, ...credentials };
  if (redis.sentinel) return { kind: 'sentinel', sentinels: redis.sentinel.sentinels, name: redis.sentinel.name, sentinelPassword: redis.sentinelPassword, ...credentials };
  return url ? { kind: 'url', url } : null;
}

export async function createContext(config: SitrepConfig, logger: Logger, options: CreateContextOptions = {}): Promise<SitrepContext> {
  const { settings } = config;
  let embeddedRedis: EmbeddedRedis | null = null;
  let target = redisTargetOf(settings, settings.redis.url);
  if (!target && options.startEmbeddedRedis === false) {
    const runningUrl = readEmbeddedRedisUrl(settings.dataDir);
    if (!runningUrl) throw new RedisUnavailableError(`REDIS_URL is not set and no running sitrep was found under ${path.resolve(settings.dataDir)}`);
    target = { kind: 'url', url: runningUrl };
  }
  if (!target) {
    const redisDir = resolveDataPath(settings.dataDir, 'redis');
    embeddedRedis = await startEmbeddedRedis({ dataDir: redisDir });
    target = { kind: 'url', url: embeddedRedis.url };
    writeFileSync(path.join(redisDir, EMBEDDED_URL_FILE), `${embeddedRedis.url}\n`);
    logger.info({ port: embeddedRedis.port, dataDir: embeddedRedis.dataDir }, 'started embedded redis-server (REDIS_URL not set)');
  }
  const ownsEmbedded = embeddedRedis;
  const resolvedTarget = target;
  const url = describeTarget(resolvedTarget);
  const connections: Redis[] = [];
  const healthLog = createRedisHealthLog(logger, redactUrl(url));
  const newConnection = (options: RedisOptions = {}) => {
    const connection = createTargetConnection(resolvedTarget, options);
    healthLog.watch(connection);
    connections.push(connection);
    return connection;
  };
  // sitrep's own keys: concurrent jobs' commands (dedup, sink marks, seen sets) leave in one write per tick.
  // BullMQ's connections stay without it (its docs and issue #457 report errors with auto-pipelining).
  const redis = newConnection({ enableAutoPipelining: true });
  let closing: Promise<void> | undefined;
  const queues = createQueues(newConnection(), settings);
  return {
    config,
    logger,
    redisUrl: url,
    redis,
    keys: new RedisKeys(settings.redis.prefix, { cluster: resolvedTarget.kind === 'cluster' }),
    queues,
    embeddedRedis,
    newConnection,
    close: () => (closing ??= (async () => {
      await queues.close().catch((err) => logger.warn({ err }, 'closing queues failed'));
      await Promise.all(connections.map((connection) => connection.quit().catch(() => connection.disconnect())));
      if (ownsEmbedded) {
        rmSync(path.join(ownsEmbedded.dataDir, EMBEDDED_URL_FILE), { force: true });
        await ownsEmbedded.stop();
      }
    })()),
  };
}
