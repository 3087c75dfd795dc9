import { spawn, spawnSync } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { SitrepRecord } from '../../src/model/index.ts';
import { startFixtureFeedServer, type FixtureFeedServer } from '../../src/demo/fixture-feed-server.ts';
import { rssFeed } from '../helpers/feed-builders.ts';

const BIN = path.resolve('bin/sitrep.js');

function runSitrep(args: string[], options: { input?: string; env?: NodeJS.ProcessEnv; timeoutMs?: number } = {}) {
  return spawnSync(process.execPath, [BIN, ...args], {
    input: options.input,
    env: { ...process.env, LOG_LEVEL: 'silent', ...options.env },
    encoding: 'utf8',
    timeout: options.timeoutMs ?? 60_000,
  });
}

function runSitrepAsync(args: string[]): Promise<{ status: number | null; stdout: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, LOG_LEVEL: 'silent' } });
    let stdout = '';
    child.stdout.on('data', (chunk) => { stdout += chunk; });
    child.once('exit', (status) => resolve({ status, stdout }));
  });
}

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'sitrep-cli-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('sitrep CLI', () => {
  it('when run without a command or with an unknown one, then usage and exit 2', () => {
    expect(runSitrep([]).status).toBe(2);
    const unknown = runSitrep(['frobnicate']);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toContain('unknown command "frobnicate"');
  });

  it('when --help is given to any command, then it prints that command\'s usage and exits 0', async () => {
    const commands = ['start', 'worker', 'scheduler', 'demo', 'status', 'tag', 'dedup', 'api'];
    // In parallel: each spawn pays tsx's start-up.
    const results = await Promise.all(commands.map((command) => runSitrepAsync([command, '--help'])));
    results.forEach((help, index) => {
      expect(help.status, commands[index]).toBe(0);
      expect(help.stdout, commands[index]).toContain(`sitrep ${commands[index]}`);
    });
  }, 60_000);

  it('when the feed list is invalid, then nothing starts, the field is named and exit is 2', async () => {
    const feeds = path.join(dir, 'bad.yaml');
    await writeFile(feeds, 'feeds:\n  - id: ok\n    url: https://a.example/rss\n    interval: whenever\n');
    const result = runSitrep(['start', '--feeds', feeds, '--data-dir', dir]);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain(`${feeds}:4`);
    expect(result.stderr).toContain('feeds.0.interval');
    const badWorker = runSitrep(['worker', '--queues', 'fetch,bogus', '--feeds', feeds]);
    expect(badWorker.status).toBe(2);
  });

  it('when the demo runs, then it exits 0 with a summary and leaves valid records', async () => {
    const dataDir = path.join(dir, 'demo-data');
    const result = runSitrep(['demo', '--data-dir', dataDir], { timeoutMs: 90_000, env: { REDIS_URL: '' } });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/feeds\s+7 \(7 ok, 0 failing\)/);
    expect(result.stdout).toMatch(/duplicates\s+[1-9]\d*/);
    expect(result.stdout).toContain('North Korea (KP)');
    const recordsDir = path.join(dataDir, 'demo', 'records');
    const files = await readdir(recordsDir);
    const records = (await Promise.all(files.map((file) => readFile(path.join(recordsDir, file), 'utf8'))))
      .flatMap((text) => text.trim().split('\n'))
      .map((line) => JSON.parse(line) as SitrepRecord);
    const items = Number(/items\s+(\d+)/.exec(result.stdout)?.[1]);
    expect(records.length).toBe(items);
    expect(new Set(records.map((record) => record.id)).size).toBe(records.length);
    const cyrillic = records.find((record) => record.feed.id === 'stepnoy-kurier');
    expect(cyrillic?.title).toMatch(/[\u0400-\u04ff]/);
    expect(records.some((record) => record.snippet.includes('â€'))).toBe(false);
  });

  it('when tag and dedup read NDJSON, then one line per input line comes out, bad lines as errors', () => {
    const input = [
      JSON.stringify({ id: 'a', text: 'Russia says no, but Ukraine and South Korea point to a deepening relationship between Pyongyang and Moscow.' }),
      '{not json',
      JSON.stringify({ id: 'b' }),
      JSON.stringify({ id: 'c', text: 'Russia says no — but Ukraine and South Korea point to a deepening relationship between Pyongyang and Moscow ...' }),
    ].join('\n');
    const tagged = runSitrep(['tag'], { input });
    expect(tagged.status).toBe(0);
    const lines = tagged.stdout.trim().split('\n').map((line) => JSON.parse(line));
    expect(lines).toHaveLength(4);
    expect(lines[0].id).toBe('a');
    expect(lines[0].entities.countries.map((country: { iso2: string }) => country.iso2)).toEqual(['RU', 'UA', 'KR', 'KP']);
    expect(lines[1]).toMatchObject({ id: 2, error: expect.stringContaining('invalid JSON') });
    expect(lines[2]).toMatchObject({ id: 'b', error: expect.stringContaining('text') });
    const deduped = runSitrep(['dedup'], { input }).stdout.trim().split('\n').map((line) => JSON.parse(line));
    expect(deduped[0]).toEqual({ id: 'a', duplicateOf: null, cluster: 'a', story: 'a' });
    expect(deduped[3]).toEqual({ id: 'c', duplicateOf: 'a', cluster: 'a', story: 'a' });
  });

  describe('start, status and SIGTERM', () => {
    let server: FixtureFeedServer;
    beforeAll(async () => {
      server = await startFixtureFeedServer([{ path: '/f.xml', contentType: 'application/rss+xml', body: rssFeed('F', [
        { guid: 'f1', title: 'Engineers', description: 'Ukraine says North Korean military engineers have been sent to Russia.' },
      ]) }]);
    });
    afterAll(async () => {
      await server.close();
    });

    it('when started, then it prints its URL first, serves health, reports status and exits 0 on SIGTERM', async () => {
      const dataDir = path.join(dir, 'start-data');
      const feeds = path.join(dir, 'feeds.yaml');
      await writeFile(feeds, `feeds:\n  - id: fixture\n    url: ${server.url}/f.xml\n    interval: 30s\n`);
      const env = { ...process.env, LOG_LEVEL: 'silent', SITREP_ALLOW_PRIVATE_NETWORKS: '1', REDIS_URL: inject('redisUrl'), SITREP_REDIS_PREFIX: `cli-${process.pid}` };
      const child = spawn(process.execPath, [BIN, 'start', '--feeds', feeds, '--data-dir', dataDir, '--http-port', '0'], { env });
      let stdout = '';
      child.stdout.on('data', (chunk) => { stdout += chunk; });
      const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
      try {
        const url = await new Promise<string>((resolve, reject) => {
          const timer = setTimeout(() => reject(new Error(`no URL printed: ${stdout}`)), 20_000);
          child.stdout.on('data', () => {
            const match = /^sitrep serving on (http:\/\/127\.0\.0\.1:\d+)$/m.exec(stdout);
            if (match) {
              clearTimeout(timer);
              resolve(match[1]!);
            }
          });
        });
        expect(stdout.split('\n')[0]).toBe(`sitrep serving on ${url}`);
        expect((await fetch(`${url}/healthz`)).status).toBe(200);
        const ready = await fetch(`${url}/readyz`);
        expect(ready.status).toBe(200);
        let feedsBody: { feeds: Array<{ id: string; status: string; itemCount: number }> } = { feeds: [] };
        for (let i = 0; i < 100 && feedsBody.feeds[0]?.itemCount !== 1; i++) {
          feedsBody = await (await fetch(`${url}/api/feeds`)).json() as typeof feedsBody;
          await new Promise((resolve) => setTimeout(resolve, 100));
        }
        expect(feedsBody.feeds[0]).toMatchObject({ id: 'fixture', status: 'ok', itemCount: 1 });
        const status = runSitrep(['status', '--feeds', feeds, '--data-dir', dataDir], { env: { REDIS_URL: env.REDIS_URL, SITREP_REDIS_PREFIX: env.SITREP_REDIS_PREFIX } });
        expect(status.status).toBe(0);
        expect(status.stdout).toMatch(/fixture\s+ok\s+1\s+0/);
        expect(status.stdout).toContain('1 feeds, 0 failing');
      } finally {
        child.kill('SIGTERM');
      }
      expect(await exited).toBe(0);
    });
  });
});
