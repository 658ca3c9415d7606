/**
 * A binary document made of named, typed sections (typed arrays and string tables), read back in place: a section
 * is a view on the document's bytes, not a copy, so a large cached model opens with next to no decoding.
 *
 * Layout: "TPOS", the header's byte length (u32), the header as JSON ({ version, meta, sections: [name, kind,
 * offset, count] }), then each section at an offset aligned to 8 bytes. Numbers are little-endian (a reader on a
 * big-endian machine declines the document). Pure.
 */
import { createTextTable, type TextTable } from './bm25-field.js';

const MAGIC = 'TPOS';
type SectionKind = 'u32' | 'f64' | 'utf8';
type SectionEntry = readonly [name: string, kind: SectionKind, offset: number, count: number];

interface Header {
  readonly version: number;
  readonly meta: Readonly<Record<string, number>>;
  readonly sections: readonly SectionEntry[];
}

const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

export interface SectionWriter {
  u32(name: string, values: ArrayLike<number>): void;
  f64(name: string, values: ArrayLike<number>): void;
  /** A list of strings: section `name` (UTF-8) and `name#starts` (UTF-16 offsets, see TextTable). */
  texts(name: string, strings: readonly string[]): void;
  /** The document, with a format version and a few named numbers. */
  finish(version: number, meta: Readonly<Record<string, number>>): Uint8Array;
}

export interface SectionReader {
  readonly version: number;
  readonly meta: Readonly<Record<string, number>>;
  has(name: string): boolean;
  /** The section's values (a view on the document; throws when the section is missing). */
  u32(name: string): Uint32Array;
  f64(name: string): Float64Array;
  texts(name: string): TextTable;
}

export function createSectionWriter(): SectionWriter {
  const parts: { name: string; kind: SectionKind; bytes: Uint8Array; count: number }[] = [];
  const encoder = new TextEncoder();
  const writer: SectionWriter = {
    u32(name, values) {
      const array = Uint32Array.from(values);
      parts.push({ name, kind: 'u32', bytes: new Uint8Array(array.buffer), count: array.length });
    },
    f64(name, values) {
      const array = Float64Array.from(values);
      parts.push({ name, kind: 'f64', bytes: new Uint8Array(array.buffer), count: array.length });
    },
    texts(name, strings) {
      const table = createTextTable(strings);
      const bytes = encoder.encode(table.text);
      parts.push({ name, kind: 'utf8', bytes, count: bytes.length });
      writer.u32(`${name}#starts`, table.starts);
    },
    finish(version, meta) {
      if (!LITTLE_ENDIAN) throw new Error('binary sections are written on little-endian machines only');
      const align = (n: number): number => Math.ceil(n / 8) * 8;
      // The header holds the offsets, which depend on the header's own length: lay the sections out after a
      // header measured with room to spare, then pad the real header to that length.
      const draft = (base: number): SectionEntry[] => {
        let at = base;
        return parts.map((p) => {
          const entry = [p.name, p.kind, at, p.count] as const;
          at = align(at + p.bytes.length);
          return entry;
        });
      };
      const guess = encoder.encode(JSON.stringify({ version, meta, sections: draft(1e12) })).length;
      const base = align(8 + guess);
      const sections = draft(base);
      const header = encoder.encode(JSON.stringify({ version, meta, sections } satisfies Header));
      const last = sections[sections.length - 1];
      const size = last ? align(last[2] + parts[parts.length - 1]!.bytes.length) : base;
      const out = new Uint8Array(size);
      out.set(encoder.encode(MAGIC), 0);
      new DataView(out.buffer).setUint32(4, base - 8, true);
      out.set(header, 8);
      out.fill(0x20, 8 + header.length, base);
      parts.forEach((p, i) => out.set(p.bytes, sections[i]![2]));
      return out;
    },
  };
  return writer;
}

/** Reads a document written by createSectionWriter; null when it is not one (or the machine is big-endian). */
export function readSections(document: Uint8Array): SectionReader | null {
  if (!LITTLE_ENDIAN || document.length < 8) return null;
  if (new TextDecoder().decode(document.subarray(0, 4)) !== MAGIC) return null;
  // Typed views need their offset aligned to their element size.
  const bytes = document.byteOffset % 8 === 0 ? document : document.slice();
  const headerLength = new DataView(bytes.buffer, bytes.byteOffset, 8).getUint32(4, true);
  const header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + headerLength))) as Header;
  const byName = new Map(header.sections.map((s) => [s[0], s]));
  const find = (name: string, kind: SectionKind): SectionEntry => {
    const s = byName.get(name);
    if (!s || s[1] !== kind) throw new Error(`the document has no ${kind} section "${name}"`);
    return s;
  };
  const reader: SectionReader = {
    version: header.version,
    meta: header.meta,
    has: (name) => byName.has(name),
    u32(name) {
      const [, , offset, count] = find(name, 'u32');
      return new Uint32Array(bytes.buffer, bytes.byteOffset + offset, count);
    },
    f64(name) {
      const [, , offset, count] = find(name, 'f64');
      return new Float64Array(bytes.buffer, bytes.byteOffset + offset, count);
    },
    texts(name) {
      const [, , offset, count] = find(name, 'utf8');
      const text = new TextDecoder().decode(bytes.subarray(offset, offset + count));
      return { text, starts: reader.u32(`${name}#starts`) };
    },
  };
  return reader;
}
