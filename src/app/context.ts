import { readFileSync, writeFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import type { Redis } from 'ioredis';
import type { SitrepConfig } from '../config/index.ts';
import type { Logger } from '../observability/logger.ts';
import { redactUrl } from '../observability/logger.ts';
import { RedisUnavailableError } from '../errors.ts';
import { createRedisConnection, startEmbeddedRedis, type EmbeddedRedis } from '../redis/index.ts';
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

export async function createContext(config: SitrepConfig, logger: Logger, options: CreateContextOptions = {}): Promise<SitrepContext> {
  const { settings } = config;
  let embeddedRedis: EmbeddedRedis | null = null;
  let redisUrl = settings.redis.url;
  if (!redisUrl && options.startEmbeddedRedis === false) {
    redisUrl = readEmbeddedRedisUrl(settings.dataDir);
    if (!redisUrl) throw new RedisUnavailableError(`REDIS_URL is not set and no running sitrep was found under ${path.resolve(settings.dataDir)}`);
  }
  if (!redisUrl) {
    const redisDir = resolveDataPath(settings.dataDir, 'redis');
    embeddedRedis = await startEmbeddedRedis({ dataDir: redisDir });
    redisUrl = embeddedRedis.url;
    writeFileSync(path.join(redisDir, EMBEDDED_URL_FILE), `${redisUrl}\n`);
    logger.info({ port: embeddedRedis.port, dataDir: embeddedRedis.dataDir }, 'started embedded redis-server (REDIS_URL not set)');
  }
  const ownsEmbedded = embeddedRedis;
  const url = redisUrl;
  const connections: Redis[] = [];
  const healthLog = createRedisHealthLog(logger, redactUrl(url));
  const newConnection = () => {
    const connection = createRedisConnection(url);
    healthLog.watch(connection);
    connections.push(connection);
    return connection;
  };
  const redis = newConnection();
  let closing: Promise<void> | undefined;
  const queues = createQueues(newConnection(), settings);
  return {
    config,
    logger,
    redisUrl: url,
    redis,
    keys: new RedisKeys(settings.redis.prefix),
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
