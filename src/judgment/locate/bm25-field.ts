/**
 * One BM25 field of the localization index (path terms, file names, past messages, contents …): term -> (document
 * -> term count), with each document's own terms and length. It lives in one of two forms with the same answers:
 * Maps while it learns, or the compact arrays it was saved as (`FrozenPostings`), which a query reads in place and
 * the first change turns back into Maps. Pure. Rationale: ./locate-rationale.md.
 */

const K1 = 1.2;
const B = 0.75;

/** A sorted list of strings kept as one string and UTF-16 start offsets (entry i is text[starts[i], starts[i + 1])). */
export interface TextTable {
  readonly text: string;
  readonly starts: Uint32Array;
}

/** The strings of a table, in order. */
export function getTexts(table: TextTable): string[] {
  const out = new Array<string>(table.starts.length - 1);
  for (let i = 0; i < out.length; i += 1) out[i] = table.text.slice(table.starts[i], table.starts[i + 1]);
  return out;
}

/** A table of `strings` (in the order given). */
export function createTextTable(strings: readonly string[]): TextTable {
  const starts = new Uint32Array(strings.length + 1);
  for (let i = 0; i < strings.length; i += 1) starts[i + 1] = starts[i]! + strings[i]!.length;
  return { text: strings.join(''), starts };
}

/** Position of `s` in a table sorted by UTF-16 code units (JavaScript's default sort), or -1; no string is built. */
export function findText(table: TextTable, s: string): number {
  const { text, starts } = table;
  let lo = 0;
  let hi = starts.length - 2;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const from = starts[mid]!;
    const len = starts[mid + 1]! - from;
    let cmp = 0;
    const n = Math.min(len, s.length);
    for (let i = 0; i < n && cmp === 0; i += 1) cmp = text.charCodeAt(from + i) - s.charCodeAt(i);
    if (cmp === 0) cmp = len - s.length;
    if (cmp === 0) return mid;
    if (cmp < 0) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}

/**
 * A field as arrays: terms sorted, and for term t its postings at [starts[t], starts[t + 1]) of `docs` (document
 * numbers, ascending) and `counts`; document d is `keys[d]`, with `lengths[d]` terms in all.
 */
export interface FrozenPostings<K> {
  readonly terms: TextTable;
  readonly starts: Uint32Array;
  readonly docs: Uint32Array;
  readonly counts: Uint32Array;
  readonly keys: readonly K[];
  readonly lengths: Uint32Array;
}

interface DocEntry {
  terms: Map<string, number>;
  length: number;
  /** False while `terms` is the caller's map (shared, never changed here); copied before the first change. */
  owned: boolean;
}

/** BM25 over a field: term -> (document -> term count), with each document's terms and length. */
export class Bm25Field<K> {
  private postings = new Map<string, Map<K, number>>();
  private docTerms = new Map<K, DocEntry>();
  private frozen: FrozenPostings<K> | null = null;
  /** Document number of each key of the frozen form, built on the first `has`. */
  private frozenIndex: Map<K, number> | null = null;
  totalLength = 0;

  /** A field read in place from its arrays (counts must be whole numbers, as term counts are). */
  static fromFrozen<K>(frozen: FrozenPostings<K>): Bm25Field<K> {
    const field = new Bm25Field<K>();
    field.frozen = frozen;
    let total = 0;
    for (const n of frozen.lengths) total += n;
    field.totalLength = total;
    return field;
  }

  /** Documents in the field. */
  get size(): number {
    return this.frozen ? this.frozen.keys.length : this.docTerms.size;
  }

  /** The field as arrays, terms sorted and each posting in document order (documents in insertion order). */
  getFrozen(): FrozenPostings<K> {
    if (this.frozen) return this.frozen;
    const keys = [...this.docTerms.keys()];
    const numberOf = new Map<K, number>(keys.map((k, i) => [k, i]));
    const terms = [...this.postings.keys()].sort();
    const starts = new Uint32Array(terms.length + 1);
    let total = 0;
    terms.forEach((t, i) => (starts[i + 1] = total += this.postings.get(t)!.size));
    const docs = new Uint32Array(total);
    const counts = new Uint32Array(total);
    terms.forEach((t, i) => {
      const entries = [...this.postings.get(t)!].map(([k, n]) => [numberOf.get(k)!, n] as const);
      entries.sort((a, b) => a[0] - b[0]);
      entries.forEach(([d, n], j) => {
        docs[starts[i]! + j] = d;
        counts[starts[i]! + j] = n;
      });
    });
    const lengths = Uint32Array.from(keys, (k) => this.docTerms.get(k)!.length);
    return { terms: createTextTable(terms), starts, docs, counts, keys, lengths };
  }

  /** Back to Maps before a change (a restored index that learns more). */
  private thaw(): void {
    const frozen = this.frozen;
    if (!frozen) return;
    this.frozen = null;
    this.frozenIndex = null;
    const terms = getTexts(frozen.terms);
    frozen.keys.forEach((k, d) =>
      this.docTerms.set(k, { terms: new Map(), length: frozen.lengths[d]!, owned: true }),
    );
    terms.forEach((term, t) => {
      const posting = new Map<K, number>();
      for (let i = frozen.starts[t]!; i < frozen.starts[t + 1]!; i += 1) {
        const key = frozen.keys[frozen.docs[i]!]!;
        posting.set(key, frozen.counts[i]!);
        this.docTerms.get(key)!.terms.set(term, frozen.counts[i]!);
      }
      this.postings.set(term, posting);
    });
  }

  add(doc: K, terms: ReadonlyMap<string, number>): void {
    this.thaw();
    let added = 0;
    for (const [term, n] of terms) {
      let posting = this.postings.get(term);
      if (!posting) this.postings.set(term, (posting = new Map<K, number>()));
      posting.set(doc, (posting.get(doc) ?? 0) + n);
      added += n;
    }
    const entry = this.docTerms.get(doc);
    if (!entry) this.docTerms.set(doc, { terms: terms as Map<string, number>, length: added, owned: false });
    else {
      if (!entry.owned) {
        entry.terms = new Map(entry.terms);
        entry.owned = true;
      }
      for (const [term, n] of terms) entry.terms.set(term, (entry.terms.get(term) ?? 0) + n);
      entry.length += added;
    }
    this.totalLength += added;
  }

  /** Forgets a document and its terms. */
  remove(doc: K): void {
    this.thaw();
    const entry = this.docTerms.get(doc);
    if (!entry) return;
    for (const term of entry.terms.keys()) {
      const posting = this.postings.get(term);
      posting?.delete(doc);
      if (posting?.size === 0) this.postings.delete(term);
    }
    this.totalLength -= entry.length;
    this.docTerms.delete(doc);
  }

  /** Moves a document's terms to another key (a renamed file); nothing when `to` is already a document. */
  rename(from: K, to: K): void {
    const terms = this.termsOf(from);
    if (!terms || this.has(to)) return;
    this.remove(from);
    this.add(to, terms);
  }

  /** A document's term counts (read only), if it is in the field. */
  termsOf(doc: K): ReadonlyMap<string, number> | undefined {
    this.thaw();
    return this.docTerms.get(doc)?.terms;
  }

  /** Whether the field has the document and, given a term, whether the document holds it. */
  has(doc: K, term?: string): boolean {
    const frozen = this.frozen;
    if (!frozen) {
      const entry = this.docTerms.get(doc);
      return entry !== undefined && (term === undefined || entry.terms.has(term));
    }
    if (!this.frozenIndex) {
      this.frozenIndex = new Map();
      for (let d = 0; d < frozen.keys.length; d += 1) this.frozenIndex.set(frozen.keys[d]!, d);
    }
    const d = this.frozenIndex.get(doc);
    if (d === undefined) return false;
    if (term === undefined) return true;
    const t = findText(frozen.terms, term);
    if (t < 0) return false;
    let lo = frozen.starts[t]!;
    let hi = frozen.starts[t + 1]! - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const x = frozen.docs[mid]!;
      if (x === d) return true;
      if (x < d) lo = mid + 1;
      else hi = mid - 1;
    }
    return false;
  }

  /** Calls `visit` with each document holding the term (reads the posting list once, no per-document lookup). */
  forEachHolder(term: string, visit: (doc: K) => void): void {
    const frozen = this.frozen;
    if (!frozen) {
      for (const doc of this.postings.get(term)?.keys() ?? []) visit(doc);
      return;
    }
    const t = findText(frozen.terms, term);
    if (t < 0) return;
    for (let i = frozen.starts[t]!; i < frozen.starts[t + 1]!; i += 1) visit(frozen.keys[frozen.docs[i]!]!);
  }

  /** How many documents hold the term. */
  documentFrequency(term: string): number {
    const frozen = this.frozen;
    if (!frozen) return this.postings.get(term)?.size ?? 0;
    const t = findText(frozen.terms, term);
    return t < 0 ? 0 : frozen.starts[t + 1]! - frozen.starts[t]!;
  }

  /** Adds BM25 scores of `query` (term -> query weight) into `out`; `keep` filters documents. */
  score(query: ReadonlyMap<string, number>, out: Map<K, number>, keep?: (doc: K) => boolean): void {
    const n = this.size;
    if (n === 0) return;
    const avg = this.totalLength / n || 1;
    const frozen = this.frozen;
    for (const [term, qw] of query) {
      if (frozen) {
        const t = findText(frozen.terms, term);
        if (t < 0) continue;
        const from = frozen.starts[t]!;
        const to = frozen.starts[t + 1]!;
        const df = to - from;
        const idf = Math.log(1 + (n - df + 0.5) / (df + 0.5));
        for (let i = from; i < to; i += 1) {
          const d = frozen.docs[i]!;
          const doc = frozen.keys[d]!;
          if (keep && !keep(doc)) continue;
          const tf = frozen.counts[i]!;
          const len = frozen.lengths[d]!;
          const s = (idf * qw * tf * (K1 + 1)) / (tf + K1 * (1 - B + (B * len) / avg));
          out.set(doc, (out.get(doc) ?? 0) + s);
        }
        continue;
      }
      const posting = this.postings.get(term);
      if (!posting) continue;
      const idf = Math.log(1 + (n - posting.size + 0.5) / (posting.size + 0.5));
      for (const [doc, tf] of posting) {
        if (keep && !keep(doc)) continue;
        const len = this.docTerms.get(doc)!.length;
        const s = (idf * qw * tf * (K1 + 1)) / (tf + K1 * (1 - B + (B * len) / avg));
        out.set(doc, (out.get(doc) ?? 0) + s);
      }
    }
  }
}
