import { describe, expect, it } from 'vitest';
import { performance } from 'node:perf_hooks';
import { cpuTurnsWaiting, nextCpuTurn, TURN_BUDGET_MS } from '../../../src/pipeline/cpu-turns.ts';

function busyFor(ms: number): void {
  const until = performance.now() + ms;
  while (performance.now() < until) { /* a synchronous step */ }
}

describe('CPU turns', () => {
  it('when a burst of heavy steps waits, then they run in arrival order and a timer gets the loop between turns', async () => {
    const events: string[] = [];
    const stepMs = TURN_BUDGET_MS / 2 + 1;
    setTimeout(() => events.push('timer'), 0);
    const steps = Array.from({ length: 8 }, async (_, index) => {
      await nextCpuTurn();
      busyFor(stepMs);
      events.push(`step ${index}`);
    });
    expect(cpuTurnsWaiting()).toBe(8);
    await Promise.all(steps);
    expect(events.filter((event) => event.startsWith('step'))).toEqual(Array.from({ length: 8 }, (_, index) => `step ${index}`));
    // 8 steps of more than half a turn's budget each cannot share one turn: the timer runs before the last of them.
    const timerAt = events.indexOf('timer');
    expect(timerAt).toBeGreaterThan(0);
    expect(timerAt).toBeLessThan(events.length - 1);
    expect(cpuTurnsWaiting()).toBe(0);
  });

  it('when steps are cheap, then one turn runs several of them', async () => {
    let laterMacrotaskRan = false;
    const sawLaterMacrotask: boolean[] = [];
    await Promise.all(Array.from({ length: 20 }, async (_, index) => {
      await nextCpuTurn();
      if (index === 0) setImmediate(() => { laterMacrotaskRan = true; });
      sawLaterMacrotask.push(laterMacrotaskRan);
    }));
    // All twenty fit in the first turn's budget: none of them waited for another loop iteration.
    expect(sawLaterMacrotask).toEqual(Array.from({ length: 20 }, () => false));
  });

  it('when a step throws, then the steps after it still get their turn', async () => {
    const results = await Promise.allSettled([0, 1, 2].map(async (index) => {
      await nextCpuTurn();
      if (index === 1) throw new Error('bad item');
      return index;
    }));
    expect(results.map((result) => result.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
  });
});
