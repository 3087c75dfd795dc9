import { parseArgs } from 'node:util';
import type { LoadConfigOptions } from '../config/index.ts';

export class UsageError extends Error {
  readonly code = 'SITREP_USAGE';
}

export const COMMON_OPTIONS = {
  config: { type: 'string' },
  feeds: { type: 'string' },
  'data-dir': { type: 'string' },
  'http-host': { type: 'string' },
  'http-port': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

export const COMMON_HELP = `Common options (each has an environment twin):
  --config FILE     settings file (SITREP_CONFIG, default config/sitrep.yaml)
  --feeds FILE      feed list, .yaml or .opml (SITREP_FEEDS, default config/feeds.yaml)
  --data-dir DIR    data directory (SITREP_DATA_DIR, default data/)
  --http-host HOST  (SITREP_HTTP_HOST, default 127.0.0.1)
  --http-port PORT  (SITREP_HTTP_PORT, default 8787; 0 picks a free port)
  REDIS_URL         Redis to use; unset: a private redis-server is started
  LOG_LEVEL         fatal|error|warn|info|debug|trace|silent`;

export type OptionSpec = Record<string, { type: 'string' | 'boolean'; short?: string; multiple?: boolean }>;

export function parseCommandArgs<T extends OptionSpec>(argv: string[], extra: T) {
  try {
    return parseArgs({ args: argv, options: { ...COMMON_OPTIONS, ...extra }, allowPositionals: true, strict: true });
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
}

export function configOptionsFrom(values: Record<string, unknown>): LoadConfigOptions {
  const options: LoadConfigOptions = {};
  if (typeof values.config === 'string') options.configFile = values.config;
  if (typeof values.feeds === 'string') options.feedsFile = values.feeds;
  if (typeof values['data-dir'] === 'string') options.dataDir = values['data-dir'];
  if (typeof values['http-host'] === 'string') options.httpHost = values['http-host'];
  if (typeof values['http-port'] === 'string') {
    const port = Number(values['http-port']);
    if (!Number.isInteger(port) || port < 0 || port > 65_535) throw new UsageError(`--http-port: not a port number: ${values['http-port']}`);
    options.httpPort = port;
  }
  return options;
}
