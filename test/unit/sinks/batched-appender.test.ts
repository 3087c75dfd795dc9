import { readFileSync } from 'node:fs';
import { mkdtemp, open, readFile, rm, writeFile } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BatchedAppender, type OpenForAppend } from '../../../src/sinks/batched-appender.ts';
import { recordingOpener } from '../../helpers/recording-opener.ts';

const lines = (count: number, prefix = 'line') => Array.from({ length: count }, (_, i) => `{"${prefix}":${i}}\n`);

describe('BatchedAppender', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'sitrep-appender-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('when many lines are appended at once, then the file has them whole and in call order, from fewer writes than lines', async () => {
    const opener = recordingOpener();
    const appender = new BatchedAppender(dir, { openFile: opener.openFile, maxBatchLines: 50 });
    const wanted = lines(230);
    await Promise.all(wanted.map((line) => appender.append('a.ndjson', line)));
    await appender.close();
    expect(await readFile(path.join(dir, 'a.ndjson'), 'utf8')).toBe(wanted.join(''));
    // Capped at 50 lines a batch.
    expect(opener.writes.map((write) => write.text.split('\n').length - 1)).toEqual([50, 50, 50, 50, 30]);
  });

  it('when lines are appended while a write is in flight, then they go out together in the next write', async () => {
    const opener = recordingOpener();
    const appender = new BatchedAppender(dir, { openFile: opener.openFile });
    const first = appender.append('a.ndjson', 'first\n');
    // Requested after the first write started (the appender waits one tick before writing).
    await new Promise<void>((resolve) => setImmediate(resolve));
    const later = ['second\n', 'third\n', 'fourth\n'].map((line) => appender.append('a.ndjson', line));
    await Promise.all([first, ...later]);
    await appender.close();
    expect(opener.writes.map((write) => write.text)).toEqual(['first\n', 'second\nthird\nfourth\n']);
  });

  it('when a batch would pass maxBatchBytes, then the next line starts a new write, and a longer line goes alone', async () => {
    const opener = recordingOpener();
    const appender = new BatchedAppender(dir, { openFile: opener.openFile, maxBatchBytes: 10 });
    await Promise.all(['aaaa\n', 'bbbb\n', 'cccc\n', `${'x'.repeat(20)}\n`, 'dd\n'].map((line) => appender.append('a.ndjson', line)));
    await appender.close();
    expect(opener.writes.map((write) => write.text)).toEqual(['aaaa\nbbbb\n', 'cccc\n', `${'x'.repeat(20)}\n`, 'dd\n']);
  });

  it('when each append resolves, then its own line is already in the file', async () => {
    // Slow writes: a line reported before its write ends would not be in the file yet.
    const slowOpen: OpenForAppend = async (filePath) => {
      const handle = await open(filePath, 'a');
      return {
        write: async (buffer) => (await sleep(20), handle.write(buffer)),
        stat: () => handle.stat(),
        truncate: (length) => handle.truncate(length),
        close: () => handle.close(),
      };
    };
    const appender = new BatchedAppender(dir, { openFile: slowOpen });
    const file = path.join(dir, 'a.ndjson');
    // Read synchronously at resolution, before any other I/O can complete.
    const seen = await Promise.all(lines(100).map((line) => appender.append('a.ndjson', line).then(() => readFileSync(file, 'utf8').includes(line))));
    await appender.close();
    expect(seen.every(Boolean)).toBe(true);
  });

  it('when lines for two files are interleaved (a day change), then no write mixes files and each file keeps call order', async () => {
    const opener = recordingOpener();
    const appender = new BatchedAppender(dir, { openFile: opener.openFile });
    const calls: Array<[string, string]> = [['a', 'a1'], ['a', 'a2'], ['b', 'b1'], ['b', 'b2'], ['a', 'a3'], ['b', 'b3']];
    await Promise.all(calls.map(([file, line]) => appender.append(`${file}.ndjson`, `${line}\n`)));
    await appender.close();
    expect(opener.writes).toEqual([
      { file: 'a.ndjson', text: 'a1\na2\n' },
      { file: 'b.ndjson', text: 'b1\nb2\n' },
      { file: 'a.ndjson', text: 'a3\n' },
      { file: 'b.ndjson', text: 'b3\n' },
    ]);
    expect(await readFile(path.join(dir, 'a.ndjson'), 'utf8')).toBe('a1\na2\na3\n');
    expect(await readFile(path.join(dir, 'b.ndjson'), 'utf8')).toBe('b1\nb2\nb3\n');
  });

  it('when a batch is written short (disk full), then the file is cut back to before the batch, every line of it is rejected, and the next batch is written', async () => {
    const opener = recordingOpener();
    const file = path.join(dir, 'a.ndjson');
    await writeFile(file, 'before\n');
    const appender = new BatchedAppender(dir, { openFile: opener.openFile });
    opener.shortWrites(1);
    const results = await Promise.allSettled(lines(20).map((line) => appender.append('a.ndjson', line)));
    // The short write did put half the batch on disk before it was cut off.
    expect(opener.writes).toHaveLength(1);
    expect(opener.writes[0]!.text.length).toBeGreaterThan(0);
    expect(results.map((result) => result.status)).toEqual(Array(20).fill('rejected'));
    expect((results[0] as PromiseRejectedResult).reason).toMatchObject({ code: 'ENOSPC' });
    expect(await readFile(file, 'utf8')).toBe('before\n');
    await appender.append('a.ndjson', 'after\n');
    await appender.close();
    expect(await readFile(file, 'utf8')).toBe('before\nafter\n');
  });

  it('when a write fails, then every line of its batch is rejected with that error and the file is unchanged', async () => {
    const opener = recordingOpener();
    const file = path.join(dir, 'a.ndjson');
    await writeFile(file, 'before\n');
    const appender = new BatchedAppender(dir, { openFile: opener.openFile });
    const failure = Object.assign(new Error('EIO: i/o error, write'), { code: 'EIO' });
    opener.failWrites(1, failure);
    const results = await Promise.allSettled(lines(5).map((line) => appender.append('a.ndjson', line)));
    expect(results).toEqual(Array(5).fill({ status: 'rejected', reason: failure }));
    expect(await readFile(file, 'utf8')).toBe('before\n');
    await appender.close();
  });

  it('when closed with lines still queued, then they are written before the file closes', async () => {
    const appender = new BatchedAppender(dir);
    const pending = lines(10).map((line) => appender.append('a.ndjson', line));
    await appender.close();
    expect(await readFile(path.join(dir, 'a.ndjson'), 'utf8')).toBe(lines(10).join(''));
    await Promise.all(pending);
  });
});
