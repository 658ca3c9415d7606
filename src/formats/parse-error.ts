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

/** JSON.parse with the error placed at its line (V8 reports `at position N`). */
export function parseJsonText(file: string, text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    const message = (error as Error).message;
    const position = /position (\d+)/.exec(message);
    const line = /line (\d+)/.exec(message);
    throw createParseError(
      file,
      position ? getLineAt(text, Number(position[1])) : line ? Number(line[1]) : null,
      `not valid JSON (${message.replace(/ in JSON at .*$/, '')})`,
    );
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
