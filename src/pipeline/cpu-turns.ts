import { performance } from 'node:perf_hooks';

/*
 * Turns at the CPU for the heavy synchronous steps of a worker process (parsing a fetched feed, preparing an
 * item). Without them a burst of finished fetches or item jobs runs back to back inside one event-loop
 * iteration: 50 polls whose responses land together parse one after another (~5 ms each) while timers, lock
 * renewals and Redis replies wait a quarter of a second. With them the waiting steps run in the check phase,
 * a few milliseconds' worth per loop iteration (TURN_BUDGET_MS), the rest in the following iterations. Steps
 * are still grouped within a turn, so Redis commands they issue still leave in one pipelined write.
 */

/** Time the steps of one turn may take together before the rest wait for the next loop iteration. */
export const TURN_BUDGET_MS = 8;

const waiting: Array<() => void> = [];
let scheduled = false;
let turnStartedAt = 0;

function startTurn(): void {
  scheduled = false;
  turnStartedAt = performance.now();
  grantOne();
}

function grantOne(): void {
  const next = waiting.shift();
  if (next === undefined) return;
  next();
  // Queued after the step's continuation, so it runs once that step has reached its next await.
  queueMicrotask(afterStep);
}

function afterStep(): void {
  if (waiting.length === 0) return;
  if (performance.now() - turnStartedAt < TURN_BUDGET_MS) {
    grantOne();
  } else if (!scheduled) {
    // Timers and I/O callbacks run before the next turn.
    scheduled = true;
    setImmediate(startTurn);
  }
}

/** Resolves when this caller may run its synchronous step: first come, first served, a few ms of steps per loop iteration. */
export function nextCpuTurn(): Promise<void> {
  return new Promise((resolve) => {
    waiting.push(resolve);
    if (!scheduled) {
      scheduled = true;
      setImmediate(startTurn);
    }
  });
}

/** Steps waiting for their turn (for tests). */
export function cpuTurnsWaiting(): number {
  return waiting.length;
}
