/**
 * The localization index as one binary document (section-list.ts), so the store can keep it and a `tpo locate`
 * process opens it in a few milliseconds: every BM25 field is saved as its arrays (sorted terms, postings, document
 * lengths) and queried in place; paths, change sets and file histories are rebuilt from flat arrays.
 *
 * Adding something to the index: write it as one or more sections in `encodeLocateIndex` (a typed array per
 * column, `texts` for strings, `writeField` for a BM25 field), read them back in `decodeLocateIndex`, and raise
 * LOCATE_INDEX_FORMAT so models saved before are rebuilt rather than misread. Pure. Rationale: ./locate-rationale.md.
 */
import { Bm25Field, getTexts, type TextTable } from './bm25-field.js';
import { LocateIndex, type FileHistory, type PastSet } from './create-locate-index.js';
import { createSectionWriter, readSections, type SectionReader, type SectionWriter } from './section-list.js';

/** Version of the document's layout; a document of another version is not read (the model is rebuilt). */
export const LOCATE_INDEX_FORMAT = 2;

function writeField<K>(w: SectionWriter, name: string, field: Bm25Field<K>, keyId: (key: K) => number): void {
  const frozen = field.getFrozen();
  w.texts(`${name}.terms`, getTexts(frozen.terms));
  w.u32(`${name}.starts`, frozen.starts);
  w.u32(`${name}.docs`, frozen.docs);
  w.u32(`${name}.counts`, frozen.counts);
  w.u32(`${name}.keys`, frozen.keys.map(keyId));
  w.u32(`${name}.lengths`, frozen.lengths);
}

function readField<K>(r: SectionReader, name: string, keyOf: (id: number) => K): Bm25Field<K> {
  return Bm25Field.fromFrozen({
    terms: r.texts(`${name}.terms`),
    starts: r.u32(`${name}.starts`),
    docs: r.u32(`${name}.docs`),
    counts: r.u32(`${name}.counts`),
    keys: Array.from(r.u32(`${name}.keys`), keyOf),
    lengths: r.u32(`${name}.lengths`),
  });
}

/** The index as a binary document. */
export function encodeLocateIndex(index: LocateIndex): Uint8Array {
  const pathId = new Map<string, number>();
  const idOf = (p: string): number => {
    let id = pathId.get(p);
    if (id === undefined) pathId.set(p, (id = pathId.size));
    return id;
  };
  const w = createSectionWriter();
  w.u32('files', [...index.files].map(idOf));
  writeField(w, 'path', index.pathField, idOf);
  writeField(w, 'name', index.nameField, idOf);
  writeField(w, 'message', index.messageField, idOf);
  writeField(w, 'content', index.contentField, idOf);
  writeField(w, 'set', index.setField, (id) => id);
  const history = [...index.history];
  w.u32(
    'history.paths',
    history.map(([p]) => idOf(p)),
  );
  w.u32(
    'history.touches',
    history.map(([, h]) => h.touches),
  );
  w.u32('history.starts', offsets(history.map(([, h]) => h.sets.length)));
  w.u32(
    'history.sets',
    history.flatMap(([, h]) => h.sets),
  );
  const sets = index.sets;
  w.texts(
    'sets.sha',
    sets.map((s) => s.sha),
  );
  w.texts(
    'sets.title',
    sets.map((s) => s.title),
  );
  w.texts(
    'sets.stratum',
    sets.map((s) => s.stratum),
  );
  w.f64(
    'sets.fileCount',
    sets.map((s) => s.fileCount),
  );
  w.f64(
    'sets.lines',
    sets.map((s) => s.lines),
  );
  w.u32('sets.seq', index.setSeq);
  w.u32('sets.pathStarts', offsets(sets.map((s) => s.paths.length)));
  w.u32(
    'sets.paths',
    sets.flatMap((s) => s.paths.map(idOf)),
  );
  const imports = [...index.importsOf];
  w.u32(
    'imports.paths',
    imports.map(([p]) => idOf(p)),
  );
  w.u32('imports.starts', offsets(imports.map(([, specifiers]) => specifiers.length)));
  w.texts(
    'imports.specifiers',
    imports.flatMap(([, specifiers]) => specifiers),
  );
  // Written last: every section above has added its paths.
  w.texts('paths', [...pathId.keys()]);
  return w.finish(LOCATE_INDEX_FORMAT, { now: index.now });
}

/** The index of a document written by encodeLocateIndex; null for a document of another format version. */
export function decodeLocateIndex(document: Uint8Array): LocateIndex | null {
  const r = readSections(document);
  if (!r || r.version !== LOCATE_INDEX_FORMAT) return null;
  const paths = getTexts(r.texts('paths'));
  const pathOf = (id: number): string => paths[id]!;
  // Plain loops over the arrays: this runs once per `tpo locate` process, before the code is optimised.
  const history = new Map<string, FileHistory>();
  const historyPaths = r.u32('history.paths');
  const touches = r.u32('history.touches');
  const historyStarts = r.u32('history.starts');
  const historySets = r.u32('history.sets');
  for (let i = 0; i < historyPaths.length; i += 1) {
    const sets: number[] = [];
    for (let k = historyStarts[i]!; k < historyStarts[i + 1]!; k += 1) sets.push(historySets[k]!);
    history.set(paths[historyPaths[i]!]!, { touches: touches[i]!, sets });
  }
  const importsOf = new Map<string, readonly string[]>();
  const importPaths = r.u32('imports.paths');
  const importStarts = r.u32('imports.starts');
  const specifiers = getTexts(r.texts('imports.specifiers'));
  for (let i = 0; i < importPaths.length; i += 1)
    importsOf.set(paths[importPaths[i]!]!, specifiers.slice(importStarts[i], importStarts[i + 1]));
  const texts = new Map<string, TextTable>();
  const columns: SetColumns = {
    // Decoded on first use: a query shows a few titles and shas; strata are read by some size predictions only.
    text: (name) => {
      let table = texts.get(name);
      if (!table) texts.set(name, (table = r.texts(`sets.${name}`)));
      return table;
    },
    fileCount: r.f64('sets.fileCount'),
    lines: r.f64('sets.lines'),
    pathStarts: r.u32('sets.pathStarts'),
    paths: r.u32('sets.paths'),
    pathNames: paths,
  };
  const sets: PastSet[] = [];
  for (let id = 0; id < columns.fileCount.length; id += 1) sets.push(new StoredPastSet(columns, id));
  return new LocateIndex({
    now: r.meta.now ?? 0,
    files: new Set(Array.from(r.u32('files'), pathOf)),
    pathField: readField(r, 'path', pathOf),
    nameField: readField(r, 'name', pathOf),
    messageField: readField(r, 'message', pathOf),
    contentField: readField(r, 'content', pathOf),
    setField: readField(r, 'set', (id) => id),
    history,
    sets,
    setSeq: Array.from(r.u32('sets.seq')),
    importsOf,
  });
}

interface SetColumns {
  text(name: 'sha' | 'title' | 'stratum'): TextTable;
  readonly fileCount: Float64Array;
  readonly lines: Float64Array;
  readonly pathStarts: Uint32Array;
  readonly paths: Uint32Array;
  readonly pathNames: readonly string[];
}

/**
 * A learned change set read from the document, its fields taken from the columns when first read: a query reads a
 * few dozen of the thousands (and fewer objects to build means less garbage collection in a short process).
 */
class StoredPastSet implements PastSet {
  private pathList: string[] | undefined;

  constructor(
    private readonly columns: SetColumns,
    readonly id: number,
  ) {}

  get sha(): string {
    return getText(this.columns.text('sha'), this.id);
  }

  get title(): string {
    return getText(this.columns.text('title'), this.id);
  }

  get stratum(): string {
    return getText(this.columns.text('stratum'), this.id);
  }

  get fileCount(): number {
    return this.columns.fileCount[this.id]!;
  }

  get lines(): number {
    return this.columns.lines[this.id]!;
  }

  /** Built once: the index renames paths in place. */
  get paths(): string[] {
    if (!this.pathList) {
      const { pathStarts, paths, pathNames } = this.columns;
      this.pathList = [];
      for (let k = pathStarts[this.id]!; k < pathStarts[this.id + 1]!; k += 1)
        this.pathList.push(pathNames[paths[k]!]!);
    }
    return this.pathList;
  }
}

function getText(table: TextTable, i: number): string {
  return table.text.slice(table.starts[i], table.starts[i + 1]);
}

/** Start offsets (n + 1) of consecutive runs of the given lengths. */
function offsets(lengths: readonly number[]): Uint32Array {
  const out = new Uint32Array(lengths.length + 1);
  lengths.forEach((n, i) => (out[i + 1] = out[i]! + n));
  return out;
}
