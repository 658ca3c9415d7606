/**
 * JSON with comments and trailing commas, as tsconfig.json and jsconfig.json allow.
 */

/** The text with `//` and `/* *\/` comments and trailing commas removed; strings are left as they are. */
function stripJsonc(text: string): string {
  let out = '';
  let i = 0;
  let copiedFrom = 0;
  const n = text.length;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === 0x22 /* " */) {
      i += 1;
      while (i < n && text.charCodeAt(i) !== 0x22) i += text.charCodeAt(i) === 0x5c /* \ */ ? 2 : 1;
      i += 1;
    } else if (c === 0x2f /* / */ && text.charCodeAt(i + 1) === 0x2f) {
      out += text.slice(copiedFrom, i);
      const end = text.indexOf('\n', i);
      i = end === -1 ? n : end;
      copiedFrom = i;
    } else if (c === 0x2f && text.charCodeAt(i + 1) === 0x2a /* * */) {
      out += text.slice(copiedFrom, i);
      const end = text.indexOf('*/', i + 2);
      i = end === -1 ? n : end + 2;
      copiedFrom = i;
      out += ' ';
    } else if (c === 0x2c /* , */) {
      let j = i + 1;
      while (j < n && /\s/.test(text[j]!)) j += 1;
      // A comment between the comma and the bracket is removed on a second pass below.
      const next = text[j];
      if (next === '}' || next === ']') {
        out += text.slice(copiedFrom, i);
        copiedFrom = i + 1;
      }
      i += 1;
    } else i += 1;
  }
  return out + text.slice(copiedFrom);
}

/** Parses JSONC; undefined when the text is not valid even so. */
export function parseJsonc(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    // Fall through to the lenient reading.
  }
  try {
    // Twice: a trailing comma followed by a comment is only visible once the comment is gone.
    return JSON.parse(stripJsonc(stripJsonc(text.replace(/^\uFEFF/, '')))) as unknown;
  } catch {
    return undefined;
  }
}

/** The value as a plain object, or undefined. */
export function asRecord(value: unknown): Readonly<Record<string, unknown>> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}
