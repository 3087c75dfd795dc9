import { parseDocument } from 'htmlparser2';
import { collapseWhitespace } from './collapse-whitespace.ts';

/** The slice of the domhandler node shape we read (avoids depending on domhandler directly). */
interface DomNode {
  type: string;
  name?: string;
  data?: string;
  children?: DomNode[];
}

/** Elements whose content is never article text. */
const DROPPED_ELEMENTS = new Set([
  'script', 'style', 'noscript', 'iframe', 'figure', 'figcaption', 'svg', 'form', 'template',
  'object', 'embed', 'video', 'audio', 'canvas', 'head', 'button', 'select', 'textarea', 'math',
]);

/** Elements that end a line visually: their edges become spaces so words never glue together. */
const BREAK_ELEMENTS = new Set([
  'p', 'div', 'br', 'hr', 'li', 'ul', 'ol', 'dl', 'dt', 'dd', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6',
  'blockquote', 'pre', 'table', 'thead', 'tbody', 'tfoot', 'tr', 'td', 'th', 'caption', 'section',
  'article', 'aside', 'header', 'footer', 'nav', 'main', 'address', 'details', 'summary', 'center',
  'fieldset', 'legend', 'picture', 'img', 'body', 'html', 'title', 'option',
]);

const MARKUP_HINT = /[<&]/;
// Soft hyphen and zero-width space are invisible; C0 controls other than whitespace are junk.
const INVISIBLE = /[\u00ad\u200b\u0000-\u0008\u000e-\u001f\u007f]/g;
// Markup that survived as text because the feed escaped its HTML twice ("&lt;p&gt;").
const ESCAPED_MARKUP =
  /<\/?(?:p|br|div|span|a|b|i|u|em|strong|img|li|ul|ol|h[1-6]|blockquote|figure|figcaption|iframe|script|style|table|tr|td)(?:\s[^<>]*)?\/?>/i;

// Snippets are plain text, never markup: whatever still looks like a tag or a script URL after decoding
// (an "<svg onload=...>" escaped twice, a bare "javascript:" title) is taken out, so no consumer can render it.
const NEEDS_NEUTRALIZING = /<[a-z!/?]|script\s*:/i;
const RESIDUAL_TAG = /<\/?[a-z][a-z0-9-]*(?:\s[^<>]*)?\/?>|<!--[\s\S]*?(?:-->|$)/gi;
const TAG_START = /<(?=[a-z!/?])/gi;
const SCRIPT_URL = /\b(?:java|vb)script\s*:/gi;

/** HTML fragment to plain text: non-content elements dropped, entities decoded, blocks become spaces, whitespace collapsed, NFC. */
export function htmlToText(html: string): string {
  if (typeof html !== 'string' || html.length === 0) return '';
  if (!MARKUP_HINT.test(html)) return neutralize(finish(html));
  const text = finish(extractText(html));
  // One extra pass for double-escaped HTML; bounded so it cannot loop.
  return neutralize(ESCAPED_MARKUP.test(text) ? finish(extractText(text)) : text);
}

function neutralize(text: string): string {
  if (!NEEDS_NEUTRALIZING.test(text)) return text;
  // A '<' that starts no tag stays readable as a single angle quote.
  return finish(text.replace(RESIDUAL_TAG, ' ').replace(TAG_START, '\u2039').replace(SCRIPT_URL, ''));
}

function finish(text: string): string {
  return collapseWhitespace(text.replace(INVISIBLE, '')).trim().normalize('NFC');
}

function extractText(html: string): string {
  let root: DomNode;
  try {
    // htmlparser2's DOM directly: the tree cheerio/slim builds, without its wrapper objects (~15 µs an item).
    root = parseDocument(html) as unknown as DomNode;
  } catch {
    return html;
  }
  const parts: string[] = [];
  // Iterative walk: deeply nested broken markup must not overflow the stack.
  const stack: (DomNode | null)[] = [root];
  while (stack.length > 0) {
    const node = stack.pop();
    if (node === null) {
      parts.push(' ');
      continue;
    }
    if (node === undefined) continue;
    if (node.type === 'text') {
      if (node.data) parts.push(node.data);
      continue;
    }
    if (node.type === 'cdata') {
      pushChildren(stack, node.children);
      continue;
    }
    if (node.type !== 'tag' && node.type !== 'root') continue; // script, style, comment, directive
    const name = node.name ?? '';
    if (DROPPED_ELEMENTS.has(name)) {
      parts.push(' ');
      continue;
    }
    const isBreak = BREAK_ELEMENTS.has(name);
    if (isBreak) {
      parts.push(' ');
      stack.push(null); // closing break after the children
    }
    pushChildren(stack, node.children);
  }
  return parts.join('');
}

function pushChildren(stack: (DomNode | null)[], children: DomNode[] | undefined): void {
  if (!children) return;
  for (let i = children.length - 1; i >= 0; i--) {
    const child = children[i];
    if (child) stack.push(child);
  }
}
