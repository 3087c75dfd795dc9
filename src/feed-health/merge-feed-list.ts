import { isSeq, parseDocument, YAMLSeq } from 'yaml';
import { feedEntrySchema, feedListSchema } from '../config/schema.ts';
import { makeFeedId, type OpmlOutline } from './opml.ts';

export interface MergeFeedListResult {
  /** The new feed list file (existing entries, comments and layout kept); null when the merge was refused. */
  text: string | null;
  added: Array<{ id: string; url: string }>;
  /** Outlines left out: their URL or id was already listed. */
  skipped: Array<{ url: string; reason: string }>;
  /** Why the merge was refused (an invalid outline or an unreadable feed list); empty on success. */
  errors: string[];
}

/**
 * Pure: adds OPML outlines to a YAML feed list text, keeping what is there. Outlines whose URL is already
 * listed are skipped; ids come from sitrep:id or the title. Any invalid outline refuses the whole merge.
 */
export function mergeOpmlIntoFeedList(existingText: string | null, outlines: readonly OpmlOutline[]): MergeFeedListResult {
  const result: MergeFeedListResult = { text: null, added: [], skipped: [], errors: [] };
  const doc = parseDocument(existingText !== null && existingText.trim() !== '' ? existingText : 'feeds: []\n');
  if (doc.errors.length > 0) {
    result.errors.push(`feed list is not valid YAML: ${doc.errors[0]?.message ?? 'parse error'}`);
    return result;
  }
  if (!doc.has('feeds')) doc.set('feeds', new YAMLSeq());
  const seq = doc.get('feeds');
  if (!isSeq(seq)) {
    result.errors.push('feed list: "feeds" is not a list');
    return result;
  }
  const current = (doc.toJS() as { feeds?: Array<{ id?: unknown; url?: unknown }> }).feeds ?? [];
  const takenIds = new Set(current.map((feed) => String(feed.id)));
  const knownUrls = new Set(current.map((feed) => String(feed.url)));
  outlines.forEach((outline, index) => {
    if (knownUrls.has(outline.url)) {
      result.skipped.push({ url: outline.url, reason: 'already listed' });
      return;
    }
    if (outline.id !== undefined && takenIds.has(outline.id)) {
      result.skipped.push({ url: outline.url, reason: `id "${outline.id}" already listed` });
      return;
    }
    const id = outline.id ?? makeFeedId(outline.title ?? outline.url, takenIds);
    takenIds.add(id);
    const entry: Record<string, unknown> = { id, url: outline.url };
    if (outline.title !== undefined) entry.title = outline.title;
    if (outline.interval !== undefined) entry.interval = /^\d+$/.test(outline.interval) ? Number(outline.interval) : outline.interval;
    const checked = feedEntrySchema.safeParse(entry);
    if (!checked.success) {
      const issue = checked.error.issues[0];
      result.errors.push(`outline ${index + 1} (${outline.url.slice(0, 200)}): ${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'invalid'}`);
      return;
    }
    knownUrls.add(outline.url);
    seq.add(doc.createNode(entry));
    result.added.push({ id, url: outline.url });
  });
  if (result.errors.length > 0) return result;
  const whole = feedListSchema.safeParse(doc.toJS());
  if (!whole.success) {
    const issue = whole.error.issues[0];
    result.errors.push(`merged feed list is invalid: ${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'invalid'}`);
    return result;
  }
  result.text = doc.toString();
  return result;
}
