/**
 * Errors of lockfile and manifest parsers: one TpoError('Invalid') whose message starts with `file:line:` and says
 * what was expected, so a person can open the file at the right place.
 */
import { TpoError } from '../domain/index.js';

/** 1-based line of a character offset. */
export function getLineAt(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i += 1) if (text.charCodeAt(i) === 10) line += 1;
  return line;
}

export function createParseError(file: string, line: number | null, message: string): TpoError {
  return new TpoError('Invalid', `${file}${line !== null ? `:${line}` : ''}: ${message}`, { file, line });
}

/**
 * The offset where a JSON text stops being valid, by a small recursive-descent scan (V8's messages carry a
 * position for some errors only). Called only after JSON.parse failed.
 */
function locateJsonError(text: string): number {
  let i = 0;
  /** Thrown to unwind the scan at the offending offset. */
  class Stop extends Error {}
  const fail = (): never => {
    throw new Stop();
  };
  const space = (): void => {
    while (i < text.length && ' \t\n\r'.includes(text[i]!)) i += 1;
  };
  const literal = (word: string): void => {
    if (text.startsWith(word, i)) i += word.length;
    else fail();
  };
  const string = (): void => {
    if (text[i] !== '"') fail();
    i += 1;
    while (i < text.length && text[i] !== '"') {
      if (text.charCodeAt(i) < 32) fail();
      i += text[i] === '\\' ? 2 : 1;
    }
    if (i >= text.length) fail();
    i += 1;
  };
  const value = (): void => {
    space();
    const c = text[i];
    if (c === '{') {
      i += 1;
      space();
      if (text[i] === '}') {
        i += 1;
        return;
      }
      for (;;) {
        space();
        string();
        space();
        literal(':');
        value();
        space();
        if (text[i] === ',') i += 1;
        else if (text[i] === '}') {
          i += 1;
          return;
        } else fail();
      }
    } else if (c === '[') {
      i += 1;
      space();
      if (text[i] === ']') {
        i += 1;
        return;
      }
      for (;;) {
        value();
        space();
        if (text[i] === ',') i += 1;
        else if (text[i] === ']') {
          i += 1;
          return;
        } else fail();
      }
    } else if (c === '"') string();
    else if (c === 't') literal('true');
    else if (c === 'f') literal('false');
    else if (c === 'n') literal('null');
    else {
      const m = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i, i + 400));
      if (!m) fail();
      i += m![0].length;
    }
  };
  try {
    value();
    space();
    return i;
  } catch (error) {
    if (error instanceof Stop) return i;
    throw error;
  }
}

/** JSON.parse with the error placed at its line. */
export function parseJsonText(file: string, text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    const message = (error as Error).message
      .split('\n')[0]!
      .replace(/, \.\.\.".*$|, ".*$| in JSON at .*$/, '');
    throw createParseError(file, getLineAt(text, locateJsonError(text)), `not valid JSON (${message})`);
  }
}

/** An object's own value as a record, or an empty one. */
export function asRecord(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
}

export function asString(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}
