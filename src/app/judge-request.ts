/**
 * The one seam between translation (explain, breakdown) and localization: what tpo judges for an item id or for
 * a request written in free text. When `tpo locate` lands, `localizeRequest` calls it; nothing else changes.
 */
import {
  isItemId,
  normalizeItemId,
  TpoError,
  type AreaFile,
  type Item,
  type ItemJudgment,
} from '../domain/index.js';
import { buildArea, judgeItem, type CodeModelView } from '../judgment/index.js';
import { loadRepoByRoot } from '../store/index.js';
import { getItem } from './backlog.js';
import { loadItemJudgments } from './item-judgments.js';
import { loadCodeModelView } from './load-code-model-view.js';
import type { Workspace } from './open-workspace.js';

type Ws = Pick<Workspace, 'repo' | 'store'>;

/** What was asked: a backlog item, or a request in free text. */
export interface JudgedRequest {
  readonly kind: 'item' | 'text';
  /** The item id, or "request" for free text. */
  readonly id: string;
  readonly title: string;
  /** Person-weeks, as stated; null for free text or when not stated. */
  readonly statedEffort: number | null;
  readonly item: Item | null;
  readonly judgment: ItemJudgment;
  /** The code model the judgment was made on (breakdown reads its files, authors and imports). */
  readonly model: CodeModelView;
}

const STOP_WORDS = new Set(
  "the and for with that this from into when what why can cant can't just add make let lets our new not all any are but use via per too has have how who was were will would could should them they their then than there here its it's you your please want need get set show page button screen".split(
    ' ',
  ),
);

function splitWords(text: string): string[] {
  return text
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((w) => w.length >= 3 && !STOP_WORDS.has(w));
}

/** "invoices" and "invoice", "exporting" and "export" meet on a common stem. */
function stem(word: string): string {
  return word.replace(/(ies|es|s|ing|ed)$/, '').slice(0, 8);
}

/**
 * Interim localization of free text until `tpo locate` lands: files whose path words share a stem with the
 * request's words, confidence = share of the request's matched words (top file = 1). Evidence names the words.
 */
export function localizeRequest(text: string, model: CodeModelView): AreaFile[] {
  const words = [...new Set(splitWords(text).map(stem))];
  if (words.length === 0) return [];
  const scored: { path: string; hits: string[] }[] = [];
  for (const f of model.files.values()) {
    if (f.excluded !== null) continue;
    const pathStems = new Set(splitWords(f.path).map(stem));
    const hits = words.filter((w) => pathStems.has(w));
    if (hits.length > 0) scored.push({ path: f.path, hits });
  }
  const best = Math.max(0, ...scored.map((s) => s.hits.length));
  return scored
    .map((s) => ({
      path: s.path,
      module: model.moduleOf(s.path),
      confidence: Math.round((s.hits.length / best) * 100) / 100,
      evidence: [`path words: ${s.hits.join(', ')}`],
    }))
    .filter((f) => f.confidence >= 0.5)
    .sort((a, b) => b.confidence - a.confidence || (a.path < b.path ? -1 : 1))
    .slice(0, 12);
}

async function loadModel(ws: Ws): Promise<CodeModelView> {
  const row = await loadRepoByRoot(ws.store.db, ws.repo.root);
  if (!row || row.snapshot_commit === null)
    throw new TpoError(
      'NotFound',
      'the repository was never scanned, so there is no code to judge against; run "tpo scan" first',
    );
  return loadCodeModelView(ws.store, row);
}

/**
 * Judges an item (by id: `T-4`, `t-4`, `4`) or a request in free text.
 * @example
 * const r = await judgeRequest(ws, 'Why can we not just add an export button to invoices?');
 * r.judgment.area.files.map((f) => f.path); // ['src/billing/invoice.ts', ...]
 */
export async function judgeRequest(ws: Ws, target: string): Promise<JudgedRequest> {
  const text = target.trim();
  if (text === '') throw new TpoError('Invalid', 'give an item id (T-4) or a request in quotes');
  if (isItemId(text)) {
    const { item } = await getItem(ws.store, normalizeItemId(text));
    const model = await loadModel(ws);
    const judgment = (await loadItemJudgments(ws, [item])).get(item.id);
    if (!judgment)
      throw new TpoError(
        'Invalid',
        item.areas.length === 0
          ? `${item.id} names no code area to judge; give it one with: tpo edit ${item.id} --area "src/billing/**"`
          : `the areas of ${item.id} (${item.areas.join(', ')}) match no scanned file; check them with "tpo show ${item.id}"`,
        { id: item.id },
      );
    return {
      kind: 'item',
      id: item.id,
      title: item.title,
      statedEffort: item.rice.effort,
      item,
      judgment,
      model,
    };
  }
  const model = await loadModel(ws);
  const files = localizeRequest(text, model);
  if (files.length === 0)
    throw new TpoError(
      'NotFound',
      `no file of the repository matches the words of "${text}"; name the code it is about, or add it as an item with --area`,
    );
  const area = buildArea('predicted', files, model.moduleOf);
  return {
    kind: 'text',
    id: 'request',
    title: text,
    statedEffort: null,
    item: null,
    judgment: judgeItem({ area, statedEffort: null }, model),
    model,
  };
}
