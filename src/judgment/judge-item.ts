/**
 * The technical judgment of one backlog item: blast radius, risk factors, technical effort and the "bigger than
 * it looks" flag, from the item's code area and the code model. Pure and deterministic: time is a parameter.
 * Definitions, thresholds and sources: ./judge-item-rationale.md.
 */
import {
  isBotAuthor,
  type AreaFile,
  type BlastRadius,
  type EffortEstimate,
  type EntryPoint,
  type FileStats,
  type ItemArea,
  type ItemJudgment,
  type RiskFactor,
} from '../domain/index.js';

/** A past change set as the judgment needs it. */
export interface PastChangeSet {
  readonly sha: string;
  readonly message: string;
  readonly isMerge: boolean;
  readonly commitCount: number;
  /** Unix seconds. */
  readonly startedAt: number;
  readonly finishedAt: number;
  readonly paths: readonly string[];
  /** Lines added + deleted. */
  readonly lines: number;
}

/** The code model seen through what the judgment asks of it. The app builds it from the store and codebase. */
export interface CodeModelView {
  /** Reference time, Unix seconds: the scanned commit's time. */
  readonly now: number;
  readonly files: ReadonlyMap<string, FileStats>;
  readonly moduleOf: (path: string) => string;
  /** Files that import `path`, with their depth (1 = direct), up to `maxDepth`. */
  readonly dependentsOf: (
    path: string,
    maxDepth: number,
  ) => readonly { readonly path: string; readonly depth: number }[];
  readonly fanIn: (path: string) => number;
  /** Files that changed with `path`: shared change sets and confidence(path -> other). */
  readonly coChangesOf: (
    path: string,
  ) => readonly { readonly path: string; readonly shared: number; readonly confidence: number }[];
  /** Hotspot rank (1 = worst) and score of code files; `hotspotCount` files are ranked. */
  readonly hotspots: ReadonlyMap<string, { readonly rank: number; readonly score: number }>;
  readonly hotspotCount: number;
  /** Code health 1-10 per file, when known. */
  readonly health?: ReadonlyMap<string, number>;
  /** Last commit time of each author, by name. */
  readonly lastActivity: ReadonlyMap<string, number>;
  /** Oldest first. */
  readonly changeSets: readonly PastChangeSet[];
  /** Files a package declares as its entry (package.json main/exports/bin ...). */
  readonly packageEntries: ReadonlySet<string>;
}

export interface JudgeItemInput {
  readonly area: ItemArea;
  /** Person-weeks, as stated by whoever asked; null when not stated. */
  readonly statedEffort: number | null;
}

export interface JudgeItemOptions {
  /** Ratio actual / estimated over the backlog's finished items, and how many there were. */
  readonly calibration?: { readonly ratio: number; readonly items: number };
}

/** Thresholds and defaults; see judge-item-rationale.md. */
export const JUDGMENT_DEFAULTS = {
  /** Area files below this confidence count for evidence only, not for risks or size. */
  areaConfidence: 0.3,
  maxDependentDepth: 3,
  minCoupling: 0.5,
  minCoupledShared: 3,
  /** A hotspot is a code file in the top 10 % of the hotspot ranking (at least the top 3). */
  hotspotTopShare: 0.1,
  lowHealth: 4,
  oneAuthorShare: 0.8,
  inactiveDays: 182,
  crossModules: 2,
  highFanIn: 10,
  fixShare: 0.4,
  fixMinChangeSets: 5,
  minSimilar: 5,
  maxSimilar: 15,
  maxDays: 60,
  /** Merged branches older than this say little about how the team works now. */
  historyYears: 3,
  disguiseFlag: 2,
  /** Working days in a person-week. */
  daysPerWeek: 5,
} as const;

const FIX_MESSAGE =
  /^(fix|hotfix|bugfix)(\(.+?\))?!?:|\b(fix(es|ed)?|bug|hotfix|regression|crash(es)?|broken)\b/i;
const SCHEMA_PATH =
  /(^|\/)(migrations?|migrate|schema|schemas|db\/(migrate|schema))(\/|\.|$)|\.(sql|prisma|proto|graphql|gql|avsc)$|(^|\/)openapi\.(ya?ml|json)$/i;
const TEST_PATH =
  /(^|\/)(tests?|__tests__|spec|e2e|fixtures?)\/|\.(test|spec)\.[a-z]+$|_test\.(go|py)$|(^|\/)test_[^/]*\.py$/i;
const PAGE_PATH =
  /(^|\/)(pages|views|screens|app)\/.*\.(tsx|jsx|vue|svelte|astro|html)$|(^|\/)page\.(tsx|jsx|ts|js)$/i;
const ROUTE_PATH =
  /(^|\/)(routes?|controllers?|handlers?|api|endpoints?|resources)\/.*\.(ts|js|mjs|py|go|java|rb|php|kt)$|(^|\/)route\.(ts|js)$/i;
const COMMAND_PATH = /(^|\/)(bin|cmd|commands?|cli)\/[^/]+/i;

/** Entry points among `paths`: pages, routes, commands, public API, or roots of the import graph. */
export function detectEntryPoints(
  paths: Iterable<string>,
  model: Pick<CodeModelView, 'fanIn' | 'packageEntries' | 'files'>,
): EntryPoint[] {
  const out: EntryPoint[] = [];
  for (const path of paths) {
    if (TEST_PATH.test(path)) continue;
    if (model.packageEntries.has(path))
      out.push({
        path,
        kind: 'public-api',
        how: 'declared as a package entry (package.json main, exports or bin)',
      });
    else if (PAGE_PATH.test(path))
      out.push({ path, kind: 'page', how: 'a UI file under a pages, views, screens or app folder' });
    else if (ROUTE_PATH.test(path))
      out.push({ path, kind: 'route', how: 'a file under a routes, controllers, handlers or api folder' });
    else if (COMMAND_PATH.test(path))
      out.push({ path, kind: 'command', how: 'a file under a bin, cmd, commands or cli folder' });
    else if (/(^|\/)index\.(ts|js|mjs)$|(^|\/)__init__\.py$|\.d\.ts$/.test(path) && model.fanIn(path) === 0) {
      out.push({
        path,
        kind: 'public-api',
        how: 'a package index that nothing in the repository imports: it is imported from outside',
      });
    }
  }
  return out;
}

function weightedQuantile(values: readonly { value: number; weight: number }[], q: number): number {
  const sorted = [...values].sort((a, b) => a.value - b.value);
  const total = sorted.reduce((s, v) => s + v.weight, 0);
  let acc = 0;
  for (const v of sorted) {
    acc += v.weight;
    if (acc >= q * total - 1e-12) return v.value;
  }
  return sorted[sorted.length - 1]?.value ?? 0;
}

function round1(n: number): number {
  return Math.round(n * 10) / 10;
}

/** Elapsed working days of a merged branch: first commit to merge, weekends left out (x 5/7). */
export function getWorkingDays(cs: PastChangeSet): number {
  return Math.min(
    JUDGMENT_DEFAULTS.maxDays,
    Math.max(0.25, ((cs.finishedAt - cs.startedAt) / 86_400) * (5 / 7)),
  );
}

/** Merges that only sync branches ("Merge branch 'main' into next"): their duration is not the time of any work. */
const BRANCH_SYNC = /^Merge (branch|remote-tracking branch|tag|commit)\b/;

/** Change sets whose duration says something about effort: merged branches of two commits or more (not syncs). */
export function hasMeasuredDuration(
  cs: Pick<PastChangeSet, 'isMerge' | 'commitCount' | 'startedAt' | 'finishedAt' | 'message'>,
): boolean {
  return cs.isMerge && cs.commitCount >= 2 && cs.finishedAt > cs.startedAt && !BRANCH_SYNC.test(cs.message);
}

export function computeBlastRadius(area: ItemArea, model: CodeModelView): BlastRadius {
  const core = area.files.filter((f) => f.confidence >= JUDGMENT_DEFAULTS.areaConfidence);
  const inArea = new Set(core.map((f) => f.path));
  const dependents = new Map<string, number>();
  for (const f of core) {
    for (const d of model.dependentsOf(f.path, JUDGMENT_DEFAULTS.maxDependentDepth)) {
      if (inArea.has(d.path)) continue;
      const known = dependents.get(d.path);
      if (known === undefined || d.depth < known) dependents.set(d.path, d.depth);
    }
  }
  const coupled = new Map<string, { confidence: number; shared: number }>();
  for (const f of core) {
    for (const c of model.coChangesOf(f.path)) {
      if (
        inArea.has(c.path) ||
        c.confidence < JUDGMENT_DEFAULTS.minCoupling ||
        c.shared < JUDGMENT_DEFAULTS.minCoupledShared
      )
        continue;
      const known = coupled.get(c.path);
      if (!known || c.confidence > known.confidence)
        coupled.set(c.path, { confidence: c.confidence, shared: c.shared });
    }
  }
  const dependentList = [...dependents]
    .map(([path, depth]) => ({ path, module: model.moduleOf(path), depth }))
    .sort((a, b) => a.depth - b.depth || (a.path < b.path ? -1 : 1));
  const coupledList = [...coupled]
    .map(([path, c]) => ({ path, module: model.moduleOf(path), ...c }))
    .sort((a, b) => b.confidence - a.confidence || (a.path < b.path ? -1 : 1));
  const modules = [
    ...new Set([...area.modules, ...dependentList.map((d) => d.module), ...coupledList.map((c) => c.module)]),
  ];
  const entryPoints = detectEntryPoints([...inArea, ...dependents.keys()], model);
  return { dependents: dependentList, coupled: coupledList, modules, entryPoints };
}

/** The risk factors of an area, each with its figure and threshold. */
export function findRiskFactors(area: ItemArea, blast: BlastRadius, model: CodeModelView): RiskFactor[] {
  const d = JUDGMENT_DEFAULTS;
  const core = area.files.filter((f) => f.confidence >= d.areaConfidence);
  const risks: RiskFactor[] = [];
  const hotspotCut = Math.max(3, Math.ceil(model.hotspotCount * d.hotspotTopShare));
  const hot = core
    .map((f) => ({ f, h: model.hotspots.get(f.path) }))
    .filter((x) => x.h !== undefined && x.h.rank <= hotspotCut);
  if (hot.length > 0) {
    const best = hot.reduce((a, b) => (a.h!.rank <= b.h!.rank ? a : b));
    risks.push({
      kind: 'hotspot',
      label: 'touches a hotspot',
      figure: best.h!.rank,
      threshold: hotspotCut,
      unit: 'hotspot rank',
      detail: `${best.f.path} is hotspot #${best.h!.rank} of ${model.hotspotCount} (top ${Math.round(d.hotspotTopShare * 100)} % = rank <= ${hotspotCut}): changed often and complicated`,
      files: hot.map((x) => x.f.path),
      effortFactor: 1.25,
    });
  }
  if (model.health) {
    const low = core
      .map((f) => ({ f, h: model.health!.get(f.path) }))
      .filter((x) => x.h !== undefined && x.h < d.lowHealth);
    if (low.length > 0) {
      const worst = low.reduce((a, b) => (a.h! <= b.h! ? a : b));
      risks.push({
        kind: 'low-health',
        label: 'low code health',
        figure: worst.h!,
        threshold: d.lowHealth,
        unit: 'code health (1-10)',
        detail: `${worst.f.path} has code health ${worst.h!.toFixed(1)} (alert below ${d.lowHealth}); unhealthy code takes 124 % longer to change (Code Red 2022)`,
        files: low.map((x) => x.f.path),
        effortFactor: 2.24,
      });
    }
  }
  const stats = core
    .map((f) => model.files.get(f.path))
    .filter((s): s is FileStats => s !== undefined && s.excluded === null);
  // A bot's files are nobody's knowledge: they are neither one person's code nor an owner who left.
  const single = stats.filter(
    (s) =>
      s.mainAuthor !== null &&
      !isBotAuthor(s.mainAuthor) &&
      s.mainAuthorShare >= d.oneAuthorShare &&
      s.authors.length > 0,
  );
  if (single.length > 0 && stats.length > 0) {
    const byAuthor = new Map<string, number>();
    for (const s of single) byAuthor.set(s.mainAuthor!, (byAuthor.get(s.mainAuthor!) ?? 0) + 1);
    const [author, count] = [...byAuthor].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0]!;
    const share = Math.max(...single.map((s) => s.mainAuthorShare));
    risks.push({
      kind: 'one-author',
      label: 'code with one main author',
      figure: share,
      threshold: d.oneAuthorShare,
      unit: 'share of lines by the main author',
      detail: `${author} wrote at least ${Math.round(d.oneAuthorShare * 100)} % of ${count} of the ${stats.length} area files`,
      files: single.map((s) => s.path),
      effortFactor: 1.1,
    });
  }
  const inactive = stats.filter((s) => {
    if (s.mainAuthor === null || isBotAuthor(s.mainAuthor)) return false;
    const last = model.lastActivity.get(s.mainAuthor);
    return last === undefined || model.now - last > d.inactiveDays * 86_400;
  });
  if (inactive.length > 0) {
    const owner = inactive[0]!.mainAuthor!;
    const last = model.lastActivity.get(owner);
    const months = last === undefined ? null : Math.floor((model.now - last) / (30.44 * 86_400));
    risks.push({
      kind: 'inactive-owner',
      label: 'its main author has left or gone quiet',
      figure: months ?? d.inactiveDays / 30,
      threshold: Math.round(d.inactiveDays / 30.44),
      unit: 'months since their last commit',
      detail: `${owner}, main author of ${inactive.map((s) => s.path).join(', ')}, made no commit for ${months ?? 'over 6'} months`,
      files: inactive.map((s) => s.path),
      effortFactor: 1.2,
    });
  }
  if (area.modules.length >= d.crossModules) {
    risks.push({
      kind: 'cross-module',
      label: 'crosses modules',
      figure: area.modules.length,
      threshold: d.crossModules,
      unit: 'modules',
      detail: `the area spans ${area.modules.length} modules: ${area.modules.join(', ')}`,
      files: core.map((f) => f.path),
      effortFactor: Math.min(1.6, 1 + 0.2 * (area.modules.length - 1)),
    });
  }
  const schema = core.filter((f) => SCHEMA_PATH.test(f.path));
  if (schema.length > 0) {
    risks.push({
      kind: 'schema-change',
      label: 'changes a schema or migration',
      figure: schema.length,
      threshold: 1,
      unit: 'schema or migration files',
      detail: `${schema.map((f) => f.path).join(', ')} define stored or exchanged data; readers of that data must change with it`,
      files: schema.map((f) => f.path),
      effortFactor: 1.5,
    });
  }
  const publicApi = blast.entryPoints.filter(
    (e) => e.kind === 'public-api' && core.some((f) => f.path === e.path),
  );
  if (publicApi.length > 0) {
    risks.push({
      kind: 'public-api',
      label: 'changes a public API',
      figure: publicApi.length,
      threshold: 1,
      unit: 'public entry files',
      detail: `${publicApi.map((e) => e.path).join(', ')}: ${publicApi[0]!.how}`,
      files: publicApi.map((e) => e.path),
      effortFactor: 1.3,
    });
  }
  const fanIns = core
    .map((f) => ({ path: f.path, fanIn: model.fanIn(f.path) }))
    .filter((x) => x.fanIn >= d.highFanIn);
  if (fanIns.length > 0) {
    const top = fanIns.reduce((a, b) => (a.fanIn >= b.fanIn ? a : b));
    risks.push({
      kind: 'high-fan-in',
      label: 'many files depend on it',
      figure: top.fanIn,
      threshold: d.highFanIn,
      unit: 'files importing it directly',
      detail: `${top.path} is imported by ${top.fanIn} files (${blast.dependents.length} files and ${blast.modules.length} modules reached within ${d.maxDependentDepth} steps)`,
      files: fanIns.map((x) => x.path),
      effortFactor: 1.2,
    });
  }
  const areaPaths = new Set(core.map((f) => f.path));
  const touching = model.changeSets.filter((cs) => cs.paths.some((p) => areaPaths.has(p)));
  const fixes = touching.filter((cs) => FIX_MESSAGE.test(cs.message.split('\n')[0] ?? ''));
  if (touching.length >= d.fixMinChangeSets && fixes.length / touching.length >= d.fixShare) {
    risks.push({
      kind: 'fix-history',
      label: 'a history of fixes',
      figure: fixes.length / touching.length,
      threshold: d.fixShare,
      unit: 'share of past change sets that were fixes',
      detail: `${fixes.length} of the ${touching.length} past change sets in this area were fixes`,
      files: [...areaPaths],
      effortFactor: 1.2,
    });
  }
  return risks;
}

/** Technical effort in person-days (P50, P85) from similar past change sets, or the documented size model. */
export function estimateEffort(
  area: ItemArea,
  risks: readonly RiskFactor[],
  model: CodeModelView,
  options: JudgeItemOptions = {},
): EffortEstimate {
  const d = JUDGMENT_DEFAULTS;
  const weights = new Map(area.files.map((f) => [f.path, f.confidence]));
  const totalWeight = area.files.reduce((s, f) => s + f.confidence, 0) || 1;
  const areaModules = new Set(area.modules);
  // Only the team as it works now: branches merged within the last few years.
  const since = model.now - d.historyYears * 365 * 86_400;
  const measured = model.changeSets.filter((cs) => hasMeasuredDuration(cs) && cs.finishedAt >= since);
  const scored = measured
    .map((cs, index) => {
      let overlap = 0;
      let moduleHit = false;
      for (const p of cs.paths) {
        overlap += weights.get(p) ?? 0;
        if (areaModules.has(model.moduleOf(p))) moduleHit = true;
      }
      const similarity = overlap / totalWeight + (moduleHit ? 0.1 : 0);
      return { cs, index, similarity };
    })
    .filter((x) => x.similarity > 0.1)
    .sort((a, b) => b.similarity - a.similarity || b.index - a.index)
    .slice(0, d.maxSimilar);
  const calibration = options.calibration && options.calibration.items >= 10 ? options.calibration.ratio : 1;
  const calibratedBy = options.calibration && options.calibration.items >= 10 ? options.calibration.items : 0;
  const notes: string[] = [];
  if (scored.length >= d.minSimilar) {
    const values = scored.map((x) => ({ value: getWorkingDays(x.cs), weight: x.similarity }));
    const p50 = weightedQuantile(values, 0.5) * calibration;
    const p85 = Math.max(p50, weightedQuantile(values, 0.85) * calibration);
    notes.push(
      `${scored.length} similar merged branches in this area, first commit to merge, weekends left out`,
    );
    if (calibratedBy > 0)
      notes.push(`calibrated by ${calibratedBy} finished backlog items (x ${round1(calibration)})`);
    return {
      p50: round1(p50),
      p85: round1(p85),
      model: 'history',
      similar: scored.map((x) => ({
        sha: x.cs.sha,
        message: x.cs.message.split('\n')[0] ?? '',
        days: round1(getWorkingDays(x.cs)),
        files: x.cs.paths.length,
      })),
      calibration,
      calibratedBy,
      riskFactor: 1,
      spread: 'measured',
      notes,
    };
  }
  // Size model: the repository's typical merged-branch duration (or one working day per file when it has none),
  // scaled by the area's size and the risks that make a change slower.
  const files = Math.max(1, area.files.filter((f) => f.confidence >= d.areaConfidence).length);
  let base: number;
  let spread = 2.5;
  if (measured.length >= d.minSimilar) {
    const days = measured.map((cs) => ({ value: getWorkingDays(cs), weight: 1 }));
    const medianFiles = weightedQuantile(
      measured.map((cs) => ({ value: Math.max(1, cs.paths.length), weight: 1 })),
      0.5,
    );
    base = weightedQuantile(days, 0.5) * Math.sqrt(files / medianFiles);
    spread = Math.max(1.5, weightedQuantile(days, 0.85) / Math.max(0.25, weightedQuantile(days, 0.5)));
    notes.push(
      `too few similar changes in this area (${scored.length}): the repository's median merged branch (${round1(weightedQuantile(days, 0.5))} working days over ${measured.length} branches), scaled by the square root of the area's size (${files} files vs a median of ${medianFiles})`,
    );
  } else {
    base = files;
    notes.push(
      'no merged branches with a measurable duration in this repository: default model of one working day per file to change',
    );
  }
  const riskFactor = Math.min(
    3,
    risks.reduce((p, r) => p * r.effortFactor, 1),
  );
  if (riskFactor > 1)
    notes.push(
      `x ${round1(riskFactor)} for the risks (${risks
        .filter((r) => r.effortFactor > 1)
        .map((r) => r.label)
        .join(', ')})`,
    );
  if (calibratedBy > 0)
    notes.push(`calibrated by ${calibratedBy} finished backlog items (x ${round1(calibration)})`);
  const p50 = Math.max(0.5, base * riskFactor * calibration);
  return {
    p50: round1(p50),
    p85: round1(p50 * spread),
    model: 'size',
    similar: [],
    calibration,
    calibratedBy,
    riskFactor,
    spread: measured.length >= d.minSimilar ? 'measured' : 'assumed',
    notes,
  };
}

/** The top reasons an item is bigger than it looks, in words. */
function explainSize(risks: readonly RiskFactor[], blast: BlastRadius): string[] {
  const reasons = [...risks]
    .sort((a, b) => b.effortFactor - a.effortFactor)
    .slice(0, blast.dependents.length > 0 ? 2 : 3)
    .map((r) => `${r.label}: ${r.detail}`);
  if (blast.dependents.length > 0) {
    reasons.push(`${blast.dependents.length} files in ${blast.modules.length} modules depend on the area`);
  }
  return reasons;
}

/**
 * Judges one item.
 * @example
 * const j = judgeItem({ area, statedEffort: 1 }, model);
 * j.biggerThanItLooks; // true when technical P50 >= 2 x the stated effort
 */
export function judgeItem(
  input: JudgeItemInput,
  model: CodeModelView,
  options: JudgeItemOptions = {},
): ItemJudgment {
  const blastRadius = computeBlastRadius(input.area, model);
  const risks = findRiskFactors(input.area, blastRadius, model);
  const effort = estimateEffort(input.area, risks, model, options);
  const disguiseRatio =
    input.statedEffort !== null && input.statedEffort > 0
      ? effort.p50 / JUDGMENT_DEFAULTS.daysPerWeek / input.statedEffort
      : null;
  const biggerThanItLooks = disguiseRatio !== null && disguiseRatio >= JUDGMENT_DEFAULTS.disguiseFlag;
  return {
    area: input.area,
    blastRadius,
    risks,
    effort,
    disguiseRatio: disguiseRatio === null ? null : Math.round(disguiseRatio * 100) / 100,
    biggerThanItLooks,
    reasons: biggerThanItLooks ? explainSize(risks, blastRadius) : [],
  };
}

/** Groups predicted files by module into an area, keeping the evidence. */
export function buildArea(
  source: ItemArea['source'],
  files: readonly Omit<AreaFile, 'module'>[],
  moduleOf: (path: string) => string,
): ItemArea {
  const withModules = files.map((f) => ({ ...f, module: moduleOf(f.path) }));
  const modules: string[] = [];
  for (const f of withModules) {
    if (f.confidence >= JUDGMENT_DEFAULTS.areaConfidence && !modules.includes(f.module))
      modules.push(f.module);
  }
  return { source, files: withModules, modules };
}
