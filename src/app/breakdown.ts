/**
 * `tpo breakdown`: a goal (an item, or a goal in free text) broken into technical tasks per layer, and, with
 * `create`, those tasks added to the backlog with their dependencies in one transaction.
 */
import { TpoError, type Item } from '../domain/index.js';
import { breakDownGoal, LAYER_NAMES, type Breakdown, type BreakdownTask } from '../judgment/index.js';
import { loadExternalImports, loadImports, loadRepoByRoot } from '../store/index.js';
import { addItemGroup, type GroupItemDraft } from './backlog.js';
import { judgeRequest } from './judge-request.js';
import type { Workspace } from './open-workspace.js';

type Ws = Pick<Workspace, 'repo' | 'store'>;

export interface BreakdownReport extends Breakdown {
  /** What was broken down: a backlog item or a goal in free text (localized first). */
  readonly kind: 'item' | 'text';
  /** With `create`: the items added, one per task, in task order. */
  readonly created: readonly {
    readonly id: string;
    readonly layer: string;
    readonly blockedBy: readonly string[];
  }[];
}

function describeTask(task: BreakdownTask, goalId: string | null): string {
  const lines = [
    `One task of ${goalId ? `${goalId}, ` : ''}broken down by \`tpo breakdown\`: ${LAYER_NAMES[task.layer].toLowerCase()}.`,
    '',
    `Estimate: ${task.effort.p50} to ${task.effort.p85} person-days.`,
  ];
  if (task.files.length > 0) {
    lines.push('', 'Files:');
    for (const f of task.files) lines.push(`- \`${f.path}\` (${f.role}; ${f.layerWhy})`);
  } else lines.push('', 'No file yet: new files to write.');
  if (task.people.length > 0)
    lines.push(
      '',
      `Who knows this code: ${task.people.map((p) => `${p.name} (${Math.round(p.share * 100)} %${p.inactive ? ', inactive' : ''})`).join(', ')}.`,
    );
  if (task.risks.length > 0) {
    lines.push('', 'Risks:');
    for (const r of task.risks) lines.push(`- ${r}`);
  }
  if (task.waitsBecause.length > 0) lines.push('', `Waits because: ${task.waitsBecause.join('; ')}.`);
  return lines.join('\n');
}

/**
 * Breaks a goal down into tasks per layer; with `create`, adds them to the backlog (each task blocks the goal item
 * and waits for the tasks it depends on), all or nothing.
 * @example
 * const b = await getBreakdown(ws, 'T-4', { create: true });
 * b.created.map((c) => c.id); // ['T-9', 'T-10', ...]
 */
export async function getBreakdown(
  ws: Ws,
  target: string,
  options: { create?: boolean; now?: number } = {},
): Promise<BreakdownReport> {
  const request = await judgeRequest(ws, target);
  const row = await loadRepoByRoot(ws.store.db, ws.repo.root);
  if (!row) throw new TpoError('NotFound', 'the repository was never scanned; run "tpo scan" first');
  const [edges, external] = await Promise.all([
    loadImports(ws.store.db, row.id),
    loadExternalImports(ws.store.db, row.id),
  ]);
  const importsOf = new Map<string, string[]>();
  for (const e of edges) importsOf.set(e.from, [...(importsOf.get(e.from) ?? []), e.to]);
  const packagesOf = new Map<string, string[]>();
  for (const e of external) packagesOf.set(e.from, [...(packagesOf.get(e.from) ?? []), e.packageName]);
  const breakdown = breakDownGoal({ id: request.id, title: request.title }, request.judgment, {
    ...request.model,
    importsOf: (p) => importsOf.get(p) ?? [],
    packagesOf: (p) => packagesOf.get(p) ?? [],
  });
  let created: BreakdownReport['created'] = [];
  if (options.create) {
    const goal: Item | null = request.item;
    const index = new Map(breakdown.tasks.map((t, k) => [t.layer, k]));
    const drafts: GroupItemDraft[] = breakdown.tasks.map((task) => ({
      title: task.title.slice(0, 300),
      description: describeTask(task, goal?.id ?? null),
      kind: goal?.kind === 'bug' || goal?.kind === 'debt' ? goal.kind : 'feature',
      rice: { effort: Math.max(0.1, Math.round((task.effort.p50 / 5) * 10) / 10) },
      tags: ['breakdown', ...(goal ? [goal.id.toLowerCase()] : [])],
      areas: task.files.map((f) => f.path),
      blockedByDrafts: task.blockedBy.map((l) => index.get(l)!),
      ...(goal ? { blocks: [goal.id] } : {}),
    }));
    const items = await addItemGroup(ws.store, drafts, options.now !== undefined ? { now: options.now } : {});
    created = items.map((item, k) => ({
      id: item.id,
      layer: breakdown.tasks[k]!.layer,
      blockedBy: item.blockedBy,
    }));
  }
  return { ...breakdown, kind: request.kind, created };
}

/** The breakdown as Markdown: a section per task, in build order. */
export function formatBreakdownMarkdown(report: BreakdownReport): string {
  const lines = [
    `# Breakdown: ${report.goal.id === 'request' ? report.goal.title : `${report.goal.id} ${report.goal.title}`}`,
    '',
    `${report.tasks.length} tasks, ${report.effort.p50} to ${report.effort.p85} person-days in all (the goal's technical estimate, split by the size of each task's files).`,
  ];
  report.tasks.forEach((task, k) => {
    const made = report.created[k];
    lines.push('', `## ${k + 1}. ${LAYER_NAMES[task.layer]}${made ? ` (${made.id})` : ''}`, '');
    lines.push(describeTask(task, null).split('\n').slice(2).join('\n'));
    if (task.blockedBy.length > 0)
      lines.push('', `After: ${task.blockedBy.map((l) => LAYER_NAMES[l]).join(', ')}.`);
  });
  for (const n of report.notes) lines.push('', `Note: ${n}.`);
  return `${lines.join('\n')}\n`;
}
