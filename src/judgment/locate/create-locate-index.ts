/**
 * The localization index: what the repository's own history says about each file, learned incrementally one
 * change set at a time (oldest first), so a replay can ask it questions at any past point and it only knows what
 * came before. Pure: no I/O, no clock (time is the number of change sets observed). Rationale: ./locate-rationale.md.
 */
import type { FileChange } from '../../domain/index.js';
import { Bm25Field } from './bm25-field.js';
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

/** What the history says of one file (its message terms are the index's `messageField`). */
export interface FileHistory {
  touches: number;
  /** Change set ids (positions in `sets`), oldest first. */
  readonly sets: number[];
}

export interface PastSet {
  readonly id: number;
  readonly sha: string;
  readonly title: string;
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

/** The parts of a LocateIndex, for restoring one (encode-locate-index.ts). */
export interface LocateIndexParts {
  readonly now: number;
  readonly files: Set<string>;
  readonly pathField: Bm25Field<string>;
  readonly nameField: Bm25Field<string>;
  readonly messageField: Bm25Field<string>;
  readonly setField: Bm25Field<number>;
  readonly history: Map<string, FileHistory>;
  readonly sets: PastSet[];
  readonly setSeq: number[];
  readonly contentField: Bm25Field<string>;
  /** Relative import specifiers of each current file, as written. */
  readonly importsOf: Map<string, readonly string[]>;
}

/**
 * The incremental index over files: path terms of the current files, the messages of the past change sets that
 * touched each file, recency, and co-change, all following renames. Each field knows each document's terms
 * (`termsOf`, `has`). Saved and restored by encode-locate-index.ts.
 */
export class LocateIndex {
  /** Change sets observed so far: the model's clock. */
  now: number;
  readonly files: Set<string>;
  readonly pathField: Bm25Field<string>;
  /** The file name alone (without folders): "reply" in lib/reply.js says more than "lib". */
  readonly nameField: Bm25Field<string>;
  /** Per file (under its latest name), the message terms of the change sets that touched it. */
  readonly messageField: Bm25Field<string>;
  /** Per learned change set (by id), its message terms. */
  readonly setField: Bm25Field<number>;
  readonly history: Map<string, FileHistory>;
  readonly sets: PastSet[];
  /** Position of each learned change set on the first-parent line (its `now` when observed). */
  readonly setSeq: number[];
  /** Per current file, the term counts of its content (when read). */
  readonly contentField: Bm25Field<string>;
  /** Relative import specifiers of each current file (as written), and the module keys they resolve to. */
  readonly importsOf = new Map<string, readonly string[]>();
  private readonly importKeysOf = new Map<string, Set<string>>();
  /** Importers of each module key, and the current files each key names. */
  private readonly importersOf = new Map<string, Set<string>>();
  private readonly filesOfKey = new Map<string, Set<string>>();
  /** Changes made so far (files, contents, change sets): what was derived from an older revision is stale. */
  revision = 0;

  /** An empty index, or one restored from its parts. */
  constructor(parts?: LocateIndexParts) {
    this.now = parts?.now ?? 0;
    this.files = parts?.files ?? new Set();
    this.pathField = parts?.pathField ?? new Bm25Field();
    this.nameField = parts?.nameField ?? new Bm25Field();
    this.messageField = parts?.messageField ?? new Bm25Field();
    this.setField = parts?.setField ?? new Bm25Field();
    this.history = parts?.history ?? new Map<string, FileHistory>();
    this.sets = parts?.sets ?? [];
    this.setSeq = parts?.setSeq ?? [];
    this.contentField = parts?.contentField ?? new Bm25Field();
    for (const path of this.files) for (const key of getModuleKeys(path)) addTo(this.filesOfKey, key, path);
    for (const [path, specifiers] of parts?.importsOf ?? []) this.setImports(path, specifiers);
  }

  /** Adds a file to the current tree. */
  addFile(path: string): void {
    if (this.files.has(path)) return;
    this.revision += 1;
    this.files.add(path);
    this.pathField.add(path, countTerms(tokenizePath(path)));
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
    this.revision += 1;
    this.contentField.remove(path);
    if (terms && terms.size > 0) this.contentField.add(path, terms);
  }

  removeFile(path: string): void {
    this.setContent(path, null);
    this.setImports(path, null);
    if (!this.files.delete(path)) return;
    this.revision += 1;
    for (const key of getModuleKeys(path)) deleteFrom(this.filesOfKey, key, path);
    this.pathField.remove(path);
    this.nameField.remove(path);
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
        const moved = c.oldPath !== null ? this.contentField.termsOf(c.oldPath) : undefined;
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
    this.revision += 1;
    for (const c of cs.changes)
      if (c.status === 'R' && c.oldPath !== null) this.followRename(c.oldPath, c.path);
    const touched = getTouchedPaths(cs.changes);
    if (touched.length === 0 || touched.length > MAX_LEARNED_PATHS) return;
    const cleaned = cleanMessage(cs.message);
    const terms = countTerms(tokenizeText(cleaned).slice(0, MAX_MESSAGE_TERMS));
    // Under their latest names: a rename source is the same file as its target.
    const current = [...new Set(cs.changes.map((c) => c.path))];
    const id = this.sets.length;
    this.sets.push({
      id,
      sha: cs.sha,
      title: cleaned.split('\n', 1)[0] ?? '',
      paths: current,
      fileCount: touched.length,
      lines: cs.changes.reduce((s, c) => s + (c.added ?? 0) + (c.deleted ?? 0), 0),
      stratum: getSizeStratum(cleaned).stratum,
    });
    this.setSeq.push(seq);
    this.setField.add(id, terms);
    for (const p of current) {
      let h = this.history.get(p);
      if (!h) this.history.set(p, (h = { touches: 0, sets: [] }));
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
    this.messageField.rename(from, to);
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

export function createLocateIndex(): LocateIndex {
  return new LocateIndex();
}
