/*
 * A small, safe evaluator for the subset of Python that feedparser's `Expect:` lines use: literals (strings with
 * Python escapes and u''/r''/b'' prefixes, numbers, tuples, lists, dicts, True/False/None), names, attribute access,
 * subscripts, calls of whitelisted functions, comparisons (==, !=, <, >, <=, >=, in, not in, is, is not),
 * and/or/not and unary minus. Nothing is ever executed: names and calls resolve through the caller's environment.
 */

export type PyNode =
  | { kind: 'lit'; value: unknown }
  | { kind: 'name'; name: string }
  | { kind: 'attr'; target: PyNode; name: string }
  | { kind: 'sub'; target: PyNode; index: PyNode }
  | { kind: 'call'; callee: PyNode; args: PyNode[] }
  | { kind: 'tuple'; items: PyNode[] }
  | { kind: 'list'; items: PyNode[] }
  | { kind: 'dict'; entries: [PyNode, PyNode][] }
  | { kind: 'not'; operand: PyNode }
  | { kind: 'neg'; operand: PyNode }
  | { kind: 'bool'; op: 'and' | 'or'; operands: PyNode[] }
  | { kind: 'cmp'; first: PyNode; ops: string[]; rest: PyNode[] };

type Token = { type: 'str' | 'num' | 'name' | 'op'; value: string | number };

const SIMPLE_ESCAPES: Record<string, string> = {
  n: '\n', t: '\t', r: '\r', '\\': '\\', "'": "'", '"': '"', a: '\x07', b: '\b', f: '\f', v: '\v', '0': '\0',
};
const OPERATORS = ['==', '!=', '<=', '>=', '<', '>', '(', ')', '[', ']', '{', '}', ',', '.', ':', '-', '+', '%'];

function decodeEscapes(raw: string): string {
  let out = '';
  for (let i = 0; i < raw.length; i++) {
    const ch = raw[i]!;
    if (ch !== '\\') {
      out += ch;
      continue;
    }
    const next = raw[i + 1] ?? '';
    if (next === 'x' || next === 'u' || next === 'U') {
      const width = next === 'x' ? 2 : next === 'u' ? 4 : 8;
      const hex = raw.slice(i + 2, i + 2 + width);
      out += String.fromCodePoint(parseInt(hex, 16));
      i += 1 + width;
    } else if (/[0-7]/.test(next) && /^[0-7]{1,3}/.test(raw.slice(i + 1))) {
      const oct = /^[0-7]{1,3}/.exec(raw.slice(i + 1))![0];
      out += String.fromCharCode(parseInt(oct, 8));
      i += oct.length;
    } else if (next === '\n') {
      i += 1;
    } else if (next in SIMPLE_ESCAPES) {
      out += SIMPLE_ESCAPES[next];
      i += 1;
    } else {
      out += '\\';
    }
  }
  return out;
}

function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < source.length) {
    const ch = source[i]!;
    if (/\s/.test(ch)) {
      i++;
      continue;
    }
    const prefix = /^([uUrRbB]{0,2})(['"])/.exec(source.slice(i, i + 4));
    if (prefix !== null && (prefix[1] === '' || /^[uUrRbB]+$/.test(prefix[1]!))) {
      const raw = /r/i.test(prefix[1]!);
      const quote = prefix[2]!;
      const triple = source.startsWith(quote.repeat(3), i + prefix[1]!.length);
      const delimiter = triple ? quote.repeat(3) : quote;
      let j = i + prefix[1]!.length + delimiter.length;
      let body = '';
      while (j < source.length && !source.startsWith(delimiter, j)) {
        if (source[j] === '\\') {
          body += source.slice(j, j + 2);
          j += 2;
        } else {
          body += source[j];
          j++;
        }
      }
      if (j >= source.length) throw new Error('unterminated string');
      tokens.push({ type: 'str', value: raw ? body : decodeEscapes(body) });
      i = j + delimiter.length;
      continue;
    }
    const number = /^(?:\d+\.\d*|\.\d+|\d+)(?:[eE][+-]?\d+)?[lL]?/.exec(source.slice(i));
    if (number !== null && /[\d.]/.test(ch) && !(ch === '.' && !/\d/.test(source[i + 1] ?? ''))) {
      tokens.push({ type: 'num', value: Number(number[0].replace(/[lL]$/, '')) });
      i += number[0].length;
      continue;
    }
    const name = /^[A-Za-z_][A-Za-z0-9_]*/.exec(source.slice(i));
    if (name !== null) {
      tokens.push({ type: 'name', value: name[0] });
      i += name[0].length;
      continue;
    }
    const op = OPERATORS.find((candidate) => source.startsWith(candidate, i));
    if (op === undefined) throw new Error(`unexpected character ${JSON.stringify(ch)}`);
    tokens.push({ type: 'op', value: op });
    i += op.length;
  }
  return tokens;
}

/** Parses one Python expression into an AST; throws on syntax it does not support. */
export function parsePython(source: string): PyNode {
  const tokens = tokenize(source);
  let pos = 0;
  const peek = (offset = 0): Token | undefined => tokens[pos + offset];
  const isOp = (value: string, offset = 0): boolean => peek(offset)?.type === 'op' && peek(offset)?.value === value;
  const isName = (value: string, offset = 0): boolean => peek(offset)?.type === 'name' && peek(offset)?.value === value;
  const expectOp = (value: string): void => {
    if (!isOp(value)) throw new Error(`expected ${value}`);
    pos++;
  };

  const parseOr = (): PyNode => {
    const operands = [parseAnd()];
    while (isName('or')) {
      pos++;
      operands.push(parseAnd());
    }
    return operands.length === 1 ? operands[0]! : { kind: 'bool', op: 'or', operands };
  };
  const parseAnd = (): PyNode => {
    const operands = [parseNot()];
    while (isName('and')) {
      pos++;
      operands.push(parseNot());
    }
    return operands.length === 1 ? operands[0]! : { kind: 'bool', op: 'and', operands };
  };
  const parseNot = (): PyNode => {
    if (isName('not')) {
      pos++;
      return { kind: 'not', operand: parseNot() };
    }
    return parseComparison();
  };
  const parseComparison = (): PyNode => {
    const first = parseUnary();
    const ops: string[] = [];
    const rest: PyNode[] = [];
    for (;;) {
      const token = peek();
      if (token === undefined) break;
      let op: string | null = null;
      if (token.type === 'op' && ['==', '!=', '<', '>', '<=', '>='].includes(token.value as string)) {
        op = token.value as string;
        pos++;
      } else if (isName('in')) {
        op = 'in';
        pos++;
      } else if (isName('not') && isName('in', 1)) {
        op = 'not in';
        pos += 2;
      } else if (isName('is')) {
        pos++;
        op = 'is';
        if (isName('not')) {
          pos++;
          op = 'is not';
        }
      }
      if (op === null) break;
      ops.push(op);
      rest.push(parseUnary());
    }
    return ops.length === 0 ? first : { kind: 'cmp', first, ops, rest };
  };
  const parseUnary = (): PyNode => {
    if (isOp('-')) {
      pos++;
      return { kind: 'neg', operand: parseUnary() };
    }
    if (isOp('+')) {
      pos++;
      return parseUnary();
    }
    return parsePostfix();
  };
  const parseArgs = (close: string): PyNode[] => {
    const items: PyNode[] = [];
    while (!isOp(close)) {
      items.push(parseOr());
      if (isOp(',')) pos++;
      else break;
    }
    expectOp(close);
    return items;
  };
  const parsePostfix = (): PyNode => {
    let node = parseAtom();
    for (;;) {
      if (isOp('.')) {
        pos++;
        const name = peek();
        if (name?.type !== 'name') throw new Error('expected attribute name');
        pos++;
        node = { kind: 'attr', target: node, name: name.value as string };
      } else if (isOp('[')) {
        pos++;
        const index = parseOr();
        if (isOp(':')) throw new Error('slices are not supported');
        expectOp(']');
        node = { kind: 'sub', target: node, index };
      } else if (isOp('(')) {
        pos++;
        node = { kind: 'call', callee: node, args: parseArgs(')') };
      } else {
        return node;
      }
    }
  };
  const parseAtom = (): PyNode => {
    const token = peek();
    if (token === undefined) throw new Error('unexpected end');
    if (token.type === 'str') {
      // Adjacent literals concatenate, as in Python.
      let value = '';
      while (peek()?.type === 'str') {
        value += peek()!.value as string;
        pos++;
      }
      return { kind: 'lit', value };
    }
    if (token.type === 'num') {
      pos++;
      return { kind: 'lit', value: token.value };
    }
    if (token.type === 'name') {
      pos++;
      const name = token.value as string;
      if (name === 'True') return { kind: 'lit', value: true };
      if (name === 'False') return { kind: 'lit', value: false };
      if (name === 'None') return { kind: 'lit', value: null };
      return { kind: 'name', name };
    }
    if (isOp('(')) {
      pos++;
      if (isOp(')')) {
        pos++;
        return { kind: 'tuple', items: [] };
      }
      const first = parseOr();
      if (isOp(')')) {
        pos++;
        return first;
      }
      expectOp(',');
      const items = [first, ...parseArgs(')')];
      return { kind: 'tuple', items };
    }
    if (isOp('[')) {
      pos++;
      return { kind: 'list', items: parseArgs(']') };
    }
    if (isOp('{')) {
      pos++;
      const entries: [PyNode, PyNode][] = [];
      while (!isOp('}')) {
        const key = parseOr();
        expectOp(':');
        entries.push([key, parseOr()]);
        if (isOp(',')) pos++;
        else break;
      }
      expectOp('}');
      return { kind: 'dict', entries };
    }
    throw new Error(`unexpected token ${String(token.value)}`);
  };

  const node = parseOr();
  if (pos !== tokens.length) throw new Error(`trailing input at token ${pos}`);
  return node;
}

/** Python truthiness for the JS values this evaluator produces. */
export function truthy(value: unknown): boolean {
  if (value === null || value === undefined || value === false || value === 0 || value === '') return false;
  if (Array.isArray(value)) return value.length > 0;
  if (value instanceof Map) return value.size > 0;
  if (typeof value === 'object') return Object.keys(value as object).length > 0;
  return true;
}

/** Python == over strings, numbers, booleans, None, tuples/lists (arrays) and dicts (plain objects). */
export function pyEquals(a: unknown, b: unknown): boolean {
  if (typeof a === 'boolean' && typeof b === 'number') return Number(a) === b;
  if (typeof b === 'boolean' && typeof a === 'number') return Number(b) === a;
  if (a === b) return true;
  if (a === null || b === null || a === undefined || b === undefined) return false;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((item, i) => pyEquals(item, b[i]));
  if (typeof a === 'object' && typeof b === 'object' && !Array.isArray(a) && !Array.isArray(b)) {
    const ka = Object.keys(a as object);
    const kb = Object.keys(b as object);
    return ka.length === kb.length && ka.every((key) => pyEquals((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key]));
  }
  return false;
}
