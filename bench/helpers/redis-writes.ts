// Client-side Redis round trips of a child sitrep process: redis-writes-preload.mjs counts its socket writes
// per Redis connection; these helpers set it up, take snapshots (SIGUSR2) and name the connections.
import { readFile } from 'node:fs/promises';
import { sleep } from './bench-env.ts';

export interface SocketWrites {
  writes: number;
  bytes: number;
}

/** Local port → writes so far. */
export type WritesSnapshot = Map<string, SocketWrites>;

/** Env for the child: preload the counter (kept alongside the NODE_OPTIONS given, by default this process's). */
export function redisWritesEnv(redisUrl: string, file: string, nodeOptions = process.env.NODE_OPTIONS ?? ''): Record<string, string> {
  const preload = new URL('./redis-writes-preload.mjs', import.meta.url).href;
  return {
    BENCH_REDIS_PORT: new URL(redisUrl).port,
    BENCH_REDIS_WRITES_FILE: file,
    NODE_OPTIONS: `${nodeOptions} --import ${preload}`.trim(),
  };
}

export interface WritesReader {
  snapshot(): Promise<WritesSnapshot>;
}

/** Asks the child for a snapshot and waits for it (the seq in the file moves on by one per request). */
export function redisWritesReader(pid: number, file: string): WritesReader {
  let seq = 0;
  return {
    async snapshot() {
      seq++;
      process.kill(pid, 'SIGUSR2');
      const deadline = Date.now() + 10_000;
      for (;;) {
        const text = await readFile(file, 'utf8').catch(() => '');
        if (text) {
          const parsed = JSON.parse(text) as { seq: number; sockets: Record<string, SocketWrites> };
          if (parsed.seq === seq) return new Map(Object.entries(parsed.sockets));
        }
        if (Date.now() > deadline) throw new Error(`no redis-writes snapshot ${seq} from pid ${pid} in ${file}`);
        await sleep(10);
      }
    },
  };
}

/** Per connection: writes between two snapshots (connections with none left out), most first. */
export function diffWrites(before: WritesSnapshot, after: WritesSnapshot): Array<[string, SocketWrites]> {
  const out: Array<[string, SocketWrites]> = [];
  for (const [port, now] of after) {
    const then = before.get(port) ?? { writes: 0, bytes: 0 };
    if (now.writes > then.writes) out.push([port, { writes: now.writes - then.writes, bytes: now.bytes - then.bytes }]);
  }
  return out.sort((a, b) => b[1].writes - a[1].writes);
}

/** Client port → "name (last command)" from CLIENT LIST, to tell sitrep's and BullMQ's connections apart. */
export function clientLabels(clientList: string): Map<string, string> {
  const labels = new Map<string, string>();
  for (const line of clientList.split('\n')) {
    const fields = new Map(line.trim().split(' ').map((pair) => {
      const eq = pair.indexOf('=');
      return [pair.slice(0, eq), pair.slice(eq + 1)] as const;
    }));
    const port = fields.get('addr')?.split(':').pop();
    if (port) labels.set(port, `${fields.get('name') || 'unnamed'} (last ${fields.get('cmd') ?? '?'})`);
  }
  return labels;
}
