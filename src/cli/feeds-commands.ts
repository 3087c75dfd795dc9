import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { SitrepError } from '../errors.ts';
import { COMMON_HELP, UsageError, configOptionsFrom } from './args.ts';
import { loadCommandConfig, withCommandContext } from './command-context.ts';

export const FEEDS_HELP = `Usage: sitrep feeds <subcommand> [options]

Subcommands:
  disable ID        scheduled polls skip the feed until it is enabled again (status and /api/feeds show it)
  enable ID         clears the disabled flag
  import FILE.opml  adds the OPML's feeds to the feed list file (--feeds), keeping existing entries;
                    feeds whose URL is already listed are skipped; nothing is written if any is invalid
  export            the feed list as OPML on stdout

${COMMON_HELP}`;

async function setDisabled(values: Record<string, unknown>, id: string | undefined, disabled: boolean): Promise<number> {
  if (!id) throw new UsageError(`feeds ${disabled ? 'disable' : 'enable'}: give a feed id`);
  return withCommandContext(values, async (context) => {
    if (!context.config.feeds.some((feed) => feed.id === id)) {
      throw new SitrepError('SITREP_FEED_UNKNOWN', `no feed "${id}" in ${context.config.feedsFile}`);
    }
    const { setFeedDisabled } = await import('../feed-health/feed-controls.ts');
    await setFeedDisabled(context.redis, context.keys, id, disabled);
    process.stdout.write(`feed ${id} ${disabled ? 'disabled' : 'enabled'}\n`);
    return 0;
  });
}

async function readOptional(file: string): Promise<string | null> {
  try {
    return await readFile(file, 'utf8');
  } catch (err) {
    if ((err as { code?: unknown }).code === 'ENOENT') return null;
    throw err;
  }
}

async function importOpml(values: Record<string, unknown>, opmlFile: string | undefined): Promise<number> {
  if (!opmlFile) throw new UsageError('feeds import: give an OPML file');
  const { parseOpml } = await import('../feed-health/opml.ts');
  const { mergeOpmlIntoFeedList } = await import('../feed-health/merge-feed-list.ts');
  const feedsFile = configOptionsFrom(values).feedsFile ?? process.env.SITREP_FEEDS ?? 'config/feeds.yaml';
  if (path.extname(feedsFile).toLowerCase() === '.opml') throw new UsageError(`feeds import: the feed list ${feedsFile} is OPML; import needs a YAML feed list`);
  let opmlText: string;
  try {
    opmlText = await readFile(opmlFile, 'utf8');
  } catch (err) {
    throw new SitrepError('SITREP_OPML_INVALID', `${opmlFile}: cannot read: ${(err as Error).message}`);
  }
  const outlines = parseOpml(opmlText);
  if (outlines.length === 0) throw new SitrepError('SITREP_OPML_INVALID', `${opmlFile}: no <outline xmlUrl=...> found`);
  const merged = mergeOpmlIntoFeedList(await readOptional(feedsFile), outlines);
  if (merged.text === null) {
    process.stderr.write(`${merged.errors.map((error) => `sitrep feeds import: ${error}`).join('\n')}\n`);
    return 2;
  }
  if (merged.added.length > 0) {
    // Write beside, load it as the service would (settings, clamping), then rename: a bad or
    // half-written list never replaces the good one.
    const tmp = `${feedsFile}.${process.pid}.tmp`;
    await writeFile(tmp, merged.text);
    try {
      await loadCommandConfig({ ...values, feeds: tmp });
      await rename(tmp, feedsFile);
    } finally {
      await rm(tmp, { force: true });
    }
  }
  for (const feed of merged.added) process.stdout.write(`added ${feed.id} ${feed.url}\n`);
  for (const skip of merged.skipped) process.stdout.write(`skipped ${skip.url} (${skip.reason})\n`);
  process.stdout.write(`${merged.added.length} added, ${merged.skipped.length} skipped -> ${feedsFile}\n`);
  return 0;
}

async function exportOpml(values: Record<string, unknown>): Promise<number> {
  const config = await loadCommandConfig(values);
  const { buildOpml } = await import('../feed-health/opml.ts');
  process.stdout.write(buildOpml(config.feeds));
  return 0;
}

/** `sitrep feeds disable|enable ID`, `feeds import FILE.opml`, `feeds export`. */
export async function runFeedsCommand(values: Record<string, unknown>, positionals: string[]): Promise<number> {
  const [sub, arg] = positionals;
  switch (sub) {
    case 'disable': return setDisabled(values, arg, true);
    case 'enable': return setDisabled(values, arg, false);
    case 'import': return importOpml(values, arg);
    case 'export': return exportOpml(values);
    default: throw new UsageError(`feeds: ${sub ? `unknown subcommand "${sub}"` : 'give a subcommand'} (disable, enable, import, export)\n\n${FEEDS_HELP}`);
  }
}
