import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { accessSync, chownSync, constants, readdirSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { findOnPath, freePort } from '../../src/redis/embedded-redis.ts';

/**
 * A private PostgreSQL for integration tests: initdb into a temp dir, postgres on a free loopback
 * port (never the machine's 5432), trust auth for user "sitrep". Debian package: `postgresql`.
 */
export interface PostgresServer {
  url: string;
  port: number;
  dataDir: string;
  stop(): Promise<void>;
}

/** Directory holding initdb and postgres: PATH first, then Debian's /usr/lib/postgresql/<ver>/bin (newest). */
export function findPostgresBinDir(): string | null {
  const initdb = findOnPath('initdb');
  if (initdb && findOnPath('postgres')) return path.dirname(initdb);
  try {
    const versions = readdirSync('/usr/lib/postgresql').filter((name) => /^\d+$/.test(name)).sort((a, b) => Number(b) - Number(a));
    for (const version of versions) {
      const dir = path.join('/usr/lib/postgresql', version, 'bin');
      try {
        accessSync(path.join(dir, 'initdb'), constants.X_OK);
        return dir;
      } catch {
        // next version
      }
    }
  } catch {
    // no Debian layout
  }
  return null;
}

/** initdb refuses to run as root: then the server runs as the `postgres` user when it exists. */
function serverUser(): { uid: number; gid: number } | null {
  if (process.getuid?.() !== 0) return null;
  try {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
    if (Number.isInteger(uid) && Number.isInteger(gid)) return { uid, gid };
  } catch {
    // no postgres user
  }
  throw new Error('running as root and there is no `postgres` user: initdb refuses root (create the user or run the tests unprivileged)');
}

async function waitForReady(url: string, child: ChildProcess, output: () => string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`postgres exited with ${child.exitCode}: ${output()}`);
    const client = new pg.Client({ connectionString: url });
    try {
      await client.connect();
      await client.query('SELECT 1');
      await client.end();
      return;
    } catch (err) {
      last = err;
      await client.end().catch(() => undefined);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  throw new Error(`postgres not ready after ${timeoutMs} ms: ${(last as Error)?.message}; ${output()}`);
}

/** Starts a private server; resolves once it accepts connections. */
export async function startPostgresServer(binDir: string, timeoutMs = 30_000): Promise<PostgresServer> {
  const user = serverUser();
  const dir = await mkdtemp(path.join(os.tmpdir(), 'sitrep-test-pg-'));
  const dataDir = path.join(dir, 'data');
  if (user) chownSync(dir, user.uid, user.gid);
  const ids = user ? { uid: user.uid, gid: user.gid } : {};
  execFileSync(path.join(binDir, 'initdb'), ['-D', dataDir, '-U', 'sitrep', '--auth=trust', '--no-sync', '-E', 'UTF8', '--locale=C'], {
    ...ids,
    cwd: dir,
    stdio: 'pipe',
    env: { ...process.env, LC_ALL: 'C' },
  });
  const port = await freePort();
  const child = spawn(path.join(binDir, 'postgres'), [
    '-D', dataDir, '-k', dir, '-p', String(port),
    '-c', 'listen_addresses=127.0.0.1', '-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off',
  ], { ...ids, cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4_000);
  });
  const url = `postgres://sitrep@127.0.0.1:${port}/postgres`;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGINT'); // fast shutdown
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 10_000))]);
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    }
    await rm(dir, { recursive: true, force: true });
  };
  try {
    await waitForReady(url, child, () => stderr, timeoutMs);
  } catch (err) {
    await stop();
    throw err;
  }
  return { url, port, dataDir, stop };
}
