import type { SitrepConfig } from '../config/index.ts';
import type { SitrepContext } from '../app/context.ts';
import { configOptionsFrom } from './args.ts';

/** Loads config (heavy modules on demand, so --help stays fast). */
export async function loadCommandConfig(values: Record<string, unknown>): Promise<SitrepConfig> {
  const { loadConfig } = await import('../config/index.ts');
  return loadConfig(configOptionsFrom(values));
}

/** Runs an operator command against the running sitrep's Redis (REDIS_URL or its embedded one), then closes. */
export async function withCommandContext<T>(values: Record<string, unknown>, run: (context: SitrepContext) => Promise<T>): Promise<T> {
  const config = await loadCommandConfig(values);
  const { createLogger } = await import('../observability/logger.ts');
  const { createContext } = await import('../app/context.ts');
  const context = await createContext(config, createLogger('warn'), { startEmbeddedRedis: false });
  try {
    return await run(context);
  } finally {
    await context.close();
  }
}
