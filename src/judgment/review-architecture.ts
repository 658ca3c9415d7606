/**
 * The architecture review, pure: which imports break the declared rules, how modules depend on each other by
 * imports and by co-change, Martin's instability per module, and the hidden dependencies (modules that change
 * together without importing each other). The app passes the import edges, the change sets and the module map in
 * as data. Definitions, thresholds and sources: ./architecture-rationale.md.
 */
import type {
  ArchitectureRule,
  ArchitectureViolation,
  BaselineEntry,
  ExternalImportRef,
  ImportEdge,
  ModuleCoupling,
  ModuleEdge,
  ModuleInstability,
  RuleSeverity,
} from '../domain/index.js';
import { createGlobMatcher } from './create-glob-matcher.js';

/** Thresholds of module co-change; see architecture-rationale.md. */
export const ARCHITECTURE_DEFAULTS = {
  /** A module must appear in at least this many change sets for its co-change to count. */
  minChangeSets: 5,
  /** Two modules must share at least this many change sets. */
  minShared: 5,
  /** Co-change degree from which a pair is listed as coupled by change. */
  minDegree: 0.3,
  /** Co-change degree from which a pair with no import either way is a hidden dependency. */
  hiddenMinDegree: 0.5,
  /** Change sets touching more files are mass edits and say nothing about co-change (as for file coupling). */
  maxChangeSetFiles: 30,
} as const;

export type ArchitectureThresholds = { readonly [K in keyof typeof ARCHITECTURE_DEFAULTS]: number };

/** The name of the built-in rule for import cycles between modules. */
export const MODULE_CYCLE_RULE = 'no-module-cycles';

/** Files that belong to no declared module, in module maps built from a configuration. */
export const UNASSIGNED_MODULE = '(unassigned)';

/**
 * The module of each path by the first declared module whose globs match it (declaration order wins), or null.
 *
 * @example
 * const moduleOf = createDeclaredModuleMap([{ name: 'app', paths: ['src/app/**'] }]);
 * moduleOf('src/app/x.ts'); // 'app'
 */
export function createDeclaredModuleMap(
  modules: readonly { readonly name: string; readonly paths: readonly string[] }[],
): (path: string) => string | null {
  const matchers = modules.map((m) => ({ name: m.name, match: createGlobMatcher(m.paths) }));
  return (path) => matchers.find((m) => m.match(path))?.name ?? null;
}

/** Module-level import edges, largest first. Edges from or to a file without a module are left out. */
export function getModuleEdges(
  edges: readonly ImportEdge[],
  moduleOf: (path: string) => string | null,
): ModuleEdge[] {
  const byPair = new Map<string, { from: string; to: string; imports: number; example: ImportEdge }>();
  for (const edge of edges) {
    const from = moduleOf(edge.from);
    const to = moduleOf(edge.to);
    if (from === null || to === null || from === to) continue;
    const key = `${from}\0${to}`;
    const entry = byPair.get(key);
    if (entry === undefined) byPair.set(key, { from, to, imports: 1, example: edge });
    else {
      entry.imports += 1;
      if (compareEdges(edge, entry.example) < 0) entry.example = edge;
    }
  }
  return [...byPair.values()]
    .map(({ from, to, imports, example }) => ({
      from,
      to,
      imports,
      example: { from: example.from, to: example.to, specifier: example.specifier, line: example.line },
    }))
    .sort((a, b) => b.imports - a.imports || compareText(a.from, b.from) || compareText(a.to, b.to));
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function compareEdges(a: ImportEdge, b: ImportEdge): number {
  return compareText(a.from, b.from) || (a.line ?? 0) - (b.line ?? 0) || compareText(a.to, b.to);
}

function baselineKey(entry: BaselineEntry): string {
  return `${entry.rule}\0${entry.from}\0${entry.to}`;
}

/** True when a rule's `from` list names the module (`*` names every module). */
function appliesTo(rule: ArchitectureRule, module: string): boolean {
  return rule.from.includes('*') || rule.from.includes(module);
}

function breaks(rule: ArchitectureRule, toModule: string): boolean {
  const named = rule.targets.includes('*') || rule.targets.includes(toModule);
  return rule.kind === 'may-import' ? !named : named;
}

export interface FindViolationsInput {
  readonly edges: readonly ImportEdge[];
  readonly moduleOf: (path: string) => string | null;
  readonly rules: readonly ArchitectureRule[];
  /** Import cycles between modules (each a list of module names), and whether they are violations. */
  readonly moduleCycles?: readonly (readonly string[])[];
  readonly cycleSeverity?: RuleSeverity | 'off';
  /** Imports of third-party packages, for rules `on: packages`. */
  readonly externalImports?: readonly ExternalImportRef[];
  /** Known violations (rule, importing file, imported file) that CI does not fail on. */
  readonly baseline?: readonly BaselineEntry[];
}

/**
 * Every import that breaks a rule: for `may-import`, an import from a `from` module into a module that is neither
 * its own nor a target (a file in no module counts as the module `(unassigned)`); for `must-not-import`, an import
 * into a target. Imports inside one module never break a rule. With `cycleSeverity` other than `off`, every import
 * from one module to another within the same module cycle is a violation of `no-module-cycles`. Rules on packages
 * judge `externalImports` the same way, with package-name globs as targets (`may-import`: only packages matched;
 * `must-not-import`: none matched). Violations are sorted by severity, rule, file and line; each says whether the
 * baseline already lists it.
 */
export function findRuleViolations(input: FindViolationsInput): ArchitectureViolation[] {
  const known = new Set((input.baseline ?? []).map(baselineKey));
  const out: ArchitectureViolation[] = [];
  const push = (
    rule: { name: string; severity: RuleSeverity; reason: string },
    edge: ImportEdge,
    fromModule: string,
    toModule: string,
    external = false,
  ): void => {
    out.push({
      rule: rule.name,
      severity: rule.severity,
      reason: rule.reason,
      fromModule,
      toModule,
      from: edge.from,
      to: edge.to,
      specifier: edge.specifier,
      line: edge.line ?? null,
      external,
      baselined: known.has(baselineKey({ rule: rule.name, from: edge.from, to: edge.to })),
    });
  };
  const cycleOf = new Map<string, number>();
  (input.moduleCycles ?? []).forEach((cycle, index) => {
    if (cycle.length > 1) for (const m of cycle) cycleOf.set(m, index);
  });
  const cycleSeverity = input.cycleSeverity ?? 'off';
  const moduleRules = input.rules.filter((r) => r.on === 'modules');
  const packageRules = input.rules
    .filter((r) => r.on === 'packages')
    .map((rule) => ({ rule, matches: createGlobMatcher(rule.targets) }));
  if (packageRules.length > 0)
    for (const imp of input.externalImports ?? []) {
      const fromModule = input.moduleOf(imp.from);
      if (fromModule === null) continue;
      for (const { rule, matches } of packageRules) {
        if (!appliesTo(rule, fromModule)) continue;
        const named = matches(imp.packageName);
        if (rule.kind === 'may-import' ? named : !named) continue;
        push(
          rule,
          { from: imp.from, to: imp.packageName, specifier: imp.specifier, line: imp.line },
          fromModule,
          imp.packageName,
          true,
        );
      }
    }
  for (const edge of input.edges) {
    const fromModule = input.moduleOf(edge.from);
    if (fromModule === null) continue;
    const toModule = input.moduleOf(edge.to) ?? UNASSIGNED_MODULE;
    if (fromModule === toModule) continue;
    for (const rule of moduleRules) {
      if (appliesTo(rule, fromModule) && breaks(rule, toModule)) push(rule, edge, fromModule, toModule);
    }
    if (
      cycleSeverity !== 'off' &&
      cycleOf.has(fromModule) &&
      cycleOf.get(fromModule) === cycleOf.get(toModule)
    ) {
      push(
        {
          name: MODULE_CYCLE_RULE,
          severity: cycleSeverity,
          reason: `${fromModule} and ${toModule} import each other (directly or through other modules), so neither can change, be tested or be released alone.`,
        },
        edge,
        fromModule,
        toModule,
      );
    }
  }
  const rank = (s: RuleSeverity): number => (s === 'error' ? 0 : 1);
  return out.sort(
    (a, b) =>
      rank(a.severity) - rank(b.severity) ||
      compareText(a.rule, b.rule) ||
      compareText(a.from, b.from) ||
      (a.line ?? 0) - (b.line ?? 0) ||
      compareText(a.to, b.to),
  );
}

/**
 * Martin's instability per module, counted in files: afferent coupling Ca = files outside the module that import
 * one of its files, efferent coupling Ce = its files that import a file outside it, I = Ce / (Ca + Ce). Files
 * without a module count for neither side. Modules come in the order of `modules`.
 *
 * @example
 * // a.ts (module a) imports b.ts (module b):
 * computeInstability([{ from: 'a.ts', to: 'b.ts', specifier: './b' }], (p) => p[0]!, [['a', 1], ['b', 1]]);
 * // a: Ca 0, Ce 1, I 1; b: Ca 1, Ce 0, I 0
 */
export function computeInstability(
  edges: readonly Pick<ImportEdge, 'from' | 'to'>[],
  moduleOf: (path: string) => string | null,
  modules: readonly (readonly [name: string, files: number])[],
): ModuleInstability[] {
  const afferent = new Map<string, Set<string>>();
  const efferent = new Map<string, Set<string>>();
  const add = (map: Map<string, Set<string>>, module: string, file: string): void => {
    const set = map.get(module);
    if (set) set.add(file);
    else map.set(module, new Set([file]));
  };
  for (const edge of edges) {
    const from = moduleOf(edge.from);
    const to = moduleOf(edge.to);
    if (from === null || to === null || from === to) continue;
    add(afferent, to, edge.from);
    add(efferent, from, edge.from);
  }
  return modules.map(([module, files]) => {
    const ca = afferent.get(module)?.size ?? 0;
    const ce = efferent.get(module)?.size ?? 0;
    return { module, files, afferent: ca, efferent: ce, instability: ca + ce === 0 ? null : ce / (ca + ce) };
  });
}

/**
 * Coupling between modules by imports (each way) and by co-change. A change set counts for a module when it
 * touches one of its files; change sets of more than `maxChangeSetFiles` files are left out. A pair is listed
 * when it imports either way or its co-change passes `minChangeSets`, `minShared` and `minDegree`; it is `hidden`
 * when its degree reaches `hiddenMinDegree` and neither module imports the other. Hidden pairs come first, then
 * by degree and imports.
 *
 * @param changeSets each change set's files, renames already followed to today's paths.
 */
export function computeModuleCoupling(
  moduleEdges: readonly ModuleEdge[],
  changeSets: Iterable<readonly string[]>,
  moduleOf: (path: string) => string | null,
  thresholds: ArchitectureThresholds = ARCHITECTURE_DEFAULTS,
): ModuleCoupling[] {
  const touched = new Map<string, number>();
  const shared = new Map<string, number>();
  for (const files of changeSets) {
    if (files.length === 0 || files.length > thresholds.maxChangeSetFiles) continue;
    const modules = new Set<string>();
    for (const f of files) {
      const m = moduleOf(f);
      if (m !== null) modules.add(m);
    }
    const list = [...modules].sort();
    for (const m of list) touched.set(m, (touched.get(m) ?? 0) + 1);
    for (let i = 0; i < list.length; i += 1)
      for (let j = i + 1; j < list.length; j += 1) {
        const key = `${list[i]!}\0${list[j]!}`;
        shared.set(key, (shared.get(key) ?? 0) + 1);
      }
  }
  const imports = new Map<string, number>();
  for (const e of moduleEdges) imports.set(`${e.from}\0${e.to}`, e.imports);
  const keys = new Set<string>(shared.keys());
  for (const e of moduleEdges) keys.add(e.from < e.to ? `${e.from}\0${e.to}` : `${e.to}\0${e.from}`);
  const out: ModuleCoupling[] = [];
  for (const key of keys) {
    const [a, b] = key.split('\0') as [string, string];
    const importsAB = imports.get(`${a}\0${b}`) ?? 0;
    const importsBA = imports.get(`${b}\0${a}`) ?? 0;
    const n = shared.get(key) ?? 0;
    const na = touched.get(a) ?? 0;
    const nb = touched.get(b) ?? 0;
    const degree = n === 0 ? 0 : n / ((na + nb) / 2);
    const coChanges =
      n >= thresholds.minShared &&
      na >= thresholds.minChangeSets &&
      nb >= thresholds.minChangeSets &&
      degree >= thresholds.minDegree;
    if (importsAB + importsBA === 0 && !coChanges) continue;
    out.push({
      a,
      b,
      importsAB,
      importsBA,
      shared: n,
      changeSetsA: na,
      changeSetsB: nb,
      degree,
      hidden: coChanges && degree >= thresholds.hiddenMinDegree && importsAB + importsBA === 0,
    });
  }
  return out.sort(
    (x, y) =>
      Number(y.hidden) - Number(x.hidden) ||
      y.degree - x.degree ||
      y.importsAB + y.importsBA - (x.importsAB + x.importsBA) ||
      compareText(x.a, y.a) ||
      compareText(x.b, y.b),
  );
}
