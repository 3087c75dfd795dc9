import { HTML_ENTITIES } from './html-entities.ts';

/** Repaired XML text and what was done to it (empty when nothing needed fixing). */
export interface RepairedXml {
  text: string;
  reasons: string[];
}

const ILLEGAL_CONTROL = /[\x00-\x08\x0B\x0C\x0E-\x1F\uFFFE\uFFFF]/g;
const HAS_ILLEGAL_CONTROL = /[\x00-\x08\x0B\x0C\x0E-\x1F\uFFFE\uFFFF]/;
const AMPERSAND = /&(#[0-9]{1,8};|#[xX][0-9a-fA-F]{1,8};|[A-Za-z_:][\w.:-]{0,63};)?/g;
const XML_ENTITIES = new Set(['amp', 'lt', 'gt', 'quot', 'apos']);
const ENTITY_DECLARATION = /<!ENTITY\s+(?:%\s+)?([A-Za-z_:][\w.:-]*)/g;
const NAME_START = /[A-Za-z_:\u00C0-\uFFEF]/;
const TAG_NAME = /^[^\s/>]+/;

function isXmlChar(cp: number): boolean {
  return cp === 0x9 || cp === 0xa || cp === 0xd || (cp >= 0x20 && cp <= 0xd7ff) || (cp >= 0xe000 && cp <= 0xfffd) || (cp >= 0x10000 && cp <= 0x10ffff);
}

class Repairer {
  readonly reasons = new Set<string>();
  private readonly declared = new Set<string>();

  constructor(source: string) {
    for (const match of source.matchAll(ENTITY_DECLARATION)) this.declared.add(match[1]!);
  }

  /** Escapes bare '&', maps HTML named entities to character references, escapes undefined ones. */
  fixReferences(segment: string): string {
    if (!segment.includes('&')) return segment;
    return segment.replace(AMPERSAND, (whole, ref: string | undefined) => {
      if (ref === undefined) {
        this.reasons.add('escaped bare &');
        return '&amp;';
      }
      if (ref.startsWith('#')) {
        const hex = ref[1] === 'x' || ref[1] === 'X';
        const cp = parseInt(ref.slice(hex ? 2 : 1, -1), hex ? 16 : 10);
        if (!isXmlChar(cp)) {
          this.reasons.add('dropped references to illegal characters');
          return '';
        }
        if (ref[1] === 'X') {
          this.reasons.add('lower-cased &#X references');
          return `&#x${ref.slice(2)}`;
        }
        return whole;
      }
      const name = ref.slice(0, -1);
      if (XML_ENTITIES.has(name) || this.declared.has(name)) return whole;
      const cp = HTML_ENTITIES[name];
      if (cp !== undefined) {
        this.reasons.add('mapped HTML entities');
        return `&#${cp};`;
      }
      this.reasons.add('escaped undefined entities');
      return `&amp;${ref}`;
    });
  }

  /** One linear pass: fixes references outside CDATA/comments, balances tags, closes what truncation left open. */
  run(text: string): string {
    const out: string[] = [];
    const stack: string[] = [];
    let rootClosed = false;
    let pos = 0;
    const emitText = (segment: string): void => {
      if (segment === '') return;
      if (rootClosed && segment.trim() !== '') {
        this.reasons.add('dropped content after the root element');
        return;
      }
      out.push(this.fixReferences(segment));
    };
    while (pos < text.length) {
      const lt = text.indexOf('<', pos);
      if (lt === -1) {
        emitText(text.slice(pos));
        break;
      }
      emitText(text.slice(pos, lt));
      if (text.startsWith('<!--', lt)) {
        const end = text.indexOf('-->', lt + 4);
        if (end === -1) {
          this.reasons.add('closed an unterminated comment');
          out.push(text.slice(lt), '-->');
          pos = text.length;
        } else {
          out.push(text.slice(lt, end + 3));
          pos = end + 3;
        }
      } else if (text.startsWith('<![CDATA[', lt)) {
        const end = text.indexOf(']]>', lt + 9);
        if (end === -1) {
          this.reasons.add('closed an unterminated CDATA section');
          out.push(text.slice(lt), ']]>');
          pos = text.length;
        } else {
          out.push(text.slice(lt, end + 3));
          pos = end + 3;
        }
      } else if (text.startsWith('<?', lt)) {
        const end = text.indexOf('?>', lt + 2);
        if (end === -1) {
          this.reasons.add('dropped a truncated processing instruction');
          pos = text.length;
        } else {
          out.push(text.slice(lt, end + 2));
          pos = end + 2;
        }
      } else if (text.startsWith('<!', lt)) {
        const end = this.declarationEnd(text, lt);
        if (end === -1) {
          this.reasons.add('dropped a truncated declaration');
          pos = text.length;
        } else {
          out.push(text.slice(lt, end));
          pos = end;
        }
      } else if (text[lt + 1] === '/') {
        const end = text.indexOf('>', lt);
        if (end === -1) {
          this.reasons.add('dropped a truncated tag');
          pos = text.length;
          break;
        }
        const name = text.slice(lt + 2, end).trim();
        pos = end + 1;
        const at = stack.lastIndexOf(name);
        if (at === -1) {
          this.reasons.add('dropped stray close tags');
          continue;
        }
        if (at < stack.length - 1) this.reasons.add('closed unclosed elements');
        while (stack.length > at + 1) out.push(`</${stack.pop()}>`);
        stack.pop();
        out.push(`</${name}>`);
        if (stack.length === 0) rootClosed = true;
      } else if (NAME_START.test(text[lt + 1] ?? '')) {
        const end = this.tagEnd(text, lt);
        if (end === -1) {
          this.reasons.add('dropped a truncated tag');
          pos = text.length;
          break;
        }
        const tag = text.slice(lt, end);
        pos = end;
        if (rootClosed) {
          this.reasons.add('dropped content after the root element');
          continue;
        }
        out.push(this.fixReferences(tag));
        if (!tag.endsWith('/>')) stack.push(TAG_NAME.exec(tag.slice(1))?.[0] ?? '');
      } else {
        this.reasons.add('escaped bare <');
        out.push('&lt;');
        pos = lt + 1;
      }
    }
    if (stack.length > 0) {
      this.reasons.add(stack.length === 1 ? 'closed the unclosed root element' : 'closed unclosed elements (truncated document)');
      while (stack.length > 0) out.push(`</${stack.pop()}>`);
    }
    return out.join('');
  }

  /** End (exclusive) of a start tag, skipping quoted attribute values; -1 when truncated. */
  private tagEnd(text: string, lt: number): number {
    let quote = '';
    for (let i = lt + 1; i < text.length; i++) {
      const ch = text[i];
      if (quote !== '') {
        if (ch === quote) quote = '';
      } else if (ch === '"' || ch === "'") {
        quote = ch;
      } else if (ch === '>') {
        return i + 1;
      } else if (ch === '<') {
        // A tag cut short by the next one: treat it as ending here.
        this.reasons.add('closed a truncated tag');
        return i;
      }
    }
    return -1;
  }

  /** End (exclusive) of <!DOCTYPE ...> including an internal subset; -1 when truncated. */
  private declarationEnd(text: string, lt: number): number {
    const gt = text.indexOf('>', lt);
    const bracket = text.indexOf('[', lt);
    if (bracket !== -1 && (gt === -1 || bracket < gt)) {
      const close = text.indexOf(']', bracket);
      const after = close === -1 ? -1 : text.indexOf('>', close);
      return after === -1 ? -1 : after + 1;
    }
    return gt === -1 ? -1 : gt + 1;
  }
}

/**
 * Lenient repair of ill-formed XML for a second parse attempt: drops illegal control characters, escapes bare '&'
 * and '<', maps HTML named entities, balances tags and closes a truncated document. Linear in the input.
 */
export function repairXml(text: string): RepairedXml {
  const repairer = new Repairer(text);
  let cleaned = text;
  if (HAS_ILLEGAL_CONTROL.test(text)) {
    cleaned = text.replace(ILLEGAL_CONTROL, '');
    repairer.reasons.add('dropped illegal control characters');
  }
  const repaired = repairer.run(cleaned);
  return { text: repaired, reasons: [...repairer.reasons] };
}
