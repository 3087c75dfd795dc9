import type { Job, Worker } from 'bullmq';
import type { FetchOutcome } from '../fetch/http-fetcher.ts';
import type { Entities } from '../model/index.ts';
import type { FetchJobResult } from '../queue/names.ts';
import type { SitrepMetrics } from './metrics.ts';
import type { ThroughputRecorder } from './throughput.ts';

/** The status class and error kind of one poll, for FetchJobResult (pure). */
export function describeFetch(fetched: FetchOutcome | null, outcome: FetchJobResult['outcome']): Pick<FetchJobResult, 'statusClass' | 'errorKind'> {
  const status = fetched?.status ?? null;
  const statusClass = status !== null && status >= 100 && status < 600 ? `${Math.floor(status / 100)}xx` : 'none';
  if (outcome !== 'error') return { statusClass };
  // A fetch that succeeded but still ended in 'error' failed to parse.
  return { statusClass, errorKind: fetched?.kind === 'error' ? fetched.errorKind : 'parse' };
}

/** Entities per kind in a record (pure; for ItemJobResult). */
export function countEntities(entities: Entities): Record<string, number> {
  return {
    countries: entities.countries.length,
    units: entities.units.length,
    figures: entities.figures.length,
    people: entities.people.length,
    organizations: entities.organizations.length,
    dates: entities.dates.length,
  };
}

interface ItemResultShape {
  duplicateOf?: string | null;
  duplicate?: boolean;
  written?: Record<string, boolean>;
  entities?: Record<string, number>;
}

function durationSeconds(job: Job | undefined): number | null {
  if (!job?.processedOn) return null;
  const end = job.finishedOn ?? Date.now();
  return Math.max(0, (end - job.processedOn) / 1_000);
}

/** Applies one completed job's return value to the metrics (and the throughput counter for items). */
export function recordCompletedJob(stage: string, job: Job | undefined, result: unknown, metrics: SitrepMetrics, throughput: ThroughputRecorder | null): void {
  const seconds = durationSeconds(job);
  if (seconds !== null) metrics.jobDurationSeconds.observe({ stage }, seconds);
  if (result === null || typeof result !== 'object') return;
  if (stage === 'fetch') {
    const poll = result as Partial<FetchJobResult>;
    if (typeof poll.outcome !== 'string') return;
    metrics.feedPolls.inc({ status_class: poll.statusClass ?? 'none', result: poll.outcome, error_kind: poll.errorKind ?? '' });
    return;
  }
  if (stage !== 'items') return;
  const item = result as ItemResultShape;
  const duplicate = item.duplicate ?? (item.duplicateOf !== null && item.duplicateOf !== undefined);
  metrics.items.inc({ result: duplicate ? 'duplicate' : 'new' });
  let wroteAny = false;
  for (const [sink, wrote] of Object.entries(item.written ?? {})) {
    if (!wrote) continue;
    wroteAny = true;
    metrics.recordsWritten.inc({ sink });
  }
  for (const [kind, count] of Object.entries(item.entities ?? {})) {
    if (count > 0) metrics.entitiesTagged.inc({ kind }, count);
  }
  // A retried job that found its record already written is not new throughput.
  if (wroteAny) throughput?.record();
}

/** The one place worker events become metrics: hooks 'completed' and 'failed' on each worker (stage = queue name). */
export function instrumentWorkers(workers: Worker[], metrics: SitrepMetrics, throughput: ThroughputRecorder | null): void {
  for (const worker of workers) {
    const stage = worker.name;
    worker.on('completed', (job, result) => recordCompletedJob(stage, job, result, metrics, throughput));
    worker.on('failed', (job) => {
      metrics.jobsFailed.inc({ stage });
      const seconds = durationSeconds(job);
      if (seconds !== null) metrics.jobDurationSeconds.observe({ stage }, seconds);
    });
  }
}
