/**
 * Errors in imported files: one TpoError('Invalid') whose message starts with `file:line:column:` (as compilers
 * print them) and says what was expected, so a person can open the file at the right place.
 */
import { isTpoError, TpoError } from '../domain/index.js';

/** A place in a source: a file (or an API page) and, when known, a 1-based line and column. */
export interface SourceLocation {
  readonly file: string;
  readonly line?: number;
  readonly column?: number;
}

export function formatLocation(at: SourceLocation): string {
  return `${at.file}${at.line !== undefined ? `:${at.line}` : ''}${at.line !== undefined && at.column !== undefined ? `:${at.column}` : ''}`;
}

/** The error for a malformed source: `items.csv:4:17: impact must be one of …`. */
export function createFormatError(at: SourceLocation, message: string, expected?: string): TpoError {
  return new TpoError(
    'Invalid',
    `${formatLocation(at)}: ${message}${expected ? `; expected ${expected}` : ''}. Nothing was imported.`,
    { file: at.file, line: at.line ?? null, column: at.column ?? null, ...(expected ? { expected } : {}) },
  );
}

/**
 * Runs a check for a value found at `at` (a place, or something that knows its place, such as a CSV cell, read
 * only on error), turning an Invalid domain error into a format error located there.
 */
export function atLocation<T>(at: SourceLocation | { readonly at: SourceLocation }, check: () => T): T {
  try {
    return check();
  } catch (error) {
    if (isTpoError(error) && error.code === 'Invalid' && error.context.file === undefined)
      throw createFormatError('file' in at ? at : at.at, error.message);
    throw error;
  }
}

/** Line and column (both 1-based) of character offsets in a text, by binary search over line starts. */
export function createLineIndex(text: string): (offset: number) => { line: number; column: number } {
  const starts = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return (offset: number) => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - starts[lo]! + 1 };
  };
}
