import { withCommandContext } from './command-context.ts';

/** `sitrep rebalance [--dry-run] [--json]`: moves queued jobs to the shards of the configured shard count. */
export async function runRebalanceCommand(values: Record<string, unknown>): Promise<number> {
  return withCommandContext(values, async (context) => {
    const { rebalanceShards } = await import('../queue/rebalance.ts');
    const report = await rebalanceShards(context, { dryRun: values['dry-run'] === true });
    if (values.json) {
      process.stdout.write(`${JSON.stringify(report)}\n`);
      return 0;
    }
    const moved = Object.entries(report.moved).map(([queue, states]) => `${queue} ${Object.entries(states).map(([state, count]) => `${count} ${state}`).join(', ')}`);
    const verb = report.dryRun ? 'would move' : 'moved';
    process.stdout.write(`shards ${report.from.shards} -> ${report.to.shards}: ${verb} ${moved.length > 0 ? moved.join('; ') : 'no jobs'}; ` +
      `${report.schedulersRemoved} feed schedulers re-homed, ${report.droppedScheduledPolls} scheduled polls left to the new schedulers, ${report.stayed} jobs already in place\n`);
    return 0;
  });
}
