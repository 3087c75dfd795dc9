import type { FeedItem } from '../model/item.ts';
import { htmlToText } from './html-to-text.ts';
import { makeSnippet } from './make-snippet.ts';
import { stripBoilerplate } from './remove-boilerplate.ts';
import { repairMojibake } from './repair-mojibake.ts';
import { collapseWhitespace } from './collapse-whitespace.ts';

export interface ExtractOptions {
  maxSnippetChars: number;
}

export interface ExtractedItem {
  title: string;
  snippet: string;
  truncated: boolean;
}

/** FeedItem to clean title and snippet (summary preferred, else content): HTML to text, mojibake repair, boilerplate removal, snippet cut. */
export function extractItem(item: FeedItem, options: ExtractOptions): ExtractedItem {
  const title = cleanText(item.title);
  // A summary that is only markup (an image, an embed) says nothing: fall back to the content.
  let body = cleanText(item.summary);
  if (body === '') body = cleanText(item.content);
  const stripped = stripBoilerplate(body);
  const snippet = makeSnippet(stripped.text, options.maxSnippetChars);
  // A removed "[…]" or "Continue reading" means the feed itself only carried an excerpt.
  return { title, snippet: snippet.text, truncated: snippet.truncated || (stripped.cut && snippet.text !== '') };
}

function cleanText(value: string | null | undefined): string {
  if (typeof value !== 'string' || value === '') return '';
  const text = htmlToText(value);
  const repaired = repairMojibake(text);
  // Repair can surface no-break spaces and decomposed forms; normalise again only when it changed something.
  return repaired === text ? text : collapseWhitespace(repaired).trim().normalize('NFC');
}
