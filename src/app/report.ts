/**
 * `tpo report`: the stakeholder report (ranked backlog with both scores, items bigger than they look in plain
 * words, the riskiest areas of the code, the roadmap, who should own the backlog) as self-contained HTML or
 * Markdown.
 */
import path from 'node:path';
import { isOpenStatus, isTpoError } from '../domain/index.js';
import {
  renderStakeholderReportHtml,
  renderStakeholderReportMarkdown,
  type ReportAreaFile,
  type StakeholderReport,
} from '../formats/index.js';
import { explainItem, toIsoDay } from '../judgment/index.js';
import { loadRepoByRoot } from '../store/index.js';
import { getAssessment } from './assess.js';
import { listItems } from './backlog.js';
import { getCodeMap } from './code-model.js';
import { loadHealthScores } from './code-health.js';
import { loadItemJudgments } from './item-judgments.js';
import type { Workspace } from './open-workspace.js';
import { getForecast } from './plan.js';
import { getJudgedRanking } from './rank.js';

export type { StakeholderReport } from '../formats/index.js';

export interface ReportOptions {
  /** Unix seconds: the report's date and the forecast's start (default now). */
  readonly now?: number;
  readonly trials?: number;
  readonly scheme?: 'rice' | 'wsjf';
}

/** Modules shown on the risk map, by lines of code weighted by hotspot score. */
const MAX_MODULES = 8;
const MAX_FILES = 160;

/**
 * Gathers the stakeholder report's figures.
 * @example
 * const report = await getStakeholderReport(ws);
 * writeFileSync('report.html', formatStakeholderReport(report, 'html'));
 */
export async function getStakeholderReport(
  ws: Pick<Workspace, 'repo' | 'store'>,
  options: ReportOptions = {},
): Promise<StakeholderReport> {
  const now = options.now ?? Math.floor(Date.now() / 1000);
  const notices: string[] = [];
  const row = await loadRepoByRoot(ws.store.db, ws.repo.root);
  const scanned = row !== undefined && row.snapshot_commit !== null;
  const ranking = await getJudgedRanking(ws, options.scheme ? { scheme: options.scheme } : {});
  const open = (await listItems(ws.store)).filter((i) => isOpenStatus(i.status));
  const judgments = await loadItemJudgments(ws, open);

  let roadmap: StakeholderReport['roadmap'] = null;
  if (open.length > 0) {
    try {
      const forecast = await getForecast(ws, {
        start: now,
        ...(options.trials !== undefined ? { trials: options.trials } : {}),
        ...(options.scheme ? { scheme: options.scheme } : {}),
      });
      roadmap = {
        start: forecast.start,
        throughput: `${forecast.throughput.label}, ${forecast.throughput.mean.toFixed(1)} a week over ${forecast.throughput.weeks} weeks`,
        items: forecast.items.map((f) => ({
          id: f.id,
          title: f.title,
          p50: f.p50.date,
          p85: f.p85.date,
          p95: f.p95.date,
        })),
      };
      notices.push(...forecast.warnings);
    } catch (error) {
      if (!isTpoError(error)) throw error;
      notices.push(`no roadmap: ${error.message}`);
    }
  }
  const dates = new Map(roadmap?.items.map((i) => [i.id, i]) ?? []);
  const bigger = ranking.items
    .filter((i) => i.technical?.biggerThanItLooks)
    .map((i) => {
      const item = open.find((o) => o.id === i.id)!;
      const d = dates.get(i.id);
      const explanation = explainItem(
        {
          item: { id: item.id, title: item.title, statedEffort: item.rice.effort },
          judgment: judgments.get(item.id)!,
          forecast: d
            ? {
                dates: [
                  { percent: 50, date: d.p50 },
                  { percent: 85, date: d.p85 },
                ],
              }
            : null,
        },
        'stakeholder',
      );
      return {
        id: i.id,
        title: i.title,
        ratio: i.technical!.disguiseRatio ?? 0,
        explanation: explanation.sentences.map((s) => s.text).join(' '),
      };
    });

  let areas: ReportAreaFile[] = [];
  let assessment: StakeholderReport['assessment'] = null;
  if (scanned) {
    const [map, health] = await Promise.all([getCodeMap(ws.repo, ws.store), loadHealthScores(ws.store, row)]);
    const risk = new Map<string, number>();
    for (const f of map.files) risk.set(f.module, (risk.get(f.module) ?? 0) + f.loc * f.hotspot);
    const top = new Set(
      [...risk]
        .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
        .slice(0, MAX_MODULES)
        .map(([m]) => m),
    );
    areas = map.files
      .filter((f) => top.has(f.module))
      .sort((a, b) => b.hotspot * b.loc - a.hotspot * a.loc || (a.path < b.path ? -1 : 1))
      .slice(0, MAX_FILES)
      .map((f) => ({
        path: f.path,
        module: f.module,
        loc: f.loc,
        hotspot: Math.round(f.hotspot * 1000) / 1000,
        health: health.get(f.path) ?? null,
      }));
    const a = await getAssessment(ws);
    assessment = { verdict: a.verdict, text: a.verdictText, reasons: a.reasons };
  } else
    notices.push(
      'the repository was never scanned: run "tpo scan" for the risk map, judgments and the verdict',
    );
  if (ranking.unjudged > 0)
    notices.push(
      `${ranking.unjudged} open item${ranking.unjudged === 1 ? ' was' : 's were'} not judged against the code (no code area named): their two scores are equal`,
    );
  return {
    date: toIsoDay(now),
    repo: path.basename(ws.repo.root),
    commit: scanned ? row.snapshot_commit : null,
    scheme: ranking.scheme,
    ranking: ranking.items.map((i) => ({
      position: i.position,
      id: i.id,
      title: i.title,
      score: i.score,
      adjustedScore: i.adjustedScore,
      reasons: i.reasons.map((r) => r.text),
      biggerThanItLooks: i.technical?.biggerThanItLooks ?? false,
    })),
    bigger,
    areas,
    roadmap,
    notices,
    assessment,
  };
}

/** The report as one self-contained HTML file, or as Markdown. */
export function formatStakeholderReport(report: StakeholderReport, format: 'html' | 'markdown'): string {
  return format === 'html' ? renderStakeholderReportHtml(report) : renderStakeholderReportMarkdown(report);
}
