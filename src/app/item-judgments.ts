/**
 * The one place the backlog's use cases (plan, forecast, and later rank) get the technical judgment of items.
 *
 * Seam for localization: today only items that declare their code `areas` are judged (the areas glob-matched
 * against the scanned files). `tpo locate` will extend this function to predict an area from the item's text for
 * the other items; callers do not change.
 */
import type { Item, ItemId, ItemJudgment } from '../domain/index.js';
import { buildArea, createGlobMatcher, judgeItem } from '../judgment/index.js';
import { loadRepoByRoot } from '../store/index.js';
import { loadCodeModelView } from './load-code-model-view.js';
import type { Workspace } from './open-workspace.js';

/**
 * The technical judgment of each item that can be judged, by id: items with declared `areas` that match at least
 * one scanned file. Other items are absent from the map. A repository that was never scanned gives an empty map
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
  const declared = items.filter((i) => i.areas.length > 0);
  if (declared.length === 0) return judgments;
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
  return judgments;
}
