import { describe, expect, it } from 'vitest';
import { createHostLimiter } from '../../../src/article/host-limiter.ts';

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((done) => { resolve = done; });
  return { promise, resolve };
}

describe('createHostLimiter', () => {
  it('when more tasks than the limit target one host, then at most the limit run at once, in FIFO order', async () => {
    const limiter = createHostLimiter(2);
    const gates = [deferred(), deferred(), deferred(), deferred()];
    const started: number[] = [];
    let running = 0;
    let peak = 0;
    const runs = gates.map((gate, index) => limiter.run('a.example', async () => {
      started.push(index);
      running++;
      peak = Math.max(peak, running);
      await gate.promise;
      running--;
      return index;
    }));
    await Promise.resolve();
    expect(started).toEqual([0, 1]);
    expect(limiter.pending('a.example')).toBe(4);
    gates[1]!.resolve();
    await runs[1];
    await new Promise((resolve) => setImmediate(resolve));
    expect(started).toEqual([0, 1, 2]);
    for (const gate of gates) gate.resolve();
    expect(await Promise.all(runs)).toEqual([0, 1, 2, 3]);
    expect(peak).toBe(2);
    expect(limiter.pending('a.example')).toBe(0);
  });

  it('when hosts differ, then they do not wait for each other', async () => {
    const limiter = createHostLimiter(1);
    const gate = deferred();
    const slow = limiter.run('a.example', () => gate.promise);
    await expect(limiter.run('b.example', async () => 'b')).resolves.toBe('b');
    gate.resolve();
    await slow;
  });

  it('when a task throws, then its slot is released and the error propagates', async () => {
    const limiter = createHostLimiter(1);
    await expect(limiter.run('a.example', async () => { throw new Error('boom'); })).rejects.toThrow('boom');
    await expect(limiter.run('a.example', async () => 'next')).resolves.toBe('next');
    expect(limiter.pending('a.example')).toBe(0);
  });
});
