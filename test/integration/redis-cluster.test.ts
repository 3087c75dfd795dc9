import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Cluster } from 'ioredis';
import { Queue, Worker, type Job } from 'bullmq';
import { portIsFree, startRedisCluster, type RedisCluster } from '../helpers/redis-cluster.ts';

const TIMEOUT_MS = 60_000;

function nodeHoldingKeys(counts: number[]): number {
  const holders = counts.flatMap((count, index) => (count > 0 ? [index] : []));
  expect(holders, `keys spread over several nodes: ${counts.join(',')}`).toHaveLength(1);
  return holders[0] as number;
}

describe('local Redis Cluster harness', () => {
  let cluster: RedisCluster;
  let client: Cluster;

  beforeAll(async () => {
    cluster = await startRedisCluster({ masters: 3 });
    // BullMQ workers need maxRetriesPerRequest: null on every node connection.
    client = new Cluster(cluster.seedNodes, { redisOptions: { maxRetriesPerRequest: null } });
  }, TIMEOUT_MS);

  afterAll(async () => {
    client?.disconnect();
    await cluster?.stop();
  }, TIMEOUT_MS);

  it('when started, then 3 distinct loopback masters serve all 16384 slots', async () => {
    expect(cluster.nodes).toHaveLength(3);
    const ports = cluster.nodes.map((node) => node.port);
    expect(new Set(ports).size).toBe(3);
    expect(ports).not.toContain(6379);
    expect(cluster.urls).toEqual(ports.map((port) => `redis://127.0.0.1:${port}`));
    for (const node of cluster.nodes) expect(() => process.kill(node.pid, 0)).not.toThrow();
    const info = (await client.cluster('INFO')) as string;
    expect(info).toMatch(/cluster_state:ok/);
    expect(info).toMatch(/cluster_slots_assigned:16384/);
    expect(info).toMatch(/cluster_size:3/);
  }, TIMEOUT_MS);

  it('when keys carry different hash tags, then they land on different masters; one tag stays on one', async () => {
    const keys = ['{a}x', '{b}y', '{c}z'];
    const slots = await Promise.all(keys.map((key) => client.cluster('KEYSLOT', key) as Promise<number>));
    expect(new Set(slots).size).toBe(3);
    expect(await client.cluster('KEYSLOT', '{a}other')).toBe(slots[0]);

    for (const key of keys) await client.set(key, 'v');
    await client.set('{a}other', 'v');
    const tagged = await Promise.all(['{a}*', '{b}*', '{c}*'].map((pattern) => cluster.keyCountsPerNode(pattern)));
    const owners = tagged.map(nodeHoldingKeys);
    expect(new Set(owners).size).toBe(3);
    expect(tagged[0]?.[owners[0] as number]).toBe(2);
    expect((await cluster.keyCountsPerNode()).reduce((a, b) => a + b, 0)).toBe(4);
    // A multi-key command across tags is what the cluster refuses; within a tag it works.
    await expect(client.mget('{a}x', '{b}y')).rejects.toThrow(/CROSSSLOT/);
    expect(await client.mget('{a}x', '{a}other')).toEqual(['v', 'v']);
  }, TIMEOUT_MS);

  it('when a BullMQ queue is prefixed {sitrep:N}, then a worker on a Cluster connection processes its jobs on one master', async () => {
    const prefixes = ['{sitrep:0}', '{sitrep:1}'];
    const queues = prefixes.map((prefix) => new Queue('smoke', { connection: client, prefix }));
    const processed = new Map<string, number[]>(prefixes.map((prefix) => [prefix, []]));
    const workers = prefixes.map((prefix) => new Worker('smoke', async (job: Job<{ n: number }>) => {
      processed.get(prefix)?.push(job.data.n);
      return job.data.n * 2;
    }, { connection: client, prefix, concurrency: 2 }));
    try {
      const jobs = await Promise.all(queues.map((queue) => queue.addBulk([1, 2, 3, 4, 5].map((n) => ({ name: 'double', data: { n } })))));
      const deadline = Date.now() + 20_000;
      for (;;) {
        const counts = await Promise.all(queues.map((queue) => queue.getJobCounts('completed', 'failed')));
        if (counts.every((count) => (count.completed ?? 0) + (count.failed ?? 0) === 5)) {
          expect(counts.map((count) => count.failed)).toEqual([0, 0]);
          break;
        }
        if (Date.now() > deadline) throw new Error(`jobs not processed in time: ${JSON.stringify(counts)}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      for (const [i, queue] of queues.entries()) {
        const first = await queue.getJob(jobs[i]?.[0]?.id ?? '');
        expect(first?.returnvalue).toBe(2);
        expect([...(processed.get(prefixes[i] ?? '') ?? [])].sort()).toEqual([1, 2, 3, 4, 5]);
      }
      // Every key of a queue shares its prefix's hash slot, so one master holds all of them.
      const owner0 = nodeHoldingKeys(await cluster.keyCountsPerNode('{sitrep:0}*'));
      const owner1 = nodeHoldingKeys(await cluster.keyCountsPerNode('{sitrep:1}*'));
      expect(owner0).not.toBe(owner1);
      const cpu = await cluster.cpuSecondsPerNode();
      expect(cpu).toHaveLength(3);
      for (const seconds of cpu) expect(seconds).toBeGreaterThan(0);
    } finally {
      await Promise.all(workers.map((worker) => worker.close()));
      await Promise.all(queues.map((queue) => queue.close()));
    }
  }, TIMEOUT_MS);

  it('when stopped, then the nodes are gone and their ports and bus ports are free', async () => {
    client.disconnect();
    await cluster.stop();
    for (const node of cluster.nodes) {
      expect(() => process.kill(node.pid, 0)).toThrow();
      expect(await portIsFree(node.port)).toBe(true);
      expect(await portIsFree(node.port + 10_000)).toBe(true);
    }
  }, TIMEOUT_MS);
});
