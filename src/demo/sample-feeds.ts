import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import type { FixtureRoute } from './fixture-feed-server.ts';

export interface SampleFeed {
  id: string;
  title: string;
  /** File name inside the feeds folder. */
  file: string;
  /** Content-Type to serve it with, charset included. */
  contentType: string;
  /** Poll interval as written in config (30s, 1m, ...). */
  interval: string;
  /** Path the fixture server serves it on: '/feeds/<file>'. */
  path: string;
  /** File bytes as they are on disk (not decoded). */
  body: Buffer;
}

const DEFAULT_FEEDS_DIR = fileURLToPath(new URL('../../demo/feeds/', import.meta.url));
const MANIFEST_FILE = 'manifest.json';

const manifestSchema = z
  .array(
    z.object({
      id: z.string().regex(/^[a-z0-9-]+$/, 'feed id must match [a-z0-9-]+'),
      // A bare file name: the manifest must not reach outside its folder.
      file: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'file must be a plain file name'),
      contentType: z.string().min(1),
      title: z.string().min(1),
      interval: z.string().regex(/^\d+(?:s|m|h)?$/, 'interval must look like 30s, 10m, 1h or seconds'),
    }),
  )
  .min(1)
  .superRefine((entries, ctx) => {
    const seen = new Set<string>();
    entries.forEach((entry, index) => {
      if (seen.has(entry.id)) {
        ctx.addIssue({ code: 'custom', message: `duplicate feed id '${entry.id}'`, path: [index, 'id'] });
      }
      seen.add(entry.id);
    });
  });

/** Reads demo/feeds/manifest.json and the files it lists (bytes as they are); `dir` overrides the folder.
 *  Rejects with a message naming the field when the manifest is invalid or a file is missing. */
export async function loadSampleFeeds(dir: string = DEFAULT_FEEDS_DIR): Promise<SampleFeed[]> {
  const manifestPath = join(dir, MANIFEST_FILE);
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(manifestPath, 'utf8'));
  } catch (err) {
    throw new Error(`${manifestPath}: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
  }
  const parsed = manifestSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue === undefined ? '' : issue.path.join('.');
    throw new Error(`${manifestPath}: invalid manifest at [${where}]: ${issue?.message ?? 'unknown error'}`);
  }
  return Promise.all(
    parsed.data.map(async (entry) => ({
      ...entry,
      path: `/feeds/${entry.file}`,
      body: await readFile(join(dir, entry.file)),
    })),
  );
}

/** Turns sample feeds into fixture-server routes (one per feed, on its `path`). */
export function makeSampleFeedRoutes(feeds: readonly SampleFeed[]): FixtureRoute[] {
  return feeds.map((feed) => ({ path: feed.path, body: feed.body, contentType: feed.contentType }));
}
