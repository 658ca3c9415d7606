/**
 * The architecture review use case (`tpo arch`): reads the declared architecture (from the scanned commit through
 * git, so `--until` and bare repositories work), the import graph and history from the store, and composes the
 * pure review of judgment/: rule violations, module cycles, coupling by imports and co-change, instability, and
 * the module diagram. Also records the baseline that lets CI fail only on new violations.
 */
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import {
  computeRenameAliases,
  detectModules,
  findCycles,
  readTextFiles,
  resolveCommit,
  type RepositoryHandle,
} from '../codebase/index.js';
import {
  TpoError,
  type ArchitectureConfig,
  type ArchitectureReport,
  type ArchitectureSource,
  type BaselineEntry,
  type ModuleCycle,
} from '../domain/index.js';
import {
  ARCHITECTURE_BASELINE_FILE,
  createArchitectureSarif,
  renderArchitectureMarkdown,
  parseArchitectureBaseline,
  parseArchitectureConfig,
  renderArchitectureBaseline,
} from '../formats/index.js';
import {
  ARCHITECTURE_DEFAULTS,
  computeInstability,
  computeModuleCoupling,
  createDeclaredModuleMap,
  createGlobMatcher,
  findRuleViolations,
  getModuleEdges,
  renderModuleDiagram,
} from '../judgment/index.js';
import {
  loadChangeSetFiles,
  loadExternalImports,
  loadFiles,
  loadImports,
  loadRenames,
  type Store,
} from '../store/index.js';
import { loadScannedRepo, selectCodeFiles } from './code-model.js';

/** Configuration files, in the order they are looked for. `wrapped`: the architecture sits under `architecture:`. */
const CONFIG_FILES: readonly { readonly file: string; readonly wrapped: boolean }[] = [
  { file: 'tpo.config.yaml', wrapped: true },
  { file: 'tpo.config.yml', wrapped: true },
  { file: 'tpo.config.json', wrapped: true },
  { file: '.tpo/architecture.yaml', wrapped: false },
];

export interface LoadedArchitecture {
  /** Null when no configuration was found. */
  readonly config: ArchitectureConfig | null;
  readonly source: ArchitectureSource | null;
  readonly notices: readonly string[];
}

async function readWorkTreeFile(file: string): Promise<string | undefined> {
  try {
    return await readFile(file, 'utf8');
  } catch {
    return undefined;
  }
}

/**
 * Finds and parses the declared architecture: `configFile` when given (a path on disk); otherwise the first of
 * tpo.config.yaml, tpo.config.yml, tpo.config.json (with an `architecture` key) and .tpo/architecture.yaml in the
 * scanned commit, then the same files in the working tree (for a configuration not committed yet). `config` is
 * null when none exists. Throws TpoError('Invalid') with file, line and column for a malformed file.
 *
 * @example
 * const loaded = await loadArchitectureConfig(ws.repo, row.snapshot_commit!);
 * loaded.source; // { file: 'tpo.config.yaml', from: 'commit' }
 */
export async function loadArchitectureConfig(
  repo: RepositoryHandle,
  commit: string,
  configFile?: string,
): Promise<LoadedArchitecture> {
  if (configFile !== undefined) {
    const absolute = path.resolve(configFile);
    const text = await readWorkTreeFile(absolute);
    if (text === undefined)
      throw new TpoError('NotFound', `the architecture file ${absolute} does not exist or cannot be read.`, {
        file: absolute,
      });
    const wrapped = /(^|[\\/])tpo\.config\.[^\\/]+$/.test(absolute);
    const config = parseArchitectureConfig(configFile, text, wrapped);
    if (config === null)
      throw new TpoError(
        'Invalid',
        `${configFile} has no "architecture" key; declare modules and rules under it (see the README).`,
        { file: configFile },
      );
    return { config, source: { file: configFile, from: 'file' }, notices: [] };
  }
  const committed = await readTextFiles(
    repo.gitDir,
    commit,
    CONFIG_FILES.map((c) => c.file),
  );
  const notices: string[] = [];
  const candidates: { file: string; wrapped: boolean; from: 'commit' | 'worktree'; text: string }[] = [];
  for (const c of CONFIG_FILES) {
    const text = committed.get(c.file);
    if (text !== undefined) candidates.push({ ...c, from: 'commit', text });
  }
  // The working tree (or, for a bare repository, tpo's folder in the git directory) holds local files: the
  // untracked .tpo/architecture.yaml at any revision, a tpo.config.* draft only when the work tree is at the commit.
  const atHead = repo.workTree !== null && (await resolveCommit(repo, 'HEAD').catch(() => null)) === commit;
  for (const c of CONFIG_FILES) {
    if (committed.has(c.file)) continue;
    const text = await readWorkTreeFile(path.join(repo.root, c.file));
    if (text === undefined) continue;
    if (c.wrapped && !atHead)
      notices.push(
        `${c.file} in the working tree is not in the scanned commit ${commit.slice(0, 12)}, which is not the working tree's HEAD: not used. Run "tpo scan" to review HEAD.`,
      );
    else candidates.push({ ...c, from: 'worktree', text });
  }
  for (const candidate of candidates) {
    const config = parseArchitectureConfig(candidate.file, candidate.text, candidate.wrapped);
    if (config === null) continue;
    if (candidate.from === 'commit' && repo.workTree !== null) {
      const local = await readWorkTreeFile(path.join(repo.workTree, candidate.file));
      if (local !== undefined && local !== candidate.text)
        notices.push(
          `${candidate.file} has changes in the working tree that are not in the scanned commit ${commit.slice(0, 12)}; the review uses the committed version. Commit them (or pass --config ${candidate.file}) to use them.`,
        );
    } else if (candidate.from === 'worktree') {
      notices.push(
        `${candidate.file} is not in the scanned commit: read from the working tree; commit it so CI uses it too.`,
      );
    }
    const shadowed = candidates.filter((c) => {
      if (c === candidate) return false;
      try {
        return parseArchitectureConfig(c.file, c.text, c.wrapped) !== null;
      } catch {
        return true;
      }
    });
    if (shadowed.length > 0)
      notices.push(
        `${shadowed.map((c) => c.file).join(', ')} also declare an architecture and were not used (${candidate.file} comes first).`,
      );
    return { config, source: { file: candidate.file, from: candidate.from }, notices };
  }
  return { config: null, source: null, notices };
}

/** The committed baseline: the working tree's file when there is one (just written), else the scanned commit's. */
async function loadBaseline(
  repo: RepositoryHandle,
  commit: string,
): Promise<{ file: string; entries: BaselineEntry[] } | null> {
  const local = await readWorkTreeFile(path.join(repo.root, ARCHITECTURE_BASELINE_FILE));
  const text =
    local ??
    (await readTextFiles(repo.gitDir, commit, [ARCHITECTURE_BASELINE_FILE])).get(ARCHITECTURE_BASELINE_FILE);
  if (text === undefined) return null;
  return {
    file: ARCHITECTURE_BASELINE_FILE,
    entries: parseArchitectureBaseline(ARCHITECTURE_BASELINE_FILE, text),
  };
}

export interface ArchitectureReviewOptions {
  /** A configuration file on disk instead of the one found in the repository. */
  readonly configFile?: string;
  /** Leave the baseline out (every violation counts as new); used when writing a new baseline. */
  readonly ignoreBaseline?: boolean;
  /** Most modules drawn in the diagram (default 40). */
  readonly maxDiagramModules?: number;
}

/**
 * Reviews the scanned commit's architecture. Without a configuration, modules are detected (package manifests,
 * then folders) and only cycles, coupling and instability are reported.
 *
 * @example
 * await ensureScanned(ws.repo, ws.store, undefined);
 * const report = await getArchitectureReview(ws.repo, ws.store);
 * report.violations.filter((v) => !v.baselined && v.severity === 'error').length;
 */
export async function getArchitectureReview(
  repo: RepositoryHandle,
  store: Store,
  options: ArchitectureReviewOptions = {},
): Promise<ArchitectureReport> {
  const row = await loadScannedRepo(repo, store);
  const commit = row.snapshot_commit!;
  const [files, edges, externalImports, renames, changeSetFiles, loaded, baseline] = await Promise.all([
    loadFiles(store.db, row.id),
    loadImports(store.db, row.id),
    loadExternalImports(store.db, row.id),
    loadRenames(store.db, row.id),
    loadChangeSetFiles(store.db, row.id, { maxFiles: ARCHITECTURE_DEFAULTS.maxChangeSetFiles }),
    loadArchitectureConfig(repo, commit, options.configFile),
    options.ignoreBaseline ? Promise.resolve(null) : loadBaseline(repo, commit),
  ]);
  const notices = [...loaded.notices];
  const config = loaded.config;
  const reviewed = new Set(selectCodeFiles(files).map((f) => f.path));
  const ignored = createGlobMatcher(config?.ignore ?? []);
  let ignoredFiles = 0;
  for (const p of reviewed)
    if (ignored(p)) {
      reviewed.delete(p);
      ignoredFiles += 1;
    }
  const declared = config && config.modules.length > 0 ? createDeclaredModuleMap(config.modules) : null;
  const detected = declared ? null : detectModules(files.map((f) => f.path));
  const cache = new Map<string, string | null>();
  const moduleOf = (p: string): string | null => {
    let m = cache.get(p);
    if (m === undefined) {
      m = !reviewed.has(p) ? null : declared ? declared(p) : detected!.moduleOf(p);
      cache.set(p, m);
    }
    return m;
  };
  const counts = new Map<string, number>();
  let unassignedFiles = 0;
  for (const p of reviewed) {
    const m = moduleOf(p);
    if (m === null) unassignedFiles += 1;
    else counts.set(m, (counts.get(m) ?? 0) + 1);
  }
  const moduleList: [string, number][] = declared
    ? config!.modules.map((m) => [m.name, counts.get(m.name) ?? 0])
    : [...counts].sort((a, b) => (a[0] < b[0] ? -1 : 1));
  for (const [name, n] of moduleList)
    if (declared && n === 0)
      notices.push(`module "${name}" matches no file of the scanned commit; check its paths.`);

  const moduleEdges = getModuleEdges(edges, moduleOf);
  const cycles: ModuleCycle[] = findCycles(moduleEdges).map((members) => {
    const inCycle = new Set(members);
    return { modules: members, edges: moduleEdges.filter((e) => inCycle.has(e.from) && inCycle.has(e.to)) };
  });
  const violations = findRuleViolations({
    edges,
    moduleOf,
    rules: config?.rules ?? [],
    moduleCycles: cycles.map((c) => c.modules),
    cycleSeverity: config?.cycles ?? 'off',
    externalImports,
    ...(baseline ? { baseline: baseline.entries } : {}),
  });
  const modules = computeInstability(edges, moduleOf, moduleList);
  const aliases = computeRenameAliases(renames);
  const couplings = computeModuleCoupling(
    moduleEdges,
    changeSetFiles.map((cs) => [...new Set(cs.paths.map((p) => aliases.get(p) ?? p))]),
    moduleOf,
  );
  const fresh = violations.filter((v) => !v.baselined);
  const diagram = renderModuleDiagram({
    modules,
    edges: moduleEdges,
    couplings,
    violating: fresh.map((v) => ({ from: v.fromModule, to: v.toModule })),
    ...(options.maxDiagramModules ? { maxModules: options.maxDiagramModules } : {}),
  });
  let baselineSummary: ArchitectureReport['baseline'] = null;
  if (baseline) {
    const seen = new Set(violations.map((v) => `${v.rule}\0${v.from}\0${v.to}`));
    baselineSummary = {
      file: baseline.file,
      entries: baseline.entries.length,
      fixed: baseline.entries.filter((e) => !seen.has(`${e.rule}\0${e.from}\0${e.to}`)).length,
    };
  }
  if (edges.some((e) => e.line === undefined))
    notices.push('import lines are not recorded in this store yet; run "tpo scan" to record them.');
  return {
    repo: row.name,
    commit,
    source: loaded.source,
    modulesFrom: declared ? 'declared' : 'detected',
    modules,
    unassignedFiles,
    ignoredFiles,
    rules: config?.rules ?? [],
    violations,
    newViolations: fresh.length,
    baseline: baselineSummary,
    cycles,
    moduleEdges,
    couplings,
    diagram: diagram.mermaid,
    diagramOmittedModules: diagram.omittedModules,
    notices,
  };
}

export interface SavedBaseline {
  /** Absolute path of the file written. */
  readonly file: string;
  readonly entries: number;
}

/**
 * Records today's violations in `tpo.arch-baseline.json` at the top of the working tree (commit it: CI reads it
 * from the scanned commit). Needs a working tree.
 *
 * @example
 * const saved = await saveArchitectureBaseline(ws.repo, ws.store); // { file: '/repo/tpo.arch-baseline.json', entries: 3 }
 */
export async function saveArchitectureBaseline(
  repo: RepositoryHandle,
  store: Store,
  options: Omit<ArchitectureReviewOptions, 'ignoreBaseline'> = {},
): Promise<SavedBaseline & { report: ArchitectureReport }> {
  if (repo.workTree === null)
    throw new TpoError(
      'Invalid',
      `${repo.root} is a bare repository: the baseline is a file to commit, so write it from a clone with a working tree.`,
    );
  const report = await getArchitectureReview(repo, store, { ...options, ignoreBaseline: true });
  const file = path.join(repo.workTree, ARCHITECTURE_BASELINE_FILE);
  await writeFile(file, renderArchitectureBaseline(report.violations, report.commit));
  return {
    file,
    entries: new Set(report.violations.map((v) => `${v.rule}\0${v.from}\0${v.to}`)).size,
    report,
  };
}

/**
 * The review as a document: Markdown (with the Mermaid diagram) or SARIF 2.1.0 JSON.
 *
 * @example
 * process.stdout.write(renderArchitectureReport(report, 'sarif', { toolVersion: '0.1.0', root: ws.repo.root }));
 */
export function renderArchitectureReport(
  report: ArchitectureReport,
  format: 'markdown' | 'sarif',
  options: { toolVersion: string; root?: string },
): string {
  if (format === 'markdown') return renderArchitectureMarkdown(report);
  return `${JSON.stringify(createArchitectureSarif(report, options), null, 2)}\n`;
}
