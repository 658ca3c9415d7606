/**
 * A goal broken into technical tasks, one per layer the work crosses (data and migrations, domain logic, API, UI,
 * tests, docs and release): each with its files, the people who know them, its risks, an effort range, and the
 * tasks it waits for. Layers are recognised from what each file is and imports, not from folder names. Pure.
 * Rules and limits: ./breakdown-rationale.md.
 */
import { isBotAuthor, type FileStats, type ItemJudgment } from '../domain/index.js';
import { JUDGMENT_DEFAULTS, type CodeModelView } from './judge-item.js';

export type Layer = 'data' | 'domain' | 'api' | 'ui' | 'tests' | 'docs';

/** The order tasks are built in: a task may only wait for tasks of earlier layers. */
export const LAYERS: readonly Layer[] = ['data', 'domain', 'api', 'ui', 'tests', 'docs'];

export const LAYER_NAMES: Readonly<Record<Layer, string>> = {
  data: 'Data and migrations',
  domain: 'Domain logic',
  api: 'API',
  ui: 'UI',
  tests: 'Tests',
  docs: 'Docs and release',
};

/** Packages whose import says what a file is for. Matched on the package name or its first path segment. */
const TEST_PACKAGES =
  /^(vitest|jest|@jest\/globals|mocha|chai|tap|tape|ava|node:test|uvu|@playwright\/test|cypress|supertest|pytest|unittest|testing|github\.com\/stretchr\/testify(\/.*)?|org\.junit(\..*)?|junit)$/;
const DATA_PACKAGES =
  /^(pg|postgres|mysql2?|better-sqlite3|sqlite3?|kysely|knex|@prisma\/client|prisma|typeorm|sequelize|mongoose|mongodb|redis|ioredis|drizzle-orm|@mikro-orm\/core|sqlalchemy|psycopg2?|pymongo|django\.db|alembic|database\/sql|gorm\.io\/gorm|github\.com\/jackc\/pgx(\/.*)?|java\.sql|javax\.persistence|jakarta\.persistence)$/;
const UI_PACKAGES =
  /^(react|react-dom|vue|svelte|preact|solid-js|@angular\/core|lit|jquery|@remix-run\/react|next\/link|next\/router)$/;
const API_PACKAGES =
  /^(express|fastify|koa|@koa\/router|@hapi\/hapi|hono|restify|@nestjs\/common|node:http|http|node:https|https|commander|yargs|flask|fastapi|django\.http|django\.urls|click|argparse|net\/http|github\.com\/gin-gonic\/gin|github\.com\/labstack\/echo(\/.*)?|github\.com\/spf13\/cobra|org\.springframework\.web(\..*)?|javax\.ws\.rs)$/;

const TEST_NAME = /\.(test|spec)\.[a-z]+$|_test\.(go|py)$|(^|\/)test_[^/]*\.py$|Tests?\.(java|kt|cs)$/;
const PROSE = new Set(['Markdown', 'reStructuredText', 'AsciiDoc', 'Text']);
const PROSE_EXT = /\.(md|mdx|markdown|rst|adoc|txt)$/i;
const RELEASE_NAME =
  /(^|\/)(CHANGELOG|CHANGES|HISTORY|RELEASES?|NEWS)(\.[a-z]+)?$|(^|\/)(package\.json|pyproject\.toml|setup\.py|setup\.cfg|Cargo\.toml|go\.mod|pom\.xml|build\.gradle(\.kts)?|VERSION)$/i;
const DATA_EXT = /\.(sql|prisma|proto|graphql|gql|avsc)$/i;
const MIGRATION_NAME = /(^|\/)[^/]*migrat[^/]*$|(^|\/)\d{3,}[-_][^/]+\.(sql|ts|js|py|rb)$/i;
const UI_EXT = /\.(tsx|jsx|vue|svelte|astro|html?|css|scss|sass|less)$/i;
const TYPES_EXT = /\.d\.(ts|mts|cts)$/;

/** The layer of one file and why, from its name, its language and the packages it imports. */
export function classifyLayer(
  path: string,
  signals: {
    readonly language: string | null;
    readonly packages: readonly string[];
    readonly isPackageEntry: boolean;
  },
): { layer: Layer; why: string } {
  const pkg = (re: RegExp): string | undefined => signals.packages.find((p) => re.test(p));
  const base = path.slice(path.lastIndexOf('/') + 1);
  if (TEST_NAME.test(path)) return { layer: 'tests', why: `a test by its name (${base})` };
  const testPkg = pkg(TEST_PACKAGES);
  if (testPkg) return { layer: 'tests', why: `imports the test framework ${testPkg}` };
  if (RELEASE_NAME.test(path)) return { layer: 'docs', why: `a release file (${base})` };
  if (PROSE_EXT.test(path) || (signals.language !== null && PROSE.has(signals.language)))
    return { layer: 'docs', why: 'prose' };
  if (DATA_EXT.test(path)) return { layer: 'data', why: `a schema or query file (${base})` };
  if (MIGRATION_NAME.test(path)) return { layer: 'data', why: `a migration by its name (${base})` };
  const dataPkg = pkg(DATA_PACKAGES);
  if (dataPkg) return { layer: 'data', why: `imports the database package ${dataPkg}` };
  if (UI_EXT.test(path)) return { layer: 'ui', why: `a UI file (${base.slice(base.lastIndexOf('.'))})` };
  const uiPkg = pkg(UI_PACKAGES);
  if (uiPkg) return { layer: 'ui', why: `imports the UI package ${uiPkg}` };
  const apiPkg = pkg(API_PACKAGES);
  if (apiPkg) return { layer: 'api', why: `imports the HTTP or command-line package ${apiPkg}` };
  if (signals.isPackageEntry)
    return { layer: 'api', why: 'declared as a package entry (its public interface)' };
  if (TYPES_EXT.test(path)) return { layer: 'api', why: 'type declarations of the public interface' };
  return { layer: 'domain', why: 'code with no data, UI, API or test signal' };
}

export interface BreakdownModel extends Pick<
  CodeModelView,
  'files' | 'dependentsOf' | 'packageEntries' | 'lastActivity' | 'now'
> {
  /** Packages a file imports from outside the repository. */
  readonly packagesOf: (path: string) => readonly string[];
  /** Files of the repository a file imports. */
  readonly importsOf: (path: string) => readonly string[];
}

export interface TaskFile {
  readonly path: string;
  /**
   * Why it is part of the goal: in the area, imports the area, changes with it, the release notes, or a test that
   * reaches the area through other files (it runs again; it weighs nothing in the effort split).
   */
  readonly role: 'area' | 'dependent' | 'coupled' | 'release' | 'reached';
  /** Why it is in this layer. */
  readonly layerWhy: string;
}

export interface TaskPerson {
  readonly name: string;
  /** Share of the lines added to the task's files, in [0, 1]. */
  readonly share: number;
  /** No commit in the last 6 months before the scanned commit. */
  readonly inactive: boolean;
}

export interface BreakdownTask {
  readonly layer: Layer;
  readonly title: string;
  readonly files: readonly TaskFile[];
  readonly people: readonly TaskPerson[];
  readonly risks: readonly string[];
  /** Person-days: this task's share of the goal's technical effort. */
  readonly effort: { readonly p50: number; readonly p85: number };
  /** Layers of the tasks this one waits for. */
  readonly blockedBy: readonly Layer[];
  /** Why it waits for each of them. */
  readonly waitsBecause: readonly string[];
}

export interface Breakdown {
  readonly goal: { readonly id: string; readonly title: string };
  readonly tasks: readonly BreakdownTask[];
  /** Person-days: the goal's technical effort, split over the tasks. */
  readonly effort: { readonly p50: number; readonly p85: number };
  readonly notes: readonly string[];
}

const MAX_FILES_PER_TASK = 12;

function round1(n: number): number {
  return Math.round(n * 10) / 10;
}

function peopleOf(files: readonly FileStats[], model: BreakdownModel): TaskPerson[] {
  const added = new Map<string, number>();
  let total = 0;
  for (const f of files)
    for (const a of f.authors) {
      if (isBotAuthor(a.name)) continue;
      added.set(a.name, (added.get(a.name) ?? 0) + a.added);
      total += a.added;
    }
  if (total === 0) return [];
  return [...added]
    .map(([name, n]) => {
      const last = model.lastActivity.get(name);
      return {
        name,
        share: Math.round((n / total) * 100) / 100,
        inactive: last === undefined || model.now - last > JUDGMENT_DEFAULTS.inactiveDays * 86_400,
      };
    })
    .filter((p) => p.share >= 0.1)
    .sort((a, b) => b.share - a.share || (a.name < b.name ? -1 : 1))
    .slice(0, 3);
}

const LAYER_RISKS: Partial<Record<Layer, string>> = {
  data: 'changes stored or exchanged data: plan the migration, the way back, and every reader of the data',
  api: 'callers outside the repository may depend on this interface: keep it compatible or version it',
};

/**
 * Breaks a goal (an item's judgment) into tasks per layer.
 * @example
 * const b = breakDownGoal({ id: 'T-4', title: 'Discount on totals' }, judgment, model);
 * b.tasks.map((t) => `${t.layer} after ${t.blockedBy.join(', ')}`); // ['data after ', 'domain after data', ...]
 */
export function breakDownGoal(
  goal: { readonly id: string; readonly title: string },
  judgment: ItemJudgment,
  model: BreakdownModel,
): Breakdown {
  const signalsOf = (path: string): Parameters<typeof classifyLayer>[1] => ({
    language: model.files.get(path)?.language ?? null,
    packages: model.packagesOf(path),
    isPackageEntry: model.packageEntries.has(path),
  });
  const roles = new Map<string, TaskFile['role']>();
  for (const f of judgment.area.files)
    if (f.confidence >= JUDGMENT_DEFAULTS.areaConfidence) roles.set(f.path, 'area');
  // Direct dependents change with the area; tests that reach it through others check it, so they run again.
  for (const d of judgment.blastRadius.dependents) {
    if (roles.has(d.path)) continue;
    if (d.depth === 1) roles.set(d.path, 'dependent');
    else if (classifyLayer(d.path, signalsOf(d.path)).layer === 'tests') roles.set(d.path, 'reached');
  }
  for (const c of judgment.blastRadius.coupled) if (!roles.has(c.path)) roles.set(c.path, 'coupled');
  // The release notes: the repository's changelog files, when it keeps any.
  for (const path of model.files.keys())
    if (/(^|\/)(CHANGELOG|CHANGES|HISTORY|RELEASES?|NEWS)(\.[a-z]+)?$/i.test(path) && !path.includes('/'))
      if (!roles.has(path)) roles.set(path, 'release');

  const byLayer = new Map<Layer, TaskFile[]>();
  const layerOf = new Map<string, Layer>();
  for (const [path, role] of roles) {
    const { layer, why } = classifyLayer(path, signalsOf(path));
    layerOf.set(path, layer);
    const list = byLayer.get(layer) ?? [];
    list.push({ path, role, layerWhy: why });
    byLayer.set(layer, list);
  }
  const notes: string[] = [];
  // Every goal is tested and released, even when no test or note touches its area yet.
  for (const layer of ['tests', 'docs'] as const) if (!byLayer.has(layer)) byLayer.set(layer, []);
  if ((byLayer.get('tests') ?? []).length === 0)
    notes.push('no test file imports or changes with this area: the tests task writes new ones');

  const weightOf = (files: readonly TaskFile[]): number =>
    files
      .filter((f) => f.role !== 'reached')
      .reduce((s, f) => s + Math.sqrt(Math.max(1, model.files.get(f.path)?.loc ?? 1)), 0);
  const layers = LAYERS.filter((l) => byLayer.has(l));
  // Tests and docs get at least a tenth of the effort each: writing tests and notes is work even with no file yet.
  const weights = new Map(layers.map((l) => [l, weightOf(byLayer.get(l)!)] as const));
  const codeWeight = [...weights].reduce((s, [, w]) => s + w, 0) || 1;
  for (const l of ['tests', 'docs'] as const) weights.set(l, Math.max(weights.get(l) ?? 0, codeWeight * 0.1));
  const totalWeight = [...weights.values()].reduce((s, w) => s + w, 0) || 1;

  const tasks: BreakdownTask[] = layers.map((layer) => {
    const files = byLayer
      .get(layer)!
      .sort((a, b) =>
        a.role === b.role ? (a.path < b.path ? -1 : 1) : a.role === 'area' ? -1 : b.role === 'area' ? 1 : 0,
      );
    const paths = new Set(files.map((f) => f.path));
    const blockedBy: Layer[] = [];
    const waitsBecause: string[] = [];
    const earlier = LAYERS.slice(0, LAYERS.indexOf(layer)).filter((l) => byLayer.has(l));
    if (layer === 'tests' || layer === 'docs') {
      for (const l of earlier.filter((x) => x !== 'tests' && x !== 'docs')) blockedBy.push(l);
      if (layer === 'docs' && byLayer.has('tests')) blockedBy.push('tests');
      if (blockedBy.length > 0)
        waitsBecause.push(
          layer === 'tests' ? 'tests check the finished code' : 'notes and the release come last',
        );
    } else {
      for (const l of earlier) {
        const edge = [...paths]
          .flatMap((p) => model.importsOf(p).map((to) => ({ from: p, to })))
          .find((e) => layerOf.get(e.to) === l);
        if (edge) {
          blockedBy.push(l);
          waitsBecause.push(`${edge.from} imports ${edge.to}`);
        }
      }
    }
    const stats = files.map((f) => model.files.get(f.path)).filter((s): s is FileStats => s !== undefined);
    const risks = [
      ...judgment.risks
        .filter((r) => r.files.some((p) => paths.has(p)))
        .map((r) => `${r.label}: ${r.detail}`),
      ...(LAYER_RISKS[layer] && files.length > 0 ? [LAYER_RISKS[layer]] : []),
    ];
    const share = weights.get(layer)! / totalWeight;
    return {
      layer,
      title: `${LAYER_NAMES[layer]}: ${goal.title}`,
      files: files.slice(0, MAX_FILES_PER_TASK),
      people: peopleOf(stats, model),
      risks,
      effort: {
        p50: Math.max(0.5, round1(judgment.effort.p50 * share)),
        p85: Math.max(0.5, round1(judgment.effort.p85 * share)),
      },
      blockedBy,
      waitsBecause,
    };
  });
  const cut = tasks.filter((t) => byLayer.get(t.layer)!.length > MAX_FILES_PER_TASK);
  for (const t of cut)
    notes.push(
      `${LAYER_NAMES[t.layer]}: ${byLayer.get(t.layer)!.length} files, the first ${MAX_FILES_PER_TASK} shown`,
    );
  return { goal, tasks, effort: { p50: judgment.effort.p50, p85: judgment.effort.p85 }, notes };
}
