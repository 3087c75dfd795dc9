import type { Redis } from 'ioredis';
import type { Logger } from 'pino';

// While Redis stays down, a reminder at most this often (not one line per connection per retry).
const STILL_DOWN_LOG_EVERY_MS = 30_000;

export interface RedisHealthLog {
  /** Follows one connection's errors and reconnects. */
  watch(connection: Redis): void;
}

/**
 * One clear line when Redis becomes unreachable, a reminder every 30 s while it stays so, and one
 * when it is back; each connection's retry errors go to debug.
 */
export function createRedisHealthLog(logger: Logger, redis: string): RedisHealthLog {
  let downSinceMs: number | null = null;
  let lastLogMs = 0;
  return {
    watch(connection) {
      connection.on('error', (err: Error) => {
        const now = Date.now();
        logger.debug({ err: err.message, redis }, 'redis connection error');
        if (downSinceMs === null) {
          downSinceMs = now;
          lastLogMs = now;
          logger.error({ err: err.message, redis }, 'redis unreachable; work paused until it is back');
        } else if (now - lastLogMs >= STILL_DOWN_LOG_EVERY_MS) {
          lastLogMs = now;
          logger.error({ err: err.message, redis, downForMs: now - downSinceMs }, 'redis still unreachable; retrying');
        }
      });
      connection.on('ready', () => {
        if (downSinceMs === null) return;
        logger.info({ redis, downForMs: Date.now() - downSinceMs }, 'redis reachable again; resuming');
        downSinceMs = null;
      });
    },
  };
}
