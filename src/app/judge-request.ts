/**
 * The one seam between translation (explain, breakdown) and localization: what tpo judges for an item id or for
 * a request written in free text. Free text is placed in the code by `tpo locate`'s model (src/judgment/locate),
 * the same way items without declared areas are; only a repository whose history gives that model nothing falls
 * back to matching the request's words against file paths.
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
import { loadRepoByRoot, type RepoRow } from '../store/index.js';
import { getItem } from './backlog.js';
import {
  describeEvidence,
  loadItemJudgments,
  PREDICTED_FILES,
  PREDICTED_MIN_CONFIDENCE,
} from './item-judgments.js';
import { loadLocator } from './locate.js';
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
 * Fallback localization of free text when the locate model has no history to learn from: files whose path words share a stem with the
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

async function loadScannedRow(ws: Ws): Promise<RepoRow> {
  const row = await loadRepoByRoot(ws.store.db, ws.repo.root);
  if (!row || row.snapshot_commit === null)
    throw new TpoError(
      'NotFound',
      'the repository was never scanned, so there is no code to judge against; run "tpo scan" first',
    );
  return row;
}

/** The files a request in free text is about: the locate model's top files, else the path-word fallback. */
async function locateRequest(ws: Ws, row: RepoRow, text: string, model: CodeModelView): Promise<AreaFile[]> {
  const locator = await loadLocator(ws, row);
  if (locator.index.sets.length > 0) {
    const files = locator
      .locate(text, PREDICTED_FILES)
      .filter((f) => f.confidence >= PREDICTED_MIN_CONFIDENCE && model.files.has(f.path))
      .map((f) => ({
        path: f.path,
        module: model.moduleOf(f.path),
        confidence: f.confidence,
        evidence: describeEvidence(f),
      }));
    if (files.length > 0) return files;
  }
  return localizeRequest(text, model);
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
  if (isItemId(text.toUpperCase()) || /^[1-9][0-9]*$/.test(text)) {
    const { item } = await getItem(ws.store, normalizeItemId(text));
    const model = await loadCodeModelView(ws.store, await loadScannedRow(ws));
    const judgment = (await loadItemJudgments(ws, [item])).get(item.id);
    if (!judgment)
      throw new TpoError(
        'Invalid',
        item.areas.length === 0
          ? `nothing in the code matches the words of ${item.id}; name its code area with: tpo edit ${item.id} --area "src/billing/**"`
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
  const row = await loadScannedRow(ws);
  const model = await loadCodeModelView(ws.store, row);
  const files = await locateRequest(ws, row, text, model);
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
