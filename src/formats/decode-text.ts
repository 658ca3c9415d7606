/**
 * Imported files arrive as bytes; tpo reads UTF-8 only (with or without a byte-order mark) and refuses
 * anything else with the place of the first byte that is not UTF-8.
 */
import { createFormatError } from './format-error.js';

/** Offset of the first byte that does not belong to a well-formed UTF-8 sequence, or -1. */
function findInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  const n = bytes.length;
  while (i < n) {
    const b = bytes[i]!;
    if (b < 0x80) {
      i += 1;
      continue;
    }
    let need: number;
    let min: number;
    if (b >= 0xc2 && b <= 0xdf) [need, min] = [1, 0x80];
    else if (b >= 0xe0 && b <= 0xef) [need, min] = [2, 0x800];
    else if (b >= 0xf0 && b <= 0xf4) [need, min] = [3, 0x10000];
    else return i;
    if (i + need >= n) return i;
    let cp = b & (need === 1 ? 0x1f : need === 2 ? 0x0f : 0x07);
    for (let k = 1; k <= need; k += 1) {
      const c = bytes[i + k];
      if (c === undefined || (c & 0xc0) !== 0x80) return i;
      cp = (cp << 6) | (c & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return i;
    i += need + 1;
  }
  return -1;
}

/** Line and column (in characters) of a byte offset, counting only the valid text before it. */
function locateByte(bytes: Uint8Array, offset: number): { line: number; column: number } {
  let lineStart = 0;
  let line = 1;
  for (let i = 0; i < offset; i += 1) {
    if (bytes[i] === 0x0a) {
      line += 1;
      lineStart = i + 1;
    }
  }
  const before = new TextDecoder('utf-8').decode(bytes.subarray(lineStart, offset));
  return { line, column: [...before].length + 1 };
}

/**
 * The text of a UTF-8 file, without its byte-order mark. Throws a format error for UTF-16 files and for the
 * first byte sequence that is not UTF-8 (a file saved as Latin-1 or Windows-1252, for example).
 */
export function decodeText(bytes: Uint8Array, file: string): string {
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff))
    throw createFormatError(
      { file, line: 1, column: 1 },
      'the file is UTF-16 encoded',
      'UTF-8 (save or export the file as "CSV UTF-8" or UTF-8 text)',
    );
  const start = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  const body = bytes.subarray(start);
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(body);
  } catch {
    // Find where, below.
  }
  const bad = Math.max(0, findInvalidUtf8(body));
  throw createFormatError(
    { file, ...locateByte(body, bad) },
    `byte 0x${body[bad]!.toString(16).padStart(2, '0')} is not UTF-8 (the file looks saved in another encoding, such as Latin-1 or Windows-1252)`,
    'UTF-8 text',
  );
}
