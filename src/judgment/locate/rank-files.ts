/**
 * Ranks the current files for a work item's text: the features of LOCATE_FEATURES, a weighted sum with weights fitted
 * on the repository's own older history (fit-locate-model.ts), a calibrated confidence and the evidence for each
 * file. Pure. Rationale: ./locate-rationale.md.
 */
import { getQueryTerms, type LocateIndex } from './create-locate-index.js';
import { getTermWords } from './tokenize-text.js';

/** The features, in the order of a feature row. */
export const LOCATE_FEATURES = [
  'path',
  'name',
  'messages',
  'similar',
  'recentShort',
  'recentLong',
  'content',
  'mention',
  'coChange',
  'imports',
  'coverage',
] as const;
export type LocateFeature = (typeof LOCATE_FEATURES)[number];

/** What a fitted model holds: feature weights and the confidence curve. */
export interface LocateModel {
  /** Weight of each feature (each feature is first divided by its largest value over the candidates). */
  readonly weights: Readonly<Record<LocateFeature, number>>;
  /** Confidence = 1 / (1 + exp(-(a + b x relative score + c x ln(rank)))). */
  readonly calibration: { readonly a: number; readonly b: number; readonly c: number };
  /** Queries (x 2 forms) the weights were fitted on; 0 for the defaults. */
  readonly fittedOn: number;
}

export const LOCATE_SETTINGS = {
  /** Past change sets whose messages are most like the query and vote for their files. */
  neighbours: 30,
  /** Half-lives of the two recency features and of co-change, in change sets. */
  shortHalfLife: 20,
  longHalfLife: 300,
  coChangeHalfLife: 200,
  /** Top files whose co-changed files are raised. */
  seeds: 5,
  /** Candidates kept per query when fitting. */
  fitCandidates: 300,
} as const;

/** Weights before any fitting (a repository with too little history to fit on). */
export const DEFAULT_LOCATE_MODEL: LocateModel = {
  weights: {
    path: 1,
    name: 0.5,
    messages: 1,
    similar: 1,
    recentShort: 0.3,
    recentLong: 0.3,
    content: 0.5,
    mention: 1,
    coChange: 0.3,
    imports: 0.2,
    coverage: 0.5,
  },
  calibration: { a: -1, b: 2, c: -0.5 },
  fittedOn: 0,
};

export interface FeatureTable {
  readonly paths: readonly string[];
  /** One row per path, features in LOCATE_FEATURES order, each in [0, 1]. */
  readonly rows: readonly Float64Array[];
  readonly terms: ReadonlyMap<string, number>;
  /** The neighbouring past change sets, most similar first, with their similarity in (0, 1]. */
  readonly neighbours: readonly { readonly id: number; readonly similarity: number }[];
  /** The co-change seeds and, per path index, the seeds that raised it with their confidence. */
  readonly coupledBy: ReadonlyMap<number, readonly { readonly path: string; readonly confidence: number }[]>;
}

const MENTION = /[\w@$-]+(?:[./][\w@$-]+)*/g;

/**
 * Files the text names: 1 when it contains the file's path, its name with the extension (`listen.2.test.js`), a
 * dotted name without its extension and kind (`res.type` or `res.type()` for `test/res.type.js`: a multi-part name
 * is no ordinary word), or the words and the number of a numbered name in order, separators aside
 * (`custom parser 4` or `custom-parser-4` for `custom-parser.4.test.js`: the tokenizer drops numbers, so no other
 * feature tells the numbered siblings apart); 0.5 when it contains the first part of the name as a word of at least
 * 4 characters (`wrapThenable`), on its own or as part of a dotted word that names no file (`reply.send` names
 * `reply.js`; `listen.2.test.js`, which names its own file, does not name `listen.3.test.js`).
 */
export function getMentions(text: string, files: Iterable<string>): Map<string, number> {
  const words = new Set<string>();
  /** Each part of a dotted word (`reply.send`: `reply`, `send`) and the words it is part of. */
  const partOf = new Map<string, string[]>();
  for (const w of text.match(MENTION) ?? []) {
    const lower = w.toLowerCase();
    words.add(lower);
    // "lib/reply.js" also names "reply.js".
    const slash = lower.lastIndexOf('/');
    if (slash >= 0) words.add(lower.slice(slash + 1));
    for (const part of lower.split('.')) partOf.set(part, [...(partOf.get(part) ?? []), lower]);
  }
  const phrase = ` ${text.toLowerCase().replace(/[^a-z0-9]+/g, ' ')} `;
  const hasNumber = /\d/.test(phrase);
  const out = new Map<string, number>();
  const stems: [path: string, stem: string][] = [];
  /** The words that name a file in full (its path, its name with the extension, or a dotted name without it). */
  const naming = new Set<string>();
  for (const path of files) {
    const lower = path.toLowerCase();
    const base = lower.slice(lower.lastIndexOf('/') + 1);
    if (words.has(lower)) naming.add(lower);
    if (base.includes('.') && words.has(base)) naming.add(base);
    const core = getNameCore(base);
    if (core.includes('.') && words.has(core)) naming.add(core);
    const numbered = hasNumber ? getNumberedName(base) : null;
    if (
      naming.has(lower) ||
      naming.has(base) ||
      naming.has(core) ||
      (numbered !== null && phrase.includes(` ${numbered} `))
    )
      out.set(path, 1);
    else {
      const stem = base.split('.')[0]!;
      if (stem.length >= 4) stems.push([path, stem]);
    }
  }
  const namesAFile = (w: string): boolean => naming.has(w) || naming.has(w.slice(w.lastIndexOf('/') + 1));
  for (const [path, stem] of stems)
    if (words.has(stem) || (partOf.get(stem) ?? []).some((w) => !namesAFile(w))) out.set(path, 0.5);
  return out;
}

/** Trailing name parts that say what kind of file it is (`.test`, `.spec`), not which one. */
const KIND_PART = /^(?:test|tests|spec|specs)$/;

/** A file name without its extension and trailing kind parts (`res.type.test.js` -> `res.type`). */
export function getNameCore(base: string): string {
  const pieces = base.split('.');
  if (pieces.length > 1) pieces.pop();
  while (pieces.length > 1 && KIND_PART.test(pieces[pieces.length - 1]!)) pieces.pop();
  return pieces.join('.');
}

/**
 * The words of a numbered file name without its extension and kind, separated by single spaces, when they are a
 * number and words of at least 4 letters in all (`custom-parser.4.test.js` -> `custom parser 4`, `route.3.test.js`
 * -> `route 3`), else null (`http2.js`, `v2.js` and `Migration-Guide-V4.md` have no separate number).
 */
export function getNumberedName(base: string): string | null {
  const parts = getNameCore(base.toLowerCase())
    .split(/[^a-z0-9]+/)
    .filter((w) => w !== '');
  const letters = parts.filter((w) => /[a-z]/.test(w)).join('').length;
  return letters >= 4 && parts.some((w) => /^\d+$/.test(w)) ? parts.join(' ') : null;
}

function normalise(values: Map<string, number>): void {
  let max = 0;
  for (const v of values.values()) if (v > max) max = v;
  if (max > 0) for (const [k, v] of values) values.set(k, v / max);
}

interface Recency {
  /** The index's revision they were computed at. */
  readonly revision: number;
  /** Per current file, ln(1 + the decayed count of its change sets), divided by the largest (the two features). */
  readonly recentShort: ReadonlyMap<string, number>;
  readonly recentLong: ReadonlyMap<string, number>;
}

/** The recency features depend on the index alone: computed once per revision of the index. */
const recencyOf = new WeakMap<LocateIndex, Recency>();

function getRecency(index: LocateIndex): Recency {
  const cached = recencyOf.get(index);
  if (cached?.revision === index.revision) return cached;
  const s = LOCATE_SETTINGS;
  // Each change set's decay once (the same figure index.decay gives), not once per file it touched.
  const shortDecay = index.sets.map((set) => index.decay(set.id, s.shortHalfLife));
  const longDecay = index.sets.map((set) => index.decay(set.id, s.longHalfLife));
  const recentShort = new Map<string, number>();
  const recentLong = new Map<string, number>();
  for (const [p, h] of index.history) {
    if (!index.files.has(p)) continue;
    let short = 0;
    let long = 0;
    for (const id of h.sets) {
      short += shortDecay[id]!;
      long += longDecay[id]!;
    }
    recentShort.set(p, Math.log1p(short));
    recentLong.set(p, Math.log1p(long));
  }
  normalise(recentShort);
  normalise(recentLong);
  const recency = { revision: index.revision, recentShort, recentLong };
  recencyOf.set(index, recency);
  return recency;
}

/**
 * Co-change confidence of every file with `file`: the recency-weighted share of the change sets touching `file`
 * that also touched it, each change set weighted 2^(-age/halfLife) and, to count small focused change sets more,
 * 1 / (files - 1)^sizePower.
 */
export function getCoChanges(
  index: LocateIndex,
  file: string,
  halfLife: number,
  sizePower = 0,
): Map<string, number> {
  const out = new Map<string, number>();
  const h = index.history.get(file);
  if (!h) return out;
  let total = 0;
  for (const id of h.sets) {
    const set = index.sets[id]!;
    const d = index.decay(id, halfLife);
    total += d;
    if (set.paths.length < 2) continue;
    const w = d / (set.paths.length - 1) ** sizePower;
    for (const p of set.paths) if (p !== file) out.set(p, (out.get(p) ?? 0) + w);
  }
  if (total > 0) for (const [p, v] of out) out.set(p, v / total);
  return out;
}

/** The files of `wanted` that have `term` in their path, their content or the messages of their change sets. */
function getHolders(index: LocateIndex, term: string, wanted: ReadonlySet<string>): Set<string> {
  const holders = new Set<string>();
  const mark = (p: string): void => {
    if (wanted.has(p)) holders.add(p);
  };
  index.pathField.forEachHolder(term, mark);
  index.contentField.forEachHolder(term, mark);
  index.messageField.forEachHolder(term, mark);
  return holders;
}

/**
 * The share of the query's words a file has anywhere (its path, its content, or the messages of its past change
 * sets), each word weighted by its idf over the current files' contents: ln(1 + files / (1 + files containing it)).
 * Unlike the BM25 fields it rewards matching many words over matching one word often, across fields.
 */
export function getCoverage(
  index: LocateIndex,
  terms: ReadonlyMap<string, number>,
  paths: Iterable<string>,
): Map<string, number> {
  const out = new Map<string, number>();
  const idf = new Map<string, number>();
  let total = 0;
  for (const t of terms.keys()) {
    const w = Math.log(1 + index.files.size / (1 + index.contentField.documentFrequency(t)));
    idf.set(t, w);
    total += w;
  }
  if (total === 0) return out;
  // Each word's posting lists walked once (not one lookup per file and word); words added in query order per file.
  const wanted: ReadonlySet<string> = paths instanceof Set ? paths : new Set(paths);
  const found = new Map<string, number>();
  for (const [t, w] of idf)
    for (const p of getHolders(index, t, wanted)) found.set(p, (found.get(p) ?? 0) + w);
  for (const p of wanted) {
    const f = found.get(p);
    if (f !== undefined && f > 0) out.set(p, f / total);
  }
  return out;
}

/** The features of every current file that any feature reaches, for the query `text`. */
export function computeFeatures(
  index: LocateIndex,
  text: string,
  weights: LocateModel['weights'],
): FeatureTable {
  const s = LOCATE_SETTINGS;
  const terms = getQueryTerms(text);
  const inTree = (p: string): boolean => index.files.has(p);
  const path = new Map<string, number>();
  index.pathField.score(terms, path);
  const name = new Map<string, number>();
  index.nameField.score(terms, name);
  const messages = new Map<string, number>();
  index.messageField.score(terms, messages, inTree);
  const setScores = new Map<number, number>();
  index.setField.score(terms, setScores);
  const top = [...setScores].sort((a, b) => b[1] - a[1] || b[0] - a[0]).slice(0, s.neighbours);
  const maxSim = top[0]?.[1] ?? 0;
  const neighbours = top.map(([id, v]) => ({ id, similarity: v / maxSim }));
  const similar = new Map<string, number>();
  for (const { id, similarity } of neighbours) {
    const set = index.sets[id]!;
    const w = similarity / Math.sqrt(set.paths.length);
    for (const p of set.paths) if (inTree(p)) similar.set(p, (similar.get(p) ?? 0) + w);
  }
  const { recentShort, recentLong } = getRecency(index);
  const content = new Map<string, number>();
  index.contentField.score(terms, content, inTree);
  const mention = getMentions(text, index.files);
  for (const m of [path, name, messages, similar, content]) normalise(m);

  const candidates = new Set<string>([
    ...path.keys(),
    ...messages.keys(),
    ...similar.keys(),
    ...recentLong.keys(),
    ...content.keys(),
    ...mention.keys(),
  ]);
  const base = new Map<string, number>();
  for (const p of candidates) {
    base.set(
      p,
      weights.path * (path.get(p) ?? 0) +
        weights.name * (name.get(p) ?? 0) +
        weights.messages * (messages.get(p) ?? 0) +
        weights.similar * (similar.get(p) ?? 0) +
        weights.recentShort * (recentShort.get(p) ?? 0) +
        weights.recentLong * (recentLong.get(p) ?? 0) +
        weights.content * (content.get(p) ?? 0) +
        weights.mention * (mention.get(p) ?? 0),
    );
  }
  const seeds = selectTop(base, s.seeds, (a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).filter(
    ([, v]) => v > 0,
  );
  const maxBase = seeds[0]?.[1] ?? 0;
  const coChange = new Map<string, number>();
  const coupledByPath = new Map<string, { path: string; confidence: number }[]>();
  for (const [seed, v] of seeds) {
    for (const [p, conf] of getCoChanges(index, seed, s.coChangeHalfLife)) {
      if (!inTree(p)) continue;
      coChange.set(p, (coChange.get(p) ?? 0) + (v / maxBase) * conf);
      if (conf >= 0.2) {
        const list = coupledByPath.get(p) ?? [];
        list.push({ path: seed, confidence: conf });
        coupledByPath.set(p, list);
      }
      candidates.add(p);
    }
  }
  normalise(coChange);
  // Import neighbours of the same seeds: a file the best files import, or that imports them (its test).
  const imports = new Map<string, number>();
  for (const [seed, v] of seeds) {
    const neighbours = index.getImportNeighbours(seed);
    const w = v / maxBase / Math.sqrt(neighbours.size);
    for (const p of neighbours) {
      imports.set(p, (imports.get(p) ?? 0) + w);
      candidates.add(p);
    }
  }
  normalise(imports);
  const coverage = getCoverage(index, terms, candidates);
  const paths = [...candidates].sort();
  const rows = paths.map((p) =>
    Float64Array.of(
      path.get(p) ?? 0,
      name.get(p) ?? 0,
      messages.get(p) ?? 0,
      similar.get(p) ?? 0,
      recentShort.get(p) ?? 0,
      recentLong.get(p) ?? 0,
      content.get(p) ?? 0,
      mention.get(p) ?? 0,
      coChange.get(p) ?? 0,
      imports.get(p) ?? 0,
      coverage.get(p) ?? 0,
    ),
  );
  const coupledBy = new Map<number, { path: string; confidence: number }[]>();
  paths.forEach((p, i) => {
    const list = coupledByPath.get(p);
    if (list) coupledBy.set(i, list);
  });
  return { paths, rows, terms, neighbours, coupledBy };
}

/**
 * The first `k` items of `items` in the order of `compare` (a total order: no two items compare equal), the same as
 * sorting them all and keeping `k`, in one pass and without sorting the rest.
 */
function selectTop<T>(items: Iterable<T>, k: number, compare: (a: T, b: T) => number): T[] {
  const all = [...items];
  // Insertion into a short list; a long one (or an odd k) is sorted whole.
  if (!Number.isInteger(k) || k < 1 || k > 64) return all.sort(compare).slice(0, k);
  const top: T[] = [];
  for (const item of all) {
    if (top.length === k && compare(item, top[k - 1]!) >= 0) continue;
    let i = top.length === k ? k - 1 : top.length;
    while (i > 0 && compare(item, top[i - 1]!) < 0) {
      top[i] = top[i - 1]!;
      i -= 1;
    }
    top[i] = item;
  }
  return top;
}

/** The weighted sum of a feature row. */
export function scoreRow(row: Float64Array, weights: LocateModel['weights']): number {
  return scoreWith(row, getWeightVector(weights));
}

/** The weights in LOCATE_FEATURES order. */
function getWeightVector(weights: LocateModel['weights']): Float64Array {
  return Float64Array.from(LOCATE_FEATURES, (f) => weights[f]);
}

function scoreWith(row: Float64Array, weights: Float64Array): number {
  let s = 0;
  for (let i = 0; i < weights.length; i += 1) s += weights[i]! * row[i]!;
  return s;
}

/** Calibrated confidence that a file at `rank` (1-based) with `relative` = score / top score is touched. */
export function getConfidence(model: LocateModel, relative: number, rank: number): number {
  const { a, b, c } = model.calibration;
  return 1 / (1 + Math.exp(-(a + b * relative + c * Math.log(rank))));
}

export interface LocateEvidence {
  /** Query words found in the file's path, its content or the messages of the change sets that touched it. */
  readonly words: readonly string[];
  /** Past change sets with similar messages that touched the file. */
  readonly changeSets: readonly {
    readonly sha: string;
    readonly title: string;
    readonly similarity: number;
  }[];
  /** Higher-ranked files that usually change with it, and how often (share of their change sets). */
  readonly coupledWith: readonly { readonly path: string; readonly confidence: number }[];
  /** Change sets that touched the file so far. */
  readonly revisions: number;
  /** Each feature's value in [0, 1] (LOCATE_FEATURES). */
  readonly features: Readonly<Record<LocateFeature, number>>;
}

export interface LocatedFile {
  readonly path: string;
  /** Weighted feature sum (not comparable across queries). */
  readonly score: number;
  /** Calibrated probability in [0, 1] that the work touches this file. */
  readonly confidence: number;
  readonly evidence: LocateEvidence;
}

/**
 * Ranks the current files for `text`, best first.
 * @example
 * rankFiles(index, 'reply.send drops the content-type header', model, 10)[0].path // 'lib/reply.js'
 */
export function rankFiles(index: LocateIndex, text: string, model: LocateModel, limit = 20): LocatedFile[] {
  const table = computeFeatures(index, text, model.weights);
  const weights = getWeightVector(model.weights);
  const positive: { path: string; i: number; score: number }[] = [];
  table.paths.forEach((path, i) => {
    const score = scoreWith(table.rows[i]!, weights);
    if (score > 0) positive.push({ path, i, score });
  });
  const scored = selectTop(positive, limit, (a, b) => b.score - a.score || (a.path < b.path ? -1 : 1));
  const topScore = scored[0]?.score ?? 0;
  // Each query word's posting lists read once for all the ranked files.
  const shown = new Set(scored.map((x) => x.path));
  const holders = [...table.terms.keys()].map((t) => [t, getHolders(index, t, shown)] as const);
  // Shown as the text wrote them ("fitting", not the stem "fitt").
  const wordOf = getTermWords(text);
  return scored.map(({ path, i, score }, r) => {
    const row = table.rows[i]!;
    const history = index.history.get(path);
    const words = holders.filter(([, files]) => files.has(path)).map(([t]) => wordOf.get(t) ?? t);
    const changeSets = table.neighbours
      .filter((n) => index.sets[n.id]!.paths.includes(path))
      .slice(0, 3)
      .map((n) => ({
        sha: index.sets[n.id]!.sha,
        title: index.sets[n.id]!.title,
        similarity: round2(n.similarity),
      }));
    const features = Object.fromEntries(LOCATE_FEATURES.map((f, k) => [f, round2(row[k]!)])) as Record<
      LocateFeature,
      number
    >;
    return {
      path,
      score: Math.round(score * 1000) / 1000,
      confidence: round2(getConfidence(model, topScore > 0 ? score / topScore : 0, r + 1)),
      evidence: {
        words,
        changeSets,
        coupledWith: (table.coupledBy.get(i) ?? [])
          .filter((c) => c.path !== path)
          .slice(0, 3)
          .map((c) => ({ path: c.path, confidence: round2(c.confidence) })),
        revisions: history?.touches ?? 0,
        features,
      },
    };
  });
}

function round2(x: number): number {
  return Math.round(x * 100) / 100;
}
