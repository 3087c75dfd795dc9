import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, accessSync, constants } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { RedisUnavailableError } from '../errors.ts';

export interface EmbeddedRedis {
  url: string;
  port: number;
  dataDir: string;
  stop(): Promise<void>;
}

export interface StartEmbeddedRedisOptions {
  dataDir: string;
  /** 0 or undefined: a free loopback port. */
  port?: number;
  appendOnly?: boolean;
  extraArgs?: string[];
  startTimeoutMs?: number;
}

export const REDIS_INSTALL_HINT =
  'sitrep needs Redis: set REDIS_URL=redis://host:6379, or install redis-server ' +
  '(Debian/Ubuntu: apt-get install redis-server; macOS: brew install redis), or run `docker compose up -d redis`.';

/** Finds an executable on PATH without spawning a shell. */
export function findOnPath(command: string, envPath = process.env.PATH ?? ''): string | null {
  for (const dir of envPath.split(path.delimiter)) {
    if (!dir) continue;
    const candidate = path.join(dir, command);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not in this directory
    }
  }
  return null;
}

export function freePort(host = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, host, () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/**
 * Starts a private redis-server on loopback with its own data dir (AOF on by default) and
 * resolves once it accepts connections. The child is killed when this process exits.
 */
export async function startEmbeddedRedis(options: StartEmbeddedRedisOptions): Promise<EmbeddedRedis> {
  const binary = findOnPath('redis-server');
  if (!binary) throw new RedisUnavailableError(`no redis-server on PATH and REDIS_URL is not set. ${REDIS_INSTALL_HINT}`);
  const dataDir = path.resolve(options.dataDir);
  mkdirSync(dataDir, { recursive: true });
  let lastError: unknown;
  // A free port can be taken between probing and binding: try a few times.
  for (let attempt = 0; attempt < 3; attempt++) {
    const port = options.port || (await freePort());
    try {
      return await launch(binary, port, dataDir, options);
    } catch (err) {
      lastError = err;
      if (options.port) break;
    }
  }
  throw new RedisUnavailableError(`could not start redis-server: ${(lastError as Error)?.message ?? lastError}`, { cause: lastError });
}

function launch(binary: string, port: number, dataDir: string, options: StartEmbeddedRedisOptions): Promise<EmbeddedRedis> {
  const args = [
    '--port', String(port),
    '--bind', '127.0.0.1',
    '--dir', dataDir,
    '--appendonly', options.appendOnly === false ? 'no' : 'yes',
    '--save', '',
    '--daemonize', 'no',
    '--protected-mode', 'yes',
    '--logfile', '',
    ...(options.extraArgs ?? []),
  ];
  const child: ChildProcess = spawn(binary, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`redis-server did not become ready within ${options.startTimeoutMs ?? 10_000} ms: ${output.slice(-500)}`));
    }, options.startTimeoutMs ?? 10_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.length > 20_000) output = output.slice(-10_000);
      if (output.includes('Ready to accept connections')) {
        clearTimeout(timer);
        child.stdout?.off('data', onData);
        // Keep draining so a full pipe never blocks redis.
        child.stdout?.resume();
        child.stderr?.resume();
        resolve({
          url: `redis://127.0.0.1:${port}`,
          port,
          dataDir,
          stop: () => stopChild(child, killOnExit),
        });
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      process.off('exit', killOnExit);
      reject(new Error(`redis-server exited (${signal ?? code}) before it was ready: ${output.slice(-500)}`));
    });
    child.once('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
  });
}

function stopChild(child: ChildProcess, killOnExit: () => void): Promise<void> {
  process.off('exit', killOnExit);
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const hardKill = setTimeout(() => child.kill('SIGKILL'), 5_000);
    child.once('exit', () => {
      clearTimeout(hardKill);
      resolve();
    });
    child.kill('SIGTERM');
  });
}
