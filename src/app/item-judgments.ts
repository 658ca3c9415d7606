/**
 * The one place the backlog's use cases (plan, forecast, and later rank) get the technical judgment of items.
 *
 * Items that declare their code `areas` are judged on them (the areas glob-matched against the scanned files);
 * the others on the area `tpo locate` predicts from their title and description (src/judgment/locate).
 */
import type { Item, ItemId, ItemJudgment } from '../domain/index.js';
import {
  buildArea,
  createGlobMatcher,
  judgeItem,
  JUDGMENT_DEFAULTS,
  type LocatedFile,
} from '../judgment/index.js';
import { loadRepoByRoot } from '../store/index.js';
import { loadCodeModelView } from './load-code-model-view.js';
import { loadLocator } from './locate.js';
import type { Workspace } from './open-workspace.js';

/**
 * The technical judgment of each item that can be judged, by id: items with declared `areas` that match at least
 * one scanned file, and items whose text the localization model places in the code: the top files the text points
 * at (matched words or similar past change sets) with a confidence of at least PREDICTED_MIN_CONFIDENCE, one of
 * them at least the area's core confidence (0.3). Other items are absent from the map. A repository that was never scanned gives an empty map
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
  const row = await loadRepoByRoot(ws.store.db, ws.repo.root);
  if (!row || row.snapshot_commit === null) return judgments;
  const model = await loadCodeModelView(ws.store, row);
  const paths = [...model.files.values()].filter((f) => f.excluded === null).map((f) => f.path);
  for (const item of declared) {
    const matchers = item.areas.map((area) => ({ area, matches: createGlobMatcher([area]) }));
    const files = paths.flatMap((path) => {
      const hits = matchers.filter((m) => m.matches(path)).map((m) => `declared area "${m.area}"`);
      return hits.length > 0 ? [{ path, confidence: 1, evidence: hits }] : [];
    });
    if (files.length === 0) continue;
    const area = buildArea('declared', files, model.moduleOf);
    judgments.set(item.id, judgeItem({ area, statedEffort: item.rice.effort }, model));
  }
  const undeclared = items.filter((i) => i.areas.length === 0);
  if (undeclared.length === 0) return judgments;
  const locator = await loadLocator(ws, row);
  if (locator.index.sets.length === 0) return judgments;
  for (const item of undeclared) {
    const files = locator
      .locate(`${item.title}\n${item.description}`, PREDICTED_FILES)
      .filter(
        (f) =>
          f.confidence >= PREDICTED_MIN_CONFIDENCE &&
          model.files.has(f.path) &&
          // Recency alone ranks files for any text: an area needs the text to point at the file.
          (f.evidence.words.length > 0 || f.evidence.changeSets.length > 0),
      )
      .map((f) => ({ path: f.path, confidence: f.confidence, evidence: describeEvidence(f) }));
    // No file the text points at with confidence enough to be the area's core: the item stays unjudged.
    if (!files.some((f) => f.confidence >= JUDGMENT_DEFAULTS.areaConfidence)) continue;
    const area = buildArea('predicted', files, model.moduleOf);
    judgments.set(item.id, judgeItem({ area, statedEffort: item.rice.effort }, model));
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
