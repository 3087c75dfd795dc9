import type { Settings } from '../config/index.ts';

/** Lock and stalled-job options every sitrep BullMQ worker shares. */
export interface WorkerLockOptions {
  lockDuration: number;
  stalledInterval: number;
  maxStalledCount: number;
}

/**
 * Stalled-job recovery from settings: a killed worker's jobs are re-run once their lock
 * (jobs.lockDurationMs) expires and a stalled check (jobs.stalledIntervalMs) runs.
 */
export function workerLockOptions(settings: Settings): WorkerLockOptions {
  return {
    lockDuration: settings.jobs.lockDurationMs,
    stalledInterval: settings.jobs.stalledIntervalMs,
    maxStalledCount: settings.jobs.maxStalledCount,
  };
}
