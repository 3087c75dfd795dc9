import type { SitrepConfig } from '../config/index.ts';
import type { Logger } from '../observability/logger.ts';
import { QUEUE_NAMES, type QueueName } from '../queue/names.ts';
import { ConfigError, SitrepError } from '../errors.ts';
import { COMMON_HELP, UsageError, configOptionsFrom, parseCommandArgs, type OptionSpec } from './args.ts';
import { SITREP_VERSION } from '../version.ts';
import { REPLAY_HELP } from './replay-command.ts';
import { FEEDS_HELP } from './feeds-commands.ts';
import { RETRY_HELP } from './retry-command.ts';
import { STATUS_HELP } from './status-command.ts';

const USAGE = `sitrep ${SITREP_VERSION}: news feed ingestion pipeline

Usage: sitrep <command> [options]

Commands:
  start      API, scheduler and all workers in one process
  worker     workers only (--queues fetch,items, --shards 0,2)
  scheduler  reconcile the feed schedulers with the feed list (--once to exit after)
  api        the HTTP API alone
  demo       the whole pipeline on bundled sample feeds and an embedded Redis
  status     queue depths and feed health of a running sitrep
  tag        NDJSON {id,text,published?} on stdin -> {id,entities} on stdout
  dedup      NDJSON {id,text,published?} on stdin -> {id,duplicateOf,cluster,story}
  schema     print the record JSON Schema (sitrep.record/v1)
  feeds      disable|enable ID, import FILE.opml, export (OPML on stdout)
  retry      move a queue's failed jobs back to waiting (--queue fetch|items|articles)
  replay     re-run extract/dedup/tag on kept raw items (--since DATE), bumping record revisions
  rebalance  move queued jobs to their shards after the shard count changed (workers stopped)

Run 'sitrep <command> --help' for a command's options.
${COMMON_HELP}`;

const SHARDS_HELP = `--shards LIST  queue shards to serve: 0,2 or 1-3 (default all; see docs/scaling.md)`;

const COMMAND_HELP: Record<string, string> = {
  start: `Usage: sitrep start [--shards LIST] [options]\n\nRuns the API server, reconciles feed schedulers and runs fetch and items workers.\nPrints the URL it serves on first. SIGTERM/SIGINT drain active jobs and exit 0.\n\n${SHARDS_HELP}\n\n${COMMON_HELP}`,
  worker: `Usage: sitrep worker [--queues fetch,items] [--shards LIST] [options]\n\nRuns workers for the given queues (default both) against REDIS_URL.\n\n${SHARDS_HELP}\n\n${COMMON_HELP}`,
  rebalance: `Usage: sitrep rebalance [--dry-run] [options]\n\nAfter \`shards\` changed in the configuration: moves every waiting, delayed, failed and stalled job\nfrom the old shards' queues to the queues of its feed's new shard, re-creates the feed schedulers there\nand records the new layout. Refuses while a worker is alive (stop them first; see docs/scaling.md).\n\n${COMMON_HELP}`,
  scheduler: `Usage: sitrep scheduler [--once] [options]\n\nMakes the fetch queue's job schedulers match the feed list (one per feed; removed feeds lose theirs).\nWithout --once it stays up and reconciles again on SIGHUP.\n\n${COMMON_HELP}`,
  api: `Usage: sitrep api [options]\n\nServes the page (/), /api/feeds, /api/records, /api/throughput, /metrics, /admin/queues,\n/healthz and /readyz (see docs/operations.md). Prints the URL first. Beyond loopback it needs\nhttp.token or http.basicAuth (SITREP_HTTP_TOKEN, SITREP_HTTP_USER/SITREP_HTTP_PASSWORD).\n\n${COMMON_HELP}`,
  demo: `Usage: sitrep demo [--data-dir DIR]\n\nServes the bundled sample feeds on 127.0.0.1, runs the full queue pipeline on an embedded\nredis-server, prints a summary and leaves the records in <data-dir>/demo/records (default data/).`,
  status: STATUS_HELP,
  tag: `Usage: sitrep tag < in.ndjson > out.ndjson\n\nOne output line per input line, same order; a bad line gives {"id"|"line","error"}.`,
  dedup: `Usage: sitrep dedup < in.ndjson > out.ndjson\n\nOne output line per input line against an in-memory index of the lines before it.`,
  schema: `Usage: sitrep schema > schema/record.v1.json`,
  feeds: FEEDS_HELP,
  retry: RETRY_HELP,
  replay: `${REPLAY_HELP}\n\n${COMMON_HELP}`,
};

// Heavy modules load only for the commands that need them, so --help and the batch commands start fast.
async function loadConfigOrThrow(values: Record<string, unknown>): Promise<SitrepConfig> {
  const { loadConfig } = await import('../config/index.ts');
  return loadConfig(configOptionsFrom(values));
}

async function loggerFor(config: SitrepConfig, level?: string): Promise<Logger> {
  const { createLogger } = await import('../observability/logger.ts');
  return createLogger((level ?? config.settings.log.level) as SitrepConfig['settings']['log']['level']);
}

function parseQueues(value: unknown): QueueName[] {
  if (value === undefined) return [...QUEUE_NAMES];
  const names = String(value).split(',').map((name) => name.trim()).filter(Boolean);
  for (const name of names) {
    if (!(QUEUE_NAMES as readonly string[]).includes(name)) throw new UsageError(`--queues: unknown queue "${name}" (known: ${QUEUE_NAMES.join(', ')})`);
  }
  if (names.length === 0) throw new UsageError('--queues: give at least one queue');
  return names as QueueName[];
}

async function runService(values: Record<string, unknown>, options: { queues: QueueName[]; scheduler: boolean; api: boolean; shards?: number[] }): Promise<number> {
  const config = await loadConfigOrThrow(values);
  if (typeof values.shards === 'string') {
    const { parseShardList } = await import('../queue/shards.ts');
    try {
      options = { ...options, shards: parseShardList(values.shards, config.settings.shards) };
    } catch (err) {
      throw new UsageError((err as Error).message);
    }
  }
  const logger = await loggerFor(config);
  const { createContext } = await import('../app/context.ts');
  const { startService, waitForShutdownSignal } = await import('../app/service.ts');
  const context = await createContext(config, logger);
  const service = await startService(context, options).catch(async (err) => {
    await context.close();
    throw err;
  });
  if (service.api) process.stdout.write(`sitrep serving on ${service.api.url}\n`);
  const served = options.shards ?? context.queues.shards.map((shard) => shard.shard);
  const shardNote = context.queues.shards.length > 1 ? `, shards [${served.join(', ')}] of ${context.queues.shards.length}` : '';
  const redisNote = context.embeddedRedis ? `embedded on port ${context.embeddedRedis.port}` : config.settings.redis.cluster ? 'cluster' : config.settings.redis.sentinel ? 'sentinel' : 'from REDIS_URL';
  process.stdout.write(`sitrep ${SITREP_VERSION}: ${config.feeds.length} feeds, queues [${options.queues.join(', ')}]${shardNote}, redis ${redisNote}\n`);
  const signal = await waitForShutdownSignal();
  logger.info({ signal }, 'shutting down: draining active jobs');
  await service.close();
  return 0;
}

async function runSchedulerCommand(values: Record<string, unknown>): Promise<number> {
  const config = await loadConfigOrThrow(values);
  const logger = await loggerFor(config);
  const { createContext } = await import('../app/context.ts');
  const { waitForShutdownSignal } = await import('../app/service.ts');
  const { runScheduler } = await import('../../workers/scheduler.ts');
  const context = await createContext(config, logger, { startEmbeddedRedis: false });
  try {
    const result = await runScheduler(context);
    process.stdout.write(result.acquired
      ? `feed schedulers reconciled: ${result.upserted} feeds, removed [${result.removed.join(', ')}]\n`
      : 'another process is reconciling; nothing done\n');
    if (values.once) return 0;
    await new Promise<void>((resolve) => {
      const reconcile = () => {
        loadConfigOrThrow(values).then((reloaded) => {
          context.config = reloaded;
          return runScheduler(context);
        }).catch((err) => logger.error({ err: (err as Error).message }, 'reconcile failed; schedulers left as they were'));
      };
      process.on('SIGHUP', reconcile);
      void waitForShutdownSignal().then(() => {
        process.off('SIGHUP', reconcile);
        resolve();
      });
    });
    return 0;
  } finally {
    await context.close();
  }
}

/** Entry point; resolves to the exit code (0 ok, 1 runtime failure, 2 usage or invalid config). */
export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || command === '--help' || command === '-h' || command === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return command ? 0 : 2;
  }
  if (command === '--version' || command === '-v') {
    process.stdout.write(`${SITREP_VERSION}\n`);
    return 0;
  }
  try {
    if (!(command in COMMAND_HELP)) throw new UsageError(`unknown command "${command}"\n\n${USAGE}`);
    const extra: OptionSpec = command === 'worker' ? { queues: { type: 'string' }, shards: { type: 'string' } }
      : command === 'start' ? { shards: { type: 'string' } }
      : command === 'rebalance' ? { 'dry-run': { type: 'boolean' }, json: { type: 'boolean' } }
      : command === 'scheduler' ? { once: { type: 'boolean' } }
      : command === 'status' ? { json: { type: 'boolean' } }
      : command === 'retry' ? { queue: { type: 'string' } }
      : command === 'replay' ? { since: { type: 'string' }, feed: { type: 'string' }, json: { type: 'boolean' } }
      : {};
    const { values, positionals } = parseCommandArgs(rest, extra) as { values: Record<string, unknown>; positionals: string[] };
    if (values.help) {
      process.stdout.write(`${COMMAND_HELP[command]}\n`);
      return 0;
    }
    switch (command) {
      case 'start': return await runService(values, { queues: [...QUEUE_NAMES], scheduler: true, api: true });
      case 'worker': return await runService(values, { queues: parseQueues(values.queues), scheduler: false, api: false });
      case 'api': return await runService(values, { queues: [], scheduler: false, api: true });
      case 'scheduler': return await runSchedulerCommand(values);
      case 'status': return await (await import('./status-command.ts')).runStatusCommand(values);
      case 'feeds': return await (await import('./feeds-commands.ts')).runFeedsCommand(values, positionals);
      case 'retry': return await (await import('./retry-command.ts')).runRetryCommand(values);
      case 'rebalance': return await (await import('./rebalance-command.ts')).runRebalanceCommand(values);
      case 'replay': return await (await import('./replay-command.ts')).runReplayCommand(values, () => loadConfigOrThrow(values), (config) => loggerFor(config, 'warn'));
      case 'demo': {
        const { runDemo } = await import('../demo/run-demo.ts');
        return await runDemo({ dataDir: typeof values['data-dir'] === 'string' ? values['data-dir'] : 'data' });
      }
      case 'tag': await (await import('./batch-commands.ts')).runTagCommand(process.stdin, process.stdout); return 0;
      case 'dedup': await (await import('./batch-commands.ts')).runDedupCommand(process.stdin, process.stdout); return 0;
      case 'schema': {
        const { recordJsonSchema } = await import('../record/index.ts');
        process.stdout.write(`${JSON.stringify(recordJsonSchema(), null, 2)}\n`);
        return 0;
      }
    }
    return 2;
  } catch (err) {
    if (err instanceof UsageError || err instanceof ConfigError) {
      process.stderr.write(`sitrep ${command}: ${err.message}\n`);
      return 2;
    }
    if (err instanceof SitrepError) {
      process.stderr.write(`sitrep ${command}: ${err.message}\n`);
      return 1;
    }
    process.stderr.write(`sitrep ${command}: ${(err as Error)?.stack ?? String(err)}\n`);
    return 1;
  }
}
