/**
 * `tpo explain`: an item (or a request in free text) in plain language for a stakeholder, or in technical terms
 * for an engineer, from its judgment and, for an open item, its forecast.
 */
import { isOpenStatus, isTpoError } from '../domain/index.js';
import {
  explainItem,
  renderExplanation,
  type Audience,
  type ExplainForecast,
  type Explanation,
} from '../judgment/index.js';
import { judgeRequest } from './judge-request.js';
import type { Workspace } from './open-workspace.js';
import { getForecast } from './plan.js';

export interface ExplainOptions {
  readonly audience?: Audience;
  /** Unix seconds: the forecast's start (default now). */
  readonly now?: number;
  /** Monte Carlo trials of the forecast (default 10,000). */
  readonly trials?: number;
}

export interface ExplainReport extends Explanation {
  /** What was explained: a backlog item or a request in free text (localized first). */
  readonly kind: 'item' | 'text';
  /** Where the area came from: the item's declared areas, or predicted from the text. */
  readonly areaSource: 'declared' | 'predicted';
  readonly forecast: ExplainForecast | null;
  /** Why there is no forecast, when there is none. */
  readonly notices: readonly string[];
}

/**
 * Explains an item or a request.
 * @example
 * const e = await getExplanation(ws, 'T-4', { audience: 'stakeholder' });
 * formatExplanation(e, 'markdown');
 */
export async function getExplanation(
  ws: Pick<Workspace, 'repo' | 'store'>,
  target: string,
  options: ExplainOptions = {},
): Promise<ExplainReport> {
  const request = await judgeRequest(ws, target);
  const notices: string[] = [];
  let forecast: ExplainForecast | null = null;
  if (request.item && isOpenStatus(request.item.status)) {
    try {
      const report = await getForecast(ws, {
        id: request.item.id,
        ...(options.now !== undefined ? { start: options.now } : {}),
        ...(options.trials !== undefined ? { trials: options.trials } : {}),
      });
      const f = report.item;
      if (f)
        forecast = {
          dates: [
            { percent: 50, date: f.p50.date },
            { percent: 85, date: f.p85.date },
            { percent: 95, date: f.p95.date },
          ],
        };
    } catch (error) {
      if (!isTpoError(error)) throw error;
      notices.push(`no forecast: ${error.message}`);
    }
  } else if (request.item) notices.push(`no forecast: ${request.item.id} is ${request.item.status}`);
  else
    notices.push('no forecast for a request that is not in the backlog; add it with "tpo add" to get a date');
  const explanation = explainItem(
    {
      item: { id: request.id, title: request.title, statedEffort: request.statedEffort },
      judgment: request.judgment,
      forecast,
    },
    options.audience ?? 'stakeholder',
  );
  return {
    ...explanation,
    kind: request.kind,
    areaSource: request.judgment.area.source,
    forecast,
    notices,
  };
}

/** The explanation as text (paragraphs) or Markdown (a heading per topic). */
export function formatExplanation(report: ExplainReport, format: 'text' | 'markdown'): string {
  return renderExplanation(report, format);
}
