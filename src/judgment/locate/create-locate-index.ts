/**
 * The localization index: what the repository's own history says about each file, learned incrementally one
 * change set at a time (oldest first), so a replay can ask it questions at any past point and it only knows what
 * came before. Pure: no I/O, no clock (time is the number of change sets observed). Rationale: ./locate-rationale.md.
 */
import type { FileChange } from '../../domain/index.js';
import { cleanMessage } from './clean-message.js';
import { countTerms, tokenizePath, tokenizeText } from './tokenize-text.js';

/** A first-parent change set as the localization model learns from it. */
export interface HistoryChangeSet {
  readonly sha: string;
  readonly message: string;
  readonly authorName: string;
  readonly authorEmail: string;
  /** Unix seconds (finish time). */
  readonly time: number;
  readonly changes: readonly FileChange[];
  /** Term counts of the contents of files it added or modified, by (new) path, when read (countContentTerms). */
  readonly contents?: ReadonlyMap<string, ReadonlyMap<string, number>>;
  /** Relative import specifiers (`./reply`, `..`) of the files it added or modified, by (new) path, when read. */
  readonly imports?: ReadonlyMap<string, readonly string[]>;
}

/** Change sets with more paths are mass edits: they move files (followed) but teach nothing else. */
export const MAX_LEARNED_PATHS = 30;
/** Terms of one message kept (long PR bodies list squashed commits and checklists). */
const MAX_MESSAGE_TERMS = 400;
const K1 = 1.2;
const B = 0.75;

/** The paths a change set touched, counted as with `--no-renames`: a rename is its old and its new path. */
export function getTouchedPaths(changes: readonly FileChange[]): string[] {
  const out = new Set<string>();
  for (const c of changes) {
    if (c.status === 'R' && c.oldPath !== null) out.add(c.oldPath);
    out.add(c.path);
  }
  return [...out];
}

/** The touched paths that existed before the change set (the ones a ranking can find). */
export function getExistingPaths(changes: readonly FileChange[]): string[] {
  const out = new Set<string>();
  for (const c of changes) {
    if (c.status === 'R' && c.oldPath !== null) out.add(c.oldPath);
    else if (c.status !== 'A' && c.status !== 'C') out.add(c.path);
  }
  return [...out];
}

interface FileHistory {
  /** Message terms of the change sets that touched the file, with counts. */
  readonly terms: Map<string, number>;
  length: number;
  touches: number;
  /** Change set ids (positions in `sets`), oldest first. */
  readonly sets: number[];
}

export interface PastSet {
  readonly id: number;
  readonly sha: string;
  readonly title: string;
  readonly terms: ReadonlyMap<string, number>;
  readonly length: number;
  /** Paths under their latest names (renames followed). */
  readonly paths: string[];
  /** Paths touched (the size a prediction is scored against) and lines added + deleted. */
  readonly fileCount: number;
  readonly lines: number;
  /** Stratum for size predictions: conventional-commit type (or first word) and message length bucket. */
  readonly stratum: string;
}

/** A message's size stratum: its kind (conventional type or first word) and log2 of its word count. */
export function getSizeStratum(cleaned: string): { kind: string; stratum: string } {
  const first = /^\s*([A-Za-z]+)/.exec(cleaned)?.[1]?.toLowerCase() ?? '';
  const words = (cleaned.match(/[A-Za-z0-9][\w'.-]*/g) ?? []).length;
  const bucket = Math.min(7, Math.floor(Math.log2(1 + words)));
  return { kind: first, stratum: `${first}:${bucket}` };
}

/** Extensions an import may leave out, or write as `.js` for a `.ts` file (stripped from both sides of a match). */
const SCRIPT_EXTENSION = /\.(?:[cm]?[jt]sx?|vue|svelte)$/;

/** The folder of a path (`''` for the root). */
function getFolder(path: string): string {
  const slash = path.lastIndexOf('/');
  return slash === -1 ? '' : path.slice(0, slash);
}

/**
 * The names an import can reach a file by: its path without a script extension and, for an `index` file, its
 * folder (`lib/reply.js` -> `lib/reply`; `src/index.ts` -> `src/index`, `src`).
 */
export function getModuleKeys(path: string): string[] {
  const stem = path.replace(SCRIPT_EXTENSION, '');
  const base = stem.slice(stem.lastIndexOf('/') + 1);
  return stem !== path && base === 'index' ? [stem, getFolder(stem)] : [stem];
}

/**
 * The module key a relative specifier of `importer` points at (`../lib/reply.js` from `test/a.test.js` ->
 * `lib/reply`), or null when it climbs above the root.
 */
export function resolveModuleKey(importer: string, specifier: string): string | null {
  const segments = importer.split('/');
  segments.pop();
  for (const segment of specifier.split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') {
      if (segments.length === 0) return null;
      segments.pop();
    } else segments.push(segment);
  }
  return segments.join('/').replace(SCRIPT_EXTENSION, '');
}

function addTo<K, V>(map: Map<K, Set<V>>, key: K, value: V): void {
  let set = map.get(key);
  if (!set) map.set(key, (set = new Set<V>()));
  set.add(value);
}

function deleteFrom<K, V>(map: Map<K, Set<V>>, key: K, value: V): void {
  const set = map.get(key);
  set?.delete(value);
  if (set?.size === 0) map.delete(key);
}

/** BM25 over a field: term -> (document -> term count), with document lengths. */
class Bm25Field<K> {
  readonly postings = new Map<string, Map<K, number>>();
  readonly lengths = new Map<K, number>();
  totalLength = 0;

  add(doc: K, terms: ReadonlyMap<string, number>): void {
    let added = 0;
    for (const [term, n] of terms) {
      let posting = this.postings.get(term);
      if (!posting) this.postings.set(term, (posting = new Map<K, number>()));
      posting.set(doc, (posting.get(doc) ?? 0) + n);
      added += n;
    }
    this.lengths.set(doc, (this.lengths.get(doc) ?? 0) + added);
    this.totalLength += added;
  }

  remove(doc: K, terms: ReadonlyMap<string, number>): void {
    for (const term of terms.keys()) {
      const posting = this.postings.get(term);
      posting?.delete(doc);
      if (posting?.size === 0) this.postings.delete(term);
    }
    this.totalLength -= this.lengths.get(doc) ?? 0;
    this.lengths.delete(doc);
  }

  /** Adds BM25 scores of `query` (term -> query weight) into `out`; `keep` filters documents. */
  score(query: ReadonlyMap<string, number>, out: Map<K, number>, keep?: (doc: K) => boolean): void {
    const n = this.lengths.size;
    if (n === 0) return;
    const avg = this.totalLength / n || 1;
    for (const [term, qw] of query) {
      const posting = this.postings.get(term);
      if (!posting) continue;
      const idf = Math.log(1 + (n - posting.size + 0.5) / (posting.size + 0.5));
      for (const [doc, tf] of posting) {
        if (keep && !keep(doc)) continue;
        const len = this.lengths.get(doc) ?? 0;
        const s = (idf * qw * tf * (K1 + 1)) / (tf + K1 * (1 - B + (B * len) / avg));
        out.set(doc, (out.get(doc) ?? 0) + s);
      }
    }
  }
}

/** Terms of a file's name without its folders. */
export function getNameTerms(path: string): Map<string, number> {
  return countTerms(tokenizePath(path.slice(path.lastIndexOf('/') + 1)));
}

/** The weight of each query term: 1 + ln(count), so a long message does not drown in one repeated word. */
export function getQueryTerms(text: string): Map<string, number> {
  const counts = countTerms(tokenizeText(text).slice(0, MAX_MESSAGE_TERMS));
  for (const [t, n] of counts) counts.set(t, 1 + Math.log(n));
  return counts;
}

/**
 * The incremental index over files: path terms of the current files, the messages of the past change sets that
 * touched each file, recency, and co-change, all following renames.
 */
export class LocateIndex {
  /** Change sets observed so far: the model's clock. */
  now = 0;
  readonly files = new Set<string>();
  readonly pathField = new Bm25Field<string>();
  /** The file name alone (without folders): "reply" in lib/reply.js says more than "lib". */
  readonly nameField = new Bm25Field<string>();
  readonly messageField = new Bm25Field<string>();
  readonly setField = new Bm25Field<number>();
  readonly history = new Map<string, FileHistory>();
  readonly sets: PastSet[] = [];
  /** Position of each learned change set on the first-parent line (its `now` when observed). */
  readonly setSeq: number[] = [];
  readonly pathTermsOf = new Map<string, Map<string, number>>();
  readonly contentField = new Bm25Field<string>();
  readonly contentTermsOf = new Map<string, ReadonlyMap<string, number>>();
  /** Relative import specifiers of each current file (as written), and the module keys they resolve to. */
  readonly importsOf = new Map<string, readonly string[]>();
  private readonly importKeysOf = new Map<string, Set<string>>();
  /** Importers of each module key, and the current files each key names. */
  private readonly importersOf = new Map<string, Set<string>>();
  private readonly filesOfKey = new Map<string, Set<string>>();

  /** Adds a file to the current tree. */
  addFile(path: string): void {
    if (this.files.has(path)) return;
    this.files.add(path);
    const terms = countTerms(tokenizePath(path));
    this.pathTermsOf.set(path, terms);
    this.pathField.add(path, terms);
    this.nameField.add(path, getNameTerms(path));
    for (const key of getModuleKeys(path)) addTo(this.filesOfKey, key, path);
  }

  /** Sets (or, with null, forgets) the relative import specifiers of a current file. */
  setImports(path: string, specifiers: readonly string[] | null): void {
    for (const key of this.importKeysOf.get(path) ?? []) deleteFrom(this.importersOf, key, path);
    this.importKeysOf.delete(path);
    this.importsOf.delete(path);
    if (!specifiers || specifiers.length === 0) return;
    this.importsOf.set(path, specifiers);
    const keys = new Set<string>();
    for (const spec of specifiers) {
      const key = resolveModuleKey(path, spec);
      if (key !== null) keys.add(key);
    }
    this.importKeysOf.set(path, keys);
    for (const key of keys) addTo(this.importersOf, key, path);
  }

  /** The current files that `path` imports or that import it (relative imports only), without `path` itself. */
  getImportNeighbours(path: string): Set<string> {
    const out = new Set<string>();
    for (const key of this.importKeysOf.get(path) ?? [])
      for (const f of this.filesOfKey.get(key) ?? []) out.add(f);
    for (const key of getModuleKeys(path))
      for (const f of this.importersOf.get(key) ?? []) if (this.files.has(f)) out.add(f);
    out.delete(path);
    return out;
  }

  /** Sets (or, with null, forgets) the term counts of a current file's content. */
  setContent(path: string, terms: ReadonlyMap<string, number> | null): void {
    const old = this.contentTermsOf.get(path);
    if (old) {
      this.contentField.remove(path, old);
      this.contentTermsOf.delete(path);
    }
    if (terms && terms.size > 0) {
      this.contentTermsOf.set(path, terms);
      this.contentField.add(path, terms);
    }
  }

  removeFile(path: string): void {
    this.setContent(path, null);
    this.setImports(path, null);
    if (!this.files.delete(path)) return;
    for (const key of getModuleKeys(path)) deleteFrom(this.filesOfKey, key, path);
    this.pathField.remove(path, this.pathTermsOf.get(path) ?? new Map());
    this.nameField.remove(path, getNameTerms(path));
    this.pathTermsOf.delete(path);
  }

  /** Replaces the current tree (a scanned snapshot). */
  setFiles(paths: Iterable<string>): void {
    const next = new Set(paths);
    for (const p of [...this.files]) if (!next.has(p)) this.removeFile(p);
    for (const p of next) this.addFile(p);
  }

  /** Applies a change set's adds, deletes and renames (and, when given, new contents) to the current tree. */
  applyTree(
    changes: readonly FileChange[],
    contents?: ReadonlyMap<string, ReadonlyMap<string, number>>,
    imports?: ReadonlyMap<string, readonly string[]>,
  ): void {
    for (const c of changes) {
      if (c.status === 'D') this.removeFile(c.path);
      else if (c.status === 'R') {
        const moved = c.oldPath !== null ? this.contentTermsOf.get(c.oldPath) : undefined;
        const movedImports = c.oldPath !== null ? this.importsOf.get(c.oldPath) : undefined;
        if (c.oldPath !== null) this.removeFile(c.oldPath);
        this.addFile(c.path);
        const terms = contents?.get(c.path) ?? moved;
        if (terms) this.setContent(c.path, terms);
        // Read contents say what the file imports now (none when it imports nothing relative).
        const specs = contents?.has(c.path) ? imports?.get(c.path) : movedImports;
        if (specs) this.setImports(c.path, specs);
      } else {
        this.addFile(c.path);
        const terms = contents?.get(c.path);
        if (terms) this.setContent(c.path, terms);
        if (contents?.has(c.path) || imports?.has(c.path))
          this.setImports(c.path, imports?.get(c.path) ?? null);
      }
    }
  }

  /** Learns from one change set (its message, files and co-changes), following its renames first. */
  observe(cs: HistoryChangeSet): void {
    const seq = this.now;
    this.now += 1;
    for (const c of cs.changes)
      if (c.status === 'R' && c.oldPath !== null) this.followRename(c.oldPath, c.path);
    const touched = getTouchedPaths(cs.changes);
    if (touched.length === 0 || touched.length > MAX_LEARNED_PATHS) return;
    const cleaned = cleanMessage(cs.message);
    const terms = countTerms(tokenizeText(cleaned).slice(0, MAX_MESSAGE_TERMS));
    // Under their latest names: a rename source is the same file as its target.
    const current = [...new Set(cs.changes.map((c) => c.path))];
    const id = this.sets.length;
    const length = [...terms.values()].reduce((s, n) => s + n, 0);
    this.sets.push({
      id,
      sha: cs.sha,
      title: cleaned.split('\n', 1)[0] ?? '',
      terms,
      length,
      paths: current,
      fileCount: touched.length,
      lines: cs.changes.reduce((s, c) => s + (c.added ?? 0) + (c.deleted ?? 0), 0),
      stratum: getSizeStratum(cleaned).stratum,
    });
    this.setSeq.push(seq);
    this.setField.add(id, terms);
    for (const p of current) {
      let h = this.history.get(p);
      if (!h) this.history.set(p, (h = { terms: new Map(), length: 0, touches: 0, sets: [] }));
      for (const [t, n] of terms) h.terms.set(t, (h.terms.get(t) ?? 0) + n);
      h.length += length;
      h.touches += 1;
      h.sets.push(id);
      this.messageField.add(p, terms);
    }
  }

  private followRename(from: string, to: string): void {
    if (from === to) return;
    const h = this.history.get(from);
    if (!h || this.history.has(to)) return;
    this.history.delete(from);
    this.history.set(to, h);
    this.messageField.remove(from, h.terms);
    this.messageField.add(to, h.terms);
    for (const id of h.sets) {
      const paths = this.sets[id]!.paths;
      const i = paths.indexOf(from);
      if (i >= 0) paths[i] = to;
    }
  }

  /** 2^(-age / halfLife), age in change sets since the learned change set `id`. */
  decay(id: number, halfLife: number): number {
    return Number.isFinite(halfLife) ? 2 ** (-(this.now - this.setSeq[id]!) / halfLife) : 1;
  }
}

/** A LocateIndex as plain data (for a cache): the index is rebuilt from it without reading git again. */
export interface LocateIndexSnapshot {
  readonly now: number;
  readonly files: readonly string[];
  /** Learned change sets: sha, title, "term:count ..." terms, paths, files, lines, stratum, seq. */
  readonly sets: readonly (readonly [
    string,
    string,
    string,
    readonly string[],
    number,
    number,
    string,
    number,
  ])[];
  /** Content terms per file as "term:count ...". */
  readonly contents: readonly (readonly [string, string])[];
  /** Relative import specifiers per file, as written (absent in snapshots taken before they were kept). */
  readonly imports?: readonly (readonly [string, readonly string[]])[];
}

function encodeTerms(terms: ReadonlyMap<string, number>): string {
  let out = '';
  for (const [t, n] of terms) out += out === '' ? `${t}:${n}` : ` ${t}:${n}`;
  return out;
}

function decodeTerms(text: string): Map<string, number> {
  const out = new Map<string, number>();
  if (text === '') return out;
  for (const pair of text.split(' ')) {
    const colon = pair.lastIndexOf(':');
    out.set(pair.slice(0, colon), Number(pair.slice(colon + 1)));
  }
  return out;
}

/** The index as plain data. */
export function getLocateIndexSnapshot(index: LocateIndex): LocateIndexSnapshot {
  return {
    now: index.now,
    files: [...index.files],
    sets: index.sets.map((s, i) => [
      s.sha,
      s.title,
      encodeTerms(s.terms),
      s.paths,
      s.fileCount,
      s.lines,
      s.stratum,
      index.setSeq[i]!,
    ]),
    contents: [...index.contentTermsOf].map(([p, t]) => [p, encodeTerms(t)]),
    imports: [...index.importsOf],
  };
}

/** Rebuilds an index from its plain data (renames were already followed when it was taken). */
export function restoreLocateIndex(snapshot: LocateIndexSnapshot): LocateIndex {
  const index = new LocateIndex();
  for (const p of snapshot.files) index.addFile(p);
  for (const [sha, title, encoded, paths, fileCount, lines, stratum, seq] of snapshot.sets) {
    const id = index.sets.length;
    const terms = decodeTerms(encoded);
    const length = [...terms.values()].reduce((s, n) => s + n, 0);
    index.sets.push({ id, sha, title, terms, length, paths: [...paths], fileCount, lines, stratum });
    index.setSeq.push(seq);
    index.setField.add(id, terms);
    for (const p of paths) {
      let h = index.history.get(p);
      if (!h) index.history.set(p, (h = { terms: new Map(), length: 0, touches: 0, sets: [] }));
      for (const [t, n] of terms) h.terms.set(t, (h.terms.get(t) ?? 0) + n);
      h.length += length;
      h.touches += 1;
      h.sets.push(id);
    }
  }
  for (const [p, h] of index.history) index.messageField.add(p, h.terms);
  for (const [p, encoded] of snapshot.contents) index.setContent(p, decodeTerms(encoded));
  for (const [p, specifiers] of snapshot.imports ?? []) index.setImports(p, specifiers);
  index.now = snapshot.now;
  return index;
}

export function createLocateIndex(): LocateIndex {
  return new LocateIndex();
}

export { Bm25Field };
