import type { Job, JobType, Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import type { SitrepContext } from '../app/context.ts';
import { SitrepError } from '../errors.ts';
import { closeShardQueues, createShardQueues, queueLayout, type QueueLayout, type ShardQueues } from './queues.ts';
import { readStoredLayout, writeStoredLayout } from './queue-layout.ts';
import { allShards, shardOfFeed } from './shards.ts';
import { readWorkers } from './worker-registry.ts';
import { runScheduler } from '../../workers/scheduler.ts';

/** Job states a rebalance moves; completed ones are history and stay (they age out). */
const MOVED_STATES: JobType[] = ['waiting', 'prioritized', 'delayed', 'failed', 'active'];
const PAGE = 500;

export interface RebalanceReport {
  from: QueueLayout;
  to: QueueLayout;
  dryRun: boolean;
  /** Jobs moved (or, on a dry run, to move) per queue name and state. */
  moved: Record<string, Record<string, number>>;
  /** Scheduler-made polls dropped: the feed's scheduler is re-created in its new shard and polls from there. */
  droppedScheduledPolls: number;
  schedulersRemoved: number;
  stayed: number;
}

export class RebalanceRefusedError extends SitrepError {
  constructor(message: string) {
    super('SITREP_REBALANCE_REFUSED', message);
  }
}

type AnyQueue = Queue<{ feed: { id: string } }>;

function queuesOf(shard: ShardQueues): AnyQueue[] {
  return [shard.fetch, shard.items, shard.articles] as unknown as AnyQueue[];
}

/**
 * Moves every queued job of the stored layout's shards to the queue of its feed's shard under the configured
 * count, then re-creates the feed schedulers and records the new layout. Copy first, remove after: a crash in
 * between leaves a job in both places, which the idempotent pipeline turns into one record, never none.
 * Workers must be stopped (their active jobs would be moved under them).
 */
export async function rebalanceShards(context: SitrepContext, options: { dryRun?: boolean } = {}): Promise<RebalanceReport> {
  const dryRun = options.dryRun === true;
  const to = queueLayout(context.config.settings);
  const live = await readWorkers(context.redis, context.keys);
  if (live.length > 0) {
    const list = live.map((worker) => `${worker.host}:${worker.pid}`).join(', ');
    throw new RebalanceRefusedError(`${live.length} worker process${live.length === 1 ? ' is' : 'es are'} alive (${list}): stop them first, then run rebalance again`);
  }
  const from = (await readStoredLayout(context)) ?? { shards: 1, cluster: to.cluster };
  const report: RebalanceReport = { from, to, dryRun, moved: {}, droppedScheduledPolls: 0, schedulersRemoved: 0, stayed: 0 };
  // Jobs moved into a shard that is scanned later are not "already in place" there.
  const arrived = new Set<string>();
  const connection = context.newConnection();
  const oldShards = allShards(from.shards).map((shard) => createShardQueues(connection, context.config.settings, shard, from));
  try {
    for (const oldShard of oldShards) {
      const targetOf = (feedId: string) => context.queues.shards[shardOfFeed(feedId, to.shards)]!;
      if (targetOf('').prefix === oldShard.prefix && from.shards === to.shards) continue;
      report.schedulersRemoved += await removeMovedSchedulers(oldShard, targetOf, dryRun);
      for (const [index, queue] of queuesOf(oldShard).entries()) {
        for (const state of MOVED_STATES) {
          await moveState(queue, state, (feedId) => queuesOf(targetOf(feedId))[index]!, oldShard.prefix, report, dryRun, arrived, connection);
        }
      }
    }
    if (!dryRun) {
      await writeStoredLayout(context, to);
      await runScheduler(context);
    }
    return report;
  } finally {
    await Promise.all(oldShards.map(closeShardQueues));
    await connection.quit().catch(() => connection.disconnect());
  }
}

async function removeMovedSchedulers(oldShard: ShardQueues, targetOf: (feedId: string) => ShardQueues, dryRun: boolean): Promise<number> {
  let removed = 0;
  for (const scheduler of await oldShard.fetch.getJobSchedulers(0, -1)) {
    if (targetOf(scheduler.key).prefix === oldShard.prefix) continue;
    removed++;
    if (!dryRun) await oldShard.fetch.removeJobScheduler(scheduler.key);
  }
  return removed;
}

async function moveState(
  queue: AnyQueue,
  state: JobType,
  targetOf: (feedId: string) => AnyQueue,
  oldPrefix: string,
  report: RebalanceReport,
  dryRun: boolean,
  arrived: Set<string>,
  redis: Redis,
): Promise<void> {
  const arrivalKey = (prefix: string | undefined, name: string, id: string | undefined) => `${prefix}\u0000${name}\u0000${id}`;
  // Moved jobs leave the list, kept ones stay at its front: the next page starts after the kept ones.
  let kept = 0;
  let seen = 0;
  for (;;) {
    const jobs = (await queue.getJobs([state], dryRun ? seen : kept, (dryRun ? seen : kept) + PAGE - 1, true)).filter((job): job is Job => job !== undefined && job !== null);
    if (jobs.length === 0) return;
    seen += jobs.length;
    for (const job of jobs) {
      const feedId = (job.data as { feed?: { id?: string } } | undefined)?.feed?.id;
      const target = feedId === undefined ? null : targetOf(feedId);
      if (feedId === undefined || target === null || (target.opts.prefix === oldPrefix && target.name === queue.name)) {
        kept++;
        if (!arrived.has(arrivalKey(oldPrefix, queue.name, job.id))) report.stayed++;
        continue;
      }
      if (job.id?.startsWith('repeat:') || job.repeatJobKey !== undefined) {
        report.droppedScheduledPolls++;
        if (!dryRun) await removeJob(job, state);
        else kept++;
        continue;
      }
      const counts = (report.moved[queue.name] ??= {});
      counts[state] = (counts[state] ?? 0) + 1;
      if (dryRun) continue;
      const delay = state === 'delayed' ? await remainingDelayMs(redis, queue, job) : 0;
      arrived.add(arrivalKey(target.opts.prefix, target.name, job.id));
      await target.add(job.name, job.data, {
        // BullMQ refuses integer custom ids: a job that had an automatic id gets a new one (its content is what matters).
        ...(job.id !== undefined && !/^\d+$/.test(job.id) ? { jobId: job.id } : {}),
        ...(job.opts.priority ? { priority: job.opts.priority } : {}),
        ...(delay > 0 ? { delay } : {}),
      });
      await removeJob(job, state);
    }
  }
}

/** A delayed job's due time is its score in the delayed set (ms * 0x1000 + a counter), whatever delayed it (backoff too). */
async function remainingDelayMs(redis: Redis, queue: AnyQueue, job: Job): Promise<number> {
  const score = await redis.zscore(`${queue.opts.prefix}:${queue.name}:delayed`, job.id!);
  const dueMs = score === null ? job.timestamp + (job.opts.delay ?? 0) : Math.floor(Number(score) / 0x1000);
  return Math.max(0, dueMs - Date.now());
}

async function removeJob(job: Job, state: JobType): Promise<void> {
  try {
    await job.remove();
  } catch (err) {
    if (state === 'active') {
      throw new RebalanceRefusedError(`job ${job.id} in ${job.queueName} is still locked by a worker that stopped less than jobs.lockDurationMs ago; run rebalance again in a minute (it is copied already; nothing is lost)`);
    }
    throw err;
  }
}
