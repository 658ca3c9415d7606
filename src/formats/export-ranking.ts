/**
 * The ranked backlog as CSV and Markdown, with the reasons for each position.
 */
import type { RankedBacklog } from '../judgment/index.js';
import { markdownTable } from './export-backlog.js';
import { writeCsv } from './parse-csv.js';

function score(n: number | null): string {
  return n === null ? '' : String(Math.round(n * 100) / 100);
}

/** One row per ranked item: position, id, title, kind, status, score, adjusted score, priority, reasons. */
export function exportRankingCsv(ranked: RankedBacklog): string {
  return writeCsv(
    [
      'position',
      'id',
      'title',
      'kind',
      'status',
      'score',
      'adjusted-score',
      'priority',
      'waits-for',
      'reasons',
    ],
    ranked.items.map((r) => [
      String(r.position),
      r.id,
      r.title,
      r.kind,
      r.status,
      score(r.score),
      score(r.adjustedScore),
      score(r.priority),
      r.waitsFor.join(', '),
      r.reasons.map((x) => x.text).join('; '),
    ]),
  );
}

/** A Markdown table of the ranking, for a planning page or a pull request. */
export function exportRankingMarkdown(ranked: RankedBacklog): string {
  const label = ranked.scheme.toUpperCase();
  return [
    `# Backlog ranked by ${label}`,
    '',
    markdownTable(
      ['#', 'id', 'title', 'status', label, 'priority', 'why'],
      ranked.items.map((r) => [
        String(r.position),
        r.id,
        r.title,
        r.status,
        score(r.adjustedScore),
        score(r.priority),
        r.reasons.map((x) => x.text).join('; '),
      ]),
    ),
    '',
  ].join('\n');
}
