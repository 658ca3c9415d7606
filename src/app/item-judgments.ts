/**
 * The one place the backlog's use cases (plan, forecast, and later rank) get the technical judgment of items.
 *
 * Items that declare their code `areas` are judged on them (the areas glob-matched against the scanned files);
 * the others on the area `tpo locate` predicts from their title and description (src/judgment/locate). An area
 * may name a workspace repository (`api:src/routes/**`): the item is then judged in each repository it names and
 * the parts are combined (src/judgment/combine-repo-judgments.ts).
 */
import { createHash } from 'node:crypto';
import type { Item, ItemId, ItemJudgment } from '../domain/index.js';
import {
  buildArea,
  combineRepoJudgments,
  createGlobMatcher,
  judgeItem,
  JUDGMENT_DEFAULTS,
  splitAreasByRepo,
  type CodeModelView,
  type LocatedFile,
} from '../judgment/index.js';
import {
  loadRepoByRoot,
  loadRepos,
  loadWorkspaceId,
  loadWorkspaceRepos,
  type RepoRow,
  type Store,
} from '../store/index.js';
import { loadCodeModelView } from './load-code-model-view.js';
import { loadLocator } from './locate.js';
import type { Workspace } from './open-workspace.js';

/** The item judged against one code model with `areas` of that repository; null when no scanned file matches. */
function judgeDeclaredAreas(item: Item, areas: readonly string[], model: CodeModelView): ItemJudgment | null {
  const paths = [...model.files.values()].filter((f) => f.excluded === null).map((f) => f.path);
  const matchers = areas.map((area) => ({ area, matches: createGlobMatcher([area]) }));
  const files = paths.flatMap((path) => {
    const hits = matchers.filter((m) => m.matches(path)).map((m) => `declared area "${m.area}"`);
    return hits.length > 0 ? [{ path, confidence: 1, evidence: hits }] : [];
  });
  if (files.length === 0) return null;
  const area = buildArea('declared', files, model.moduleOf);
  return judgeItem({ area, statedEffort: item.rice.effort }, model);
}

/**
 * Items whose areas name other workspace repositories (`api:src/**`): each repository's part is judged against
 * its own code model and the parts are combined (effort summed). Parts in repositories never scanned are left out.
 */
async function loadMultiRepoJudgments(
  ws: Pick<Workspace, 'repo' | 'store'>,
  items: readonly Item[],
  judgments: Map<ItemId, ItemJudgment>,
): Promise<void> {
  const workspaceRepos = await loadWorkspaceRepos(ws.store.db, await loadWorkspaceId(ws.store.db));
  const rows = new Map((await loadRepos(ws.store.db)).map((r) => [r.id, r]));
  const byName = new Map<string, RepoRow>();
  for (const w of workspaceRepos) {
    const row = w.repo_id === null ? undefined : rows.get(w.repo_id);
    if (row && row.snapshot_commit !== null) byName.set(w.name, row);
  }
  const current = await loadRepoByRoot(ws.store.db, ws.repo.root);
  const models = new Map<number, CodeModelView>();
  const modelOf = async (row: RepoRow): Promise<CodeModelView> => {
    const cached = models.get(row.id);
    if (cached) return cached;
    const model = await loadCodeModelView(ws.store, row);
    models.set(row.id, model);
    return model;
  };
  const names = new Set(workspaceRepos.map((w) => w.name));
  for (const item of items) {
    const groups = splitAreasByRepo(item.areas, names);
    const parts: { repo: string; judgment: ItemJudgment }[] = [];
    for (const [name, areas] of groups) {
      const row = name === '' ? current : byName.get(name);
      if (!row || row.snapshot_commit === null) continue;
      const judgment = judgeDeclaredAreas(item, areas, await modelOf(row));
      if (judgment) parts.push({ repo: name === '' ? row.name : name, judgment });
    }
    if (parts.length === 0) continue;
    // One part in the current repository alone is judged exactly as before (paths without a prefix).
    judgments.set(
      item.id,
      groups.size === 1 && groups.has('') && parts.length === 1
        ? parts[0]!.judgment
        : combineRepoJudgments(parts, item.rice.effort),
    );
  }
}

/** Judgments kept per process and store: a server ranks 5,000 items again after each edit by judging one. */
const JUDGMENT_MEMO_ENTRIES = 50_000;
const judgmentMemos = new WeakMap<Store, Map<string, ItemJudgment | null>>();

function getJudgmentMemo(store: Store): Map<string, ItemJudgment | null> {
  let memo = judgmentMemos.get(store);
  if (!memo) {
    memo = new Map<string, ItemJudgment | null>();
    judgmentMemos.set(store, memo);
  }
  return memo;
}

/**
 * The technical judgment of each item that can be judged, by id: items with declared `areas` that match at least
 * one scanned file, and items whose text the localization model places in the code (top files with a confidence
 * of at least PREDICTED_MIN_CONFIDENCE, when one of them reaches the judgment's area confidence (0.3) and shares words
 * with the text). Other items are absent from the map. A repository that was never scanned gives an empty map
 * (plans and forecasts then work from the stated inputs).
 *
 * @example
 * const judgments = await loadItemJudgments(ws, await listItems(ws.store, { open: true }));
 * judgments.get('T-4')?.biggerThanItLooks; // true
 */
export async function loadItemJudgments(
  ws: Pick<Workspace, 'repo' | 'store'>,
  items: readonly Item[],
): Promise<Map<ItemId, ItemJudgment>> {
  const judgments = new Map<ItemId, ItemJudgment>();
  if (items.length === 0) return judgments;
  const declared = items.filter((i) => i.areas.length > 0);
  // Areas that may name another repository (`name:glob`) are judged per repository; the rest as always.
  const multi = declared.filter((i) => i.areas.some((a) => /^[A-Za-z0-9][A-Za-z0-9._-]*:/.test(a)));
  if (multi.length > 0) await loadMultiRepoJudgments(ws, multi, judgments);
  const single = declared.filter((i) => !multi.includes(i));
  const row = await loadRepoByRoot(ws.store.db, ws.repo.root);
  if (!row || row.snapshot_commit === null) return judgments;
  // An item's judgment depends only on its areas, stated effort and text, and on the scanned code: judgments made
  // before in this process for the same inputs are reused; the code model and locator are read only for the rest.
  const memo = getJudgmentMemo(ws.store);
  const modelVersion = `${row.id}:${row.snapshot_commit}:${row.last_commit ?? ''}:${row.last_scan_at ?? 0}`;
  const keyOf = (item: Item): string =>
    createHash('sha1')
      .update(JSON.stringify([modelVersion, item.areas, item.rice.effort, item.title, item.description]))
      .digest('base64url');
  const missing: Item[] = [];
  for (const item of [...single, ...items.filter((i) => i.areas.length === 0)]) {
    const known = memo.get(keyOf(item));
    if (known === undefined) missing.push(item);
    else if (known !== null) judgments.set(item.id, known);
  }
  if (missing.length === 0) return judgments;
  const remember = (item: Item, judgment: ItemJudgment | null): void => {
    if (memo.size >= JUDGMENT_MEMO_ENTRIES) memo.delete(memo.keys().next().value!);
    memo.set(keyOf(item), judgment);
    if (judgment) judgments.set(item.id, judgment);
  };
  const model = await loadCodeModelView(ws.store, row);
  for (const item of missing.filter((i) => i.areas.length > 0))
    remember(item, judgeDeclaredAreas(item, item.areas, model));
  const undeclared = missing.filter((i) => i.areas.length === 0);
  if (undeclared.length === 0) return judgments;
  const locator = await loadLocator(ws, row);
  if (locator.index.sets.length === 0) return judgments;
  for (const item of undeclared) {
    const located = locator
      .locate(`${item.title}\n${item.description}`, PREDICTED_FILES)
      .filter((f) => f.confidence >= PREDICTED_MIN_CONFIDENCE && model.files.has(f.path));
    // A text the model cannot place (no file of some confidence whose path, content or history shares a word with
    // it, e.g. "Docs") is not judged: the ranking alone (recency, co-change) would move the item's size on noise.
    if (
      !located.some((f) => f.confidence >= JUDGMENT_DEFAULTS.areaConfidence && f.evidence.words.length > 0)
    ) {
      remember(item, null);
      continue;
    }
    const files = located.map((f) => ({
      path: f.path,
      confidence: f.confidence,
      evidence: describeEvidence(f),
    }));
    const area = buildArea('predicted', files, model.moduleOf);
    remember(item, judgeItem({ area, statedEffort: item.rice.effort }, model));
  }
  return judgments;
}

/** Files of a predicted area: the top ranked, down to this confidence. */
export const PREDICTED_FILES = 10;
export const PREDICTED_MIN_CONFIDENCE = 0.05;

/** The evidence of a located file in words. */
export function describeEvidence(f: LocatedFile): string[] {
  const out: string[] = [];
  if (f.evidence.words.length > 0) out.push(`words: ${f.evidence.words.slice(0, 6).join(', ')}`);
  for (const c of f.evidence.changeSets.slice(0, 2))
    out.push(`like past change ${c.sha.slice(0, 8)} "${c.title.slice(0, 60)}"`);
  if (f.evidence.coupledWith.length > 0)
    out.push(`changes with ${f.evidence.coupledWith.map((c) => c.path).join(', ')}`);
  return out;
}

/**
 * The judgment of one item (declared or predicted area), or null when the repository was never scanned or nothing
 * in the code matches the item.
 * @example (await loadItemJudgment(ws, item))?.area.files[0].path; // 'src/billing/tax.ts'
 */
export async function loadItemJudgment(
  ws: Pick<Workspace, 'repo' | 'store'>,
  item: Item,
): Promise<ItemJudgment | null> {
  return (await loadItemJudgments(ws, [item])).get(item.id) ?? null;
}
