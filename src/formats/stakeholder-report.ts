/**
 * The stakeholder report as one self-contained HTML file (inline CSS, charts as inline SVG rendered on the server
 * by ECharts, no script, no network) and as Markdown. Printable.
 */
import { createRequire } from 'node:module';
import type * as Echarts from 'echarts';
import type { Verdict } from '../judgment/index.js';

export interface ReportRankedItem {
  readonly position: number;
  readonly id: string;
  readonly title: string;
  /** Score from the stated inputs (RICE or WSJF), or null. */
  readonly score: number | null;
  /** After the technical judgment's adjustments. */
  readonly adjustedScore: number | null;
  /** Why it sits where it is and why its score moved. */
  readonly reasons: readonly string[];
  readonly biggerThanItLooks: boolean;
}

export interface ReportBiggerItem {
  readonly id: string;
  readonly title: string;
  /** Technical P50 / stated effort. */
  readonly ratio: number;
  /** The plain-language explanation (tpo explain, for a stakeholder). */
  readonly explanation: string;
}

export interface ReportAreaFile {
  readonly path: string;
  readonly module: string;
  readonly loc: number;
  /** Hotspot score in [0, 1]. */
  readonly hotspot: number;
  /** Code health 1-10, when known. */
  readonly health: number | null;
}

export interface ReportRoadmapItem {
  readonly id: string;
  readonly title: string;
  /** YYYY-MM-DD or null (beyond the forecast's horizon). */
  readonly p50: string | null;
  readonly p85: string | null;
  readonly p95: string | null;
}

export interface StakeholderReport {
  /** YYYY-MM-DD. */
  readonly date: string;
  readonly repo: string;
  readonly commit: string | null;
  readonly scheme: 'rice' | 'wsjf';
  readonly ranking: readonly ReportRankedItem[];
  readonly bigger: readonly ReportBiggerItem[];
  /** The riskiest code: files of the modules with the most hotspot-weighted lines. */
  readonly areas: readonly ReportAreaFile[];
  readonly roadmap: {
    readonly start: string;
    readonly throughput: string;
    readonly items: readonly ReportRoadmapItem[];
  } | null;
  readonly notices: readonly string[];
  readonly assessment: {
    readonly verdict: Verdict;
    readonly text: string;
    readonly reasons: readonly string[];
  } | null;
}

function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

function figure(n: number | null): string {
  if (n === null) return '-';
  return n.toLocaleString('en-US', { maximumFractionDigits: n >= 100 ? 0 : 1 });
}

/** Green (0) to amber to red (1): the colour of a hotspot score. */
export function getRiskColour(score: number): string {
  const s = Math.max(0, Math.min(1, score));
  const [r, g, b] =
    s < 0.5
      ? [Math.round(76 + (240 - 76) * s * 2), Math.round(175 + (180 - 175) * s * 2), 80]
      : [
          Math.round(240 - (240 - 211) * (s - 0.5) * 2),
          Math.round(180 - (180 - 47) * (s - 0.5) * 2),
          Math.round(80 - (80 - 47) * (s - 0.5) * 2),
        ];
  return `rgb(${r},${g},${b})`;
}

let echartsModule: typeof Echarts | undefined;

/** ECharts, loaded on the first chart: it takes ~0.3 s to load, which every other command would pay at start-up. */
function loadEcharts(): typeof Echarts {
  echartsModule ??= createRequire(import.meta.url)('echarts') as typeof Echarts;
  return echartsModule;
}

function renderChart(option: Echarts.EChartsCoreOption, width: number, height: number): string {
  const chart = loadEcharts().init(null, null, { renderer: 'svg', ssr: true, width, height });
  try {
    chart.setOption({ animation: false, ...option });
    return chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
}

/** The riskiest areas as a treemap: modules, then files; size = lines of code, colour = hotspot score. */
export function renderRiskTreemapSvg(areas: readonly ReportAreaFile[]): string {
  const modules = new Map<string, ReportAreaFile[]>();
  for (const f of areas) modules.set(f.module, [...(modules.get(f.module) ?? []), f]);
  const data = [...modules].map(([module, files]) => ({
    name: module,
    value: files.reduce((s, f) => s + f.loc, 0),
    children: files.map((f) => ({
      name: f.path.slice(f.path.lastIndexOf('/') + 1),
      value: Math.max(1, f.loc),
      itemStyle: { color: getRiskColour(f.hotspot) },
    })),
  }));
  return renderChart(
    {
      series: [
        {
          type: 'treemap',
          data,
          roam: false,
          nodeClick: false,
          breadcrumb: { show: false },
          width: '100%',
          height: '100%',
          top: 0,
          left: 0,
          label: { show: true, formatter: '{b}', fontSize: 11, color: '#111' },
          upperLabel: { show: true, height: 18, color: '#fff', backgroundColor: '#444' },
          levels: [
            { itemStyle: { borderColor: '#444', borderWidth: 2, gapWidth: 2 } },
            { itemStyle: { borderColor: '#fff', borderWidth: 1, gapWidth: 1 } },
          ],
        },
      ],
    },
    900,
    420,
  );
}

const DAY_MS = 86_400_000;

function dayNumber(isoDay: string): number {
  return Date.parse(`${isoDay}T00:00:00Z`) / DAY_MS;
}

/** The roadmap as horizontal bars per item: start to the 50 % date, then to 85 %, then to 95 %. */
export function renderRoadmapSvg(roadmap: NonNullable<StakeholderReport['roadmap']>): string {
  const items = roadmap.items.slice(0, 25);
  const start = dayNumber(roadmap.start);
  const last = Math.max(
    start + 7,
    ...items.flatMap((i) => [i.p50, i.p85, i.p95].filter((d): d is string => d !== null).map(dayNumber)),
  );
  const offset = (d: string | null): number => (d === null ? last - start : dayNumber(d) - start);
  const labels = items.map((i) => i.id).reverse();
  const rows = [...items].reverse();
  const p50 = rows.map((i) => offset(i.p50));
  const p85 = rows.map((i, k) => Math.max(0, offset(i.p85) - p50[k]!));
  const p95 = rows.map((i, k) => Math.max(0, offset(i.p95) - p50[k]! - p85[k]!));
  const toDate = (value: number): string => new Date((start + value) * DAY_MS).toISOString().slice(0, 10);
  return renderChart(
    {
      grid: { left: 60, right: 24, top: 30, bottom: 30 },
      legend: { data: ['50 % likely by', '85 % likely by', '95 % likely by'], top: 0 },
      xAxis: { type: 'value', min: 0, max: last - start, axisLabel: { formatter: toDate, fontSize: 10 } },
      yAxis: { type: 'category', data: labels, axisLabel: { fontSize: 11 } },
      series: [
        { name: '50 % likely by', type: 'bar', stack: 'd', data: p50, itemStyle: { color: '#2f6db5' } },
        { name: '85 % likely by', type: 'bar', stack: 'd', data: p85, itemStyle: { color: '#7fa7d6' } },
        { name: '95 % likely by', type: 'bar', stack: 'd', data: p95, itemStyle: { color: '#c9d9ee' } },
      ],
    },
    900,
    Math.max(160, 60 + items.length * 22),
  );
}

const CSS = `
body { font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #1a1a1a; max-width: 960px; margin: 2rem auto; padding: 0 1rem; }
h1 { font-size: 1.7rem; margin-bottom: 0.2rem; } h2 { font-size: 1.25rem; margin-top: 2rem; border-bottom: 1px solid #ddd; padding-bottom: 0.2rem; }
.meta { color: #555; font-size: 0.9rem; } .summary { background: #f4f6f9; padding: 0.8rem 1rem; border-radius: 6px; }
table { border-collapse: collapse; width: 100%; font-size: 0.9rem; } th, td { text-align: left; padding: 0.3rem 0.5rem; border-bottom: 1px solid #e5e5e5; vertical-align: top; }
td.n, th.n { text-align: right; white-space: nowrap; } .flag { color: #b3261e; font-weight: 600; }
.chart svg { max-width: 100%; height: auto; } .legend { font-size: 0.85rem; color: #444; }
.swatch { display: inline-block; width: 0.9em; height: 0.9em; vertical-align: -0.1em; margin: 0 0.2em; border-radius: 2px; }
@media print { body { margin: 0; max-width: none; font-size: 11pt; } section { break-inside: avoid-page; } h2 { break-after: avoid; } .chart { break-inside: avoid; } }
`;

/**
 * The report as one self-contained HTML file.
 * @example
 * writeFileSync('report.html', renderStakeholderReportHtml(report));
 */
export function renderStakeholderReportHtml(r: StakeholderReport): string {
  const e = escapeHtml;
  const label = r.scheme.toUpperCase();
  const flagged = r.ranking.filter((i) => i.biggerThanItLooks).length;
  const parts: string[] = [];
  parts.push(
    `<header><h1>Where the work stands: ${e(r.repo)}</h1><p class="meta">Report of ${e(r.date)}${r.commit ? `, code as of commit ${e(r.commit.slice(0, 10))}` : ''}. Made by tpo from the backlog and the repository's history.</p></header>`,
    `<p class="summary">${r.ranking.length} open item${r.ranking.length === 1 ? '' : 's'} in the backlog; ${flagged} ${flagged === 1 ? 'is' : 'are'} bigger than ${flagged === 1 ? 'it looks' : 'they look'}.${r.roadmap && r.roadmap.items.length > 0 ? ` If the team keeps its recent pace, the last planned item is 85 % likely to be done by ${e(r.roadmap.items[r.roadmap.items.length - 1]!.p85 ?? 'a date beyond the forecast')}.` : ''}${r.assessment ? ` Who should own the backlog: ${e(r.assessment.text)}.` : ''}</p>`,
  );
  const rows = r.ranking
    .map(
      (i) =>
        `<tr><td class="n">${i.position}</td><td>${e(i.id)}</td><td>${e(i.title)}${i.biggerThanItLooks ? ' <span class="flag">bigger than it looks</span>' : ''}</td><td class="n">${figure(i.score)}</td><td class="n">${figure(i.adjustedScore)}</td><td>${i.reasons.map(e).join('<br>')}</td></tr>`,
    )
    .join('\n');
  parts.push(
    `<section id="backlog"><h2>The backlog, in the order to do it</h2><p>Each item has two scores: the ${label} from what was asked (reach, impact, confidence and the effort people expected), and the same score once the code's own figures are taken into account (the effort similar changes really took, and how sure we can be). The last column says why an item sits where it is and why its score moved.</p>`,
    r.ranking.length > 0
      ? `<table><thead><tr><th class="n">#</th><th>item</th><th>title</th><th class="n">${label} as asked</th><th class="n">${label} with the code's figures</th><th>why</th></tr></thead><tbody>\n${rows}\n</tbody></table>`
      : '<p>The backlog has no open items.</p>',
    '</section>',
  );
  parts.push(
    `<section id="bigger"><h2>Items bigger than they look</h2>`,
    r.bigger.length > 0
      ? r.bigger
          .map(
            (b) =>
              `<h3>${e(b.id)}: ${e(b.title)} <span class="flag">about ${figure(b.ratio)} times as big</span></h3><p>${e(b.explanation)}</p>`,
          )
          .join('\n')
      : '<p>No judged item is bigger than it looks (items are judged when they name the code they change).</p>',
    '</section>',
  );
  const worst = [...r.areas].sort((a, b) => b.hotspot - a.hotspot || b.loc - a.loc).slice(0, 10);
  parts.push(
    `<section id="risk"><h2>The riskiest areas of the code</h2><p>Each box is a file, grouped by part of the code; its size is its lines of code and its colour how risky it is to change (<span class="swatch" style="background:${getRiskColour(0)}"></span>rarely changed or simple, <span class="swatch" style="background:${getRiskColour(0.5)}"></span>in between, <span class="swatch" style="background:${getRiskColour(1)}"></span>changed often and hard to follow: a "hotspot").</p>`,
    r.areas.length > 0
      ? `<div class="chart" id="treemap">${renderRiskTreemapSvg(r.areas)}</div><table><thead><tr><th>file</th><th class="n">lines of code</th><th class="n">hotspot score (0-1)</th><th class="n">code health (1-10)</th></tr></thead><tbody>${worst.map((f) => `<tr><td>${e(f.path)}</td><td class="n">${figure(f.loc)}</td><td class="n">${f.hotspot.toFixed(2)}</td><td class="n">${f.health === null ? '-' : f.health.toFixed(1)}</td></tr>`).join('')}</tbody></table>`
      : '<p>The repository was not scanned, so there is no map of its code.</p>',
    '</section>',
  );
  parts.push(`<section id="roadmap"><h2>Roadmap</h2>`);
  if (r.roadmap && r.roadmap.items.length > 0) {
    parts.push(
      `<p>When each item could be done if the team keeps its recent pace (${e(r.roadmap.throughput)}), from ${e(r.roadmap.start)}: the dark bar ends on the date it is 50 % likely to be done by, the lighter bars on the 85 % and 95 % dates.</p>`,
      `<div class="chart" id="roadmap-chart">${renderRoadmapSvg(r.roadmap)}</div>`,
      `<table><thead><tr><th>item</th><th>title</th><th>50 % likely by</th><th>85 % likely by</th><th>95 % likely by</th></tr></thead><tbody>${r.roadmap.items.map((i) => `<tr><td>${e(i.id)}</td><td>${e(i.title)}</td><td>${e(i.p50 ?? 'later')}</td><td>${e(i.p85 ?? 'later')}</td><td>${e(i.p95 ?? 'later')}</td></tr>`).join('')}</tbody></table>`,
    );
  } else parts.push('<p>No dates yet: there is too little finished work to forecast from.</p>');
  parts.push('</section>');
  if (r.assessment)
    parts.push(
      `<section id="assess"><h2>Who should own the backlog?</h2><p><strong>${e(r.assessment.text.charAt(0).toUpperCase() + r.assessment.text.slice(1))}.</strong></p>${r.assessment.reasons.length > 0 ? `<ul>${r.assessment.reasons.map((x) => `<li>${e(x)}</li>`).join('')}</ul>` : ''}</section>`,
    );
  if (r.notices.length > 0)
    parts.push(
      `<section id="notes"><h2>Notes</h2><ul>${r.notices.map((n) => `<li>${e(n)}</li>`).join('')}</ul></section>`,
    );
  return `<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n<meta name="viewport" content="width=device-width, initial-scale=1">\n<title>Where the work stands: ${e(r.repo)}</title>\n<style>${CSS}</style>\n</head>\n<body>\n${parts.join('\n')}\n</body>\n</html>\n`;
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

/** The same report as Markdown (tables, no charts). */
export function renderStakeholderReportMarkdown(r: StakeholderReport): string {
  const label = r.scheme.toUpperCase();
  const lines = [
    `# Where the work stands: ${r.repo}`,
    '',
    `Report of ${r.date}${r.commit ? `, code as of commit ${r.commit.slice(0, 10)}` : ''}.`,
    '',
    '## The backlog, in the order to do it',
    '',
    `| # | item | title | ${label} as asked | ${label} with the code's figures | why |`,
    '| --: | --- | --- | --: | --: | --- |',
    ...r.ranking.map(
      (i) =>
        `| ${i.position} | ${i.id} | ${cell(i.title)}${i.biggerThanItLooks ? ' **(bigger than it looks)**' : ''} | ${figure(i.score)} | ${figure(i.adjustedScore)} | ${cell(i.reasons.join('; '))} |`,
    ),
    '',
    '## Items bigger than they look',
    '',
    ...(r.bigger.length > 0
      ? r.bigger.flatMap((b) => [
          `### ${b.id}: ${b.title} (about ${figure(b.ratio)} times as big)`,
          '',
          b.explanation,
          '',
        ])
      : ['No judged item is bigger than it looks.', '']),
    '## The riskiest areas of the code',
    '',
    '| file | lines of code | hotspot score (0-1) | code health (1-10) |',
    '| --- | --: | --: | --: |',
    ...[...r.areas]
      .sort((a, b) => b.hotspot - a.hotspot || b.loc - a.loc)
      .slice(0, 10)
      .map(
        (f) =>
          `| ${cell(f.path)} | ${figure(f.loc)} | ${f.hotspot.toFixed(2)} | ${f.health === null ? '-' : f.health.toFixed(1)} |`,
      ),
    '',
    '## Roadmap',
    '',
  ];
  if (r.roadmap && r.roadmap.items.length > 0)
    lines.push(
      `From ${r.roadmap.start}, if the team keeps its recent pace (${r.roadmap.throughput}):`,
      '',
      '| item | title | 50 % likely by | 85 % likely by | 95 % likely by |',
      '| --- | --- | --- | --- | --- |',
      ...r.roadmap.items.map(
        (i) =>
          `| ${i.id} | ${cell(i.title)} | ${i.p50 ?? 'later'} | ${i.p85 ?? 'later'} | ${i.p95 ?? 'later'} |`,
      ),
    );
  else lines.push('No dates yet: there is too little finished work to forecast from.');
  if (r.assessment)
    lines.push(
      '',
      '## Who should own the backlog?',
      '',
      `**${r.assessment.text}**`,
      '',
      ...r.assessment.reasons.map((x) => `- ${x}`),
    );
  if (r.notices.length > 0) lines.push('', '## Notes', '', ...r.notices.map((n) => `- ${n}`));
  return `${lines.join('\n')}\n`;
}
