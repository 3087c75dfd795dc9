import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { stringify } from 'yaml';
import { waitUntil } from './wait.ts';

const BIN = path.resolve('bin/sitrep.js');
// Output kept in memory per process for assertions (the full log is also in its file).
const MAX_KEPT_OUTPUT_CHARS = 4_000_000;

/** Settings for fault runs: fast stalled-job recovery, short retries, no politeness gap on the one loopback host. */
export function faultSettings(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const base: Record<string, Record<string, unknown>> = {
    fetch: { allowPrivateNetworks: true, hostMinGapMs: 0, hostMaxConcurrent: 20, connectTimeoutMs: 2_000, totalTimeoutMs: 5_000, concurrency: 10 },
    schedule: { minInterval: 1 },
    items: { concurrency: 10 },
    jobs: { attempts: 50, backoffMs: 200, lockDurationMs: 2_000, stalledIntervalMs: 1_000, maxStalledCount: 20 },
    replay: { keepRawDays: 0 },
    log: { level: 'info' },
  };
  for (const [key, value] of Object.entries(overrides)) {
    base[key] = typeof value === 'object' && value !== null ? { ...(base[key] ?? {}), ...(value as Record<string, unknown>) } : (value as Record<string, unknown>);
  }
  return base;
}

export interface SitrepRun {
  dir: string;
  dataDir: string;
  prefix: string;
  redisUrl: string | null;
  configFile: string;
  feedsFile: string;
  /** Starts `node bin/sitrep.js <args>` with this run's config, feeds, data dir, Redis and prefix. */
  spawn(args: string[], options?: { env?: Record<string, string>; name?: string }): SitrepProcess;
  /** Every process this run started (killed in cleanup). */
  processes: SitrepProcess[];
  cleanup(): Promise<void>;
}

export interface SitrepProcess {
  name: string;
  child: ChildProcess;
  logFile: string;
  /** stdout + stderr so far. */
  output(): string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  isRunning(): boolean;
  /** Resolves once the output matches. */
  waitForOutput(pattern: RegExp, timeoutMs?: number): Promise<void>;
  kill(signal: NodeJS.Signals): void;
}

export interface CreateRunOptions {
  /** null: no REDIS_URL in the processes' env (the settings name a cluster, which refuses to combine with a url). */
  redisUrl: string | null;
  feeds: Array<{ id: string; url: string; interval: number }>;
  settings?: Record<string, unknown>;
  /** Redis key prefix; a unique `fault-…` one when omitted. */
  prefix?: string;
}

/** A temp dir with sitrep.yaml and feeds.yaml, a unique Redis prefix, and a spawner for sitrep processes. */
export async function createSitrepRun(options: CreateRunOptions): Promise<SitrepRun> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'sitrep-fault-'));
  const dataDir = path.join(dir, 'data');
  const configFile = path.join(dir, 'sitrep.yaml');
  const feedsFile = path.join(dir, 'feeds.yaml');
  const prefix = options.prefix ?? `fault-${randomUUID().slice(0, 8)}`;
  await writeFile(configFile, stringify(options.settings ?? faultSettings()));
  await writeFile(feedsFile, stringify({ feeds: options.feeds.map((feed) => ({ id: feed.id, url: feed.url, interval: feed.interval })) }));
  const processes: SitrepProcess[] = [];
  let counter = 0;
  const run: SitrepRun = {
    dir,
    dataDir,
    prefix,
    redisUrl: options.redisUrl,
    configFile,
    feedsFile,
    processes,
    spawn: (args, spawnOptions = {}) => {
      const name = spawnOptions.name ?? `${args[0] ?? 'sitrep'}-${++counter}`;
      const env: NodeJS.ProcessEnv = {
        ...process.env,
        REDIS_URL: options.redisUrl ?? undefined,
        SITREP_REDIS_PREFIX: prefix,
        SITREP_CONFIG: configFile,
        SITREP_FEEDS: feedsFile,
        SITREP_DATA_DIR: dataDir,
        ...spawnOptions.env,
      };
      if (env.REDIS_URL === undefined) delete env.REDIS_URL;
      const child = spawn(process.execPath, [BIN, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
      const logFile = path.join(dir, `${name}.log`);
      const log = createWriteStream(logFile);
      let output = '';
      const onData = (chunk: Buffer) => {
        log.write(chunk);
        if (output.length < MAX_KEPT_OUTPUT_CHARS) output += chunk.toString();
      };
      child.stdout!.on('data', onData);
      child.stderr!.on('data', onData);
      const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
        child.once('exit', (code, signal) => {
          log.end();
          resolve({ code, signal });
        });
      });
      const handle: SitrepProcess = {
        name,
        child,
        logFile,
        output: () => output,
        exited,
        isRunning: () => child.exitCode === null && child.signalCode === null,
        waitForOutput: async (pattern, timeoutMs = 30_000) => {
          await waitUntil(`${name} output ${pattern}`, () => pattern.test(output) || (!handle.isRunning() && Promise.reject(new Error(`${name} exited: ${output.slice(-2_000)}`))), timeoutMs);
        },
        kill: (signal) => {
          if (handle.isRunning()) child.kill(signal);
        },
      };
      processes.push(handle);
      return handle;
    },
    cleanup: async () => {
      for (const handle of processes) handle.kill('SIGKILL');
      await Promise.all(processes.map((handle) => handle.exited));
      await rm(dir, { recursive: true, force: true });
    },
  };
  return run;
}

/** Parsed pino lines of a process output (non-JSON lines skipped). */
export function logLines(output: string): Array<Record<string, unknown>> {
  const lines: Array<Record<string, unknown>> = [];
  for (const line of output.split('\n')) {
    if (!line.startsWith('{')) continue;
    try {
      lines.push(JSON.parse(line) as Record<string, unknown>);
    } catch {
      // a line cut by SIGKILL
    }
  }
  return lines;
}
