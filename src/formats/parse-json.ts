/**
 * JSON (RFC 8259) read with positions: syntax errors say where and what was expected, and every object and
 * array remembers where each of its members starts, so a later check can point at the offending value.
 */
import { createFormatError, createLineIndex, type SourceLocation } from './format-error.js';

export interface PositionedJson {
  readonly value: unknown;
  /** Where `container[key]` starts (or the container itself without a key). */
  locate(container: object, key?: string | number): SourceLocation;
}

const WS = new Set([0x20, 0x09, 0x0a, 0x0d]);

function describe(ch: string | undefined): string {
  return ch === undefined ? 'the end of the file' : JSON.stringify(ch);
}

export function parseJson(text: string, file: string): PositionedJson {
  const where = createLineIndex(text);
  const starts = new WeakMap<object, number>();
  const members = new WeakMap<object, Map<string | number, number>>();
  let i = 0;

  const fail = (message: string, expected: string, at = i): never => {
    throw createFormatError({ file, ...where(at) }, message, expected);
  };
  const skip = (): void => {
    while (i < text.length && WS.has(text.charCodeAt(i))) i += 1;
  };
  const found = (): string =>
    `found ${describe(text[i])}${i >= text.length ? ' (is the file cut short?)' : ''}`;

  const parseString = (): string => {
    const open = i;
    i += 1;
    let out = '';
    let from = i;
    for (;;) {
      if (i >= text.length)
        fail('a string that never ends (is the file cut short?)', 'a closing double quote', open);
      const c = text.charCodeAt(i);
      if (c === 0x22) {
        out += text.slice(from, i);
        i += 1;
        return out;
      }
      if (c < 0x20)
        fail(
          'a control character (such as a line break) inside a string',
          'it written as an escape such as \\n',
        );
      if (c === 0x5c) {
        out += text.slice(from, i);
        const e = text[i + 1];
        const simple: Record<string, string> = {
          '"': '"',
          '\\': '\\',
          '/': '/',
          b: '\b',
          f: '\f',
          n: '\n',
          r: '\r',
          t: '\t',
        };
        if (e !== undefined && simple[e] !== undefined) {
          out += simple[e];
          i += 2;
        } else if (e === 'u' && /^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) {
          out += String.fromCharCode(parseInt(text.slice(i + 2, i + 6), 16));
          i += 6;
        } else fail(`an unknown escape \\${e ?? ''}`, 'one of \\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX');
        from = i;
        continue;
      }
      i += 1;
    }
  };

  const parseValue = (): unknown => {
    skip();
    const c = text[i];
    if (c === '{') {
      const obj: Record<string, unknown> = {};
      const positions = new Map<string | number, number>();
      starts.set(obj, i);
      members.set(obj, positions);
      i += 1;
      skip();
      if (text[i] === '}') {
        i += 1;
        return obj;
      }
      for (;;) {
        skip();
        if (text[i] !== '"')
          fail(`${found()} where a property name should be`, 'a property name in double quotes');
        const keyAt = i;
        const key = parseString();
        if (positions.has(key))
          fail(`the property "${key}" appears twice in this object`, 'each property once', keyAt);
        skip();
        if (text[i] !== ':') fail(`${found()} after the property name "${key}"`, 'a colon');
        i += 1;
        skip();
        positions.set(key, i);
        obj[key] = parseValue();
        skip();
        if (text[i] === ',') {
          i += 1;
          continue;
        }
        if (text[i] === '}') {
          i += 1;
          return obj;
        }
        fail(`${found()} after the value of "${key}"`, 'a comma or a closing brace }');
      }
    }
    if (c === '[') {
      const arr: unknown[] = [];
      const positions = new Map<string | number, number>();
      starts.set(arr, i);
      members.set(arr, positions);
      i += 1;
      skip();
      if (text[i] === ']') {
        i += 1;
        return arr;
      }
      for (;;) {
        skip();
        positions.set(arr.length, i);
        arr.push(parseValue());
        skip();
        if (text[i] === ',') {
          i += 1;
          continue;
        }
        if (text[i] === ']') {
          i += 1;
          return arr;
        }
        fail(`${found()} after an array element`, 'a comma or a closing bracket ]');
      }
    }
    if (c === '"') return parseString();
    const literal = /^(?:true|false|null|-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?)/.exec(
      text.slice(i, i + 400),
    );
    if (literal) {
      i += literal[0].length;
      const word = literal[0];
      return word === 'true' ? true : word === 'false' ? false : word === 'null' ? null : Number(word);
    }
    return fail(
      `${found()} where a value should be`,
      'a value: an object, array, string, number, true, false or null',
    );
  };

  const value = parseValue();
  skip();
  if (i < text.length) fail(`${found()} after the end of the JSON value`, 'nothing more');
  return {
    value,
    locate(container, key) {
      const offset =
        key === undefined
          ? starts.get(container)
          : (members.get(container)?.get(key) ?? starts.get(container));
      return { file, ...where(offset ?? 0) };
    },
  };
}
