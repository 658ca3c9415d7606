/**
 * One item: its scores and why it ranks where it does, where it lands in the code (area), what else it reaches
 * (blast radius: a graph of modules), what could go wrong (risks), how big it really is (effort), when it is likely
 * done (forecast), and whether to pay the debt in its area first (trade-off).
 */
import { useMemo, useState } from 'react';
import { ApiError, sendJson, withQuery } from '../api/client';
import type {
  ForecastReport,
  Item,
  ItemDetails,
  ItemJudgment,
  ItemJudgmentReport,
  Ranking,
  TradeoffReport,
} from '../api/types';
import { useApi } from '../api/use-api';
import { useAppState } from '../app-state';
import { Chart } from '../components/chart';
import { ErrorNotice, Figure, Loading, Section, PathText } from '../components/panels';
import { formatDate, formatNumber, formatPercent, plural } from '../format';
import { getPageHref } from '../hash-query';
import { ExplanationSlot } from './explanation-slot';

const formatScore = (n: number | null): string =>
  n === null ? '-' : n >= 100 ? formatNumber(n) : formatNumber(n, 1);

/** Colours of the blast-radius graph: distinct in hue and lightness (readable with colour-vision deficiencies). */
const GRAPH_COLORS = { item: '#1d4ed8', area: '#b42318', dependent: '#f59e0b', coupled: '#64748b' } as const;

interface ModuleNode {
  readonly module: string;
  readonly relation: 'area' | 'dependent' | 'coupled';
  readonly files: number;
  readonly detail: string;
}

/** The modules the item reaches, each once, with how: its area, files that import it, files that change with it. */
export function getReachedModules(judgment: ItemJudgment): ModuleNode[] {
  const nodes = new Map<string, ModuleNode>();
  const count = (list: readonly { module: string }[], module: string): number =>
    list.filter((f) => f.module === module).length;
  for (const module of judgment.area.modules) {
    const n = count(judgment.area.files, module);
    nodes.set(module, {
      module,
      relation: 'area',
      files: n,
      detail: `${plural(n, 'file')} of the item's area`,
    });
  }
  for (const d of judgment.blastRadius.dependents) {
    if (nodes.has(d.module)) continue;
    const files = judgment.blastRadius.dependents.filter((x) => x.module === d.module);
    const depth = Math.min(...files.map((f) => f.depth));
    nodes.set(d.module, {
      module: d.module,
      relation: 'dependent',
      files: files.length,
      detail: `${plural(files.length, 'file')} ${files.length === 1 ? 'imports' : 'import'} the area (${depth === 1 ? 'directly' : `${depth} steps away`})`,
    });
  }
  for (const c of judgment.blastRadius.coupled) {
    if (nodes.has(c.module)) continue;
    const n = count(judgment.blastRadius.coupled, c.module);
    nodes.set(c.module, {
      module: c.module,
      relation: 'coupled',
      files: n,
      detail: `${plural(n, 'file')} usually ${n === 1 ? 'changes' : 'change'} with the area`,
    });
  }
  return [...nodes.values()];
}

function BlastRadius({ id, judgment }: { id: string; judgment: ItemJudgment }) {
  const modules = useMemo(() => getReachedModules(judgment), [judgment]);
  const option = useMemo(
    () => ({
      tooltip: { formatter: (p: { data?: { tip?: string } }) => p.data?.tip ?? '' },
      series: [
        {
          type: 'graph',
          layout: 'force',
          roam: true,
          draggable: true,
          force: { repulsion: 260, edgeLength: [80, 160] },
          label: { show: true, position: 'right', color: '#0f172a', fontSize: 12 },
          lineStyle: { color: '#94a3b8', width: 1.5, curveness: 0.1 },
          data: [
            {
              name: id,
              tip: `${id}: the item`,
              symbolSize: 34,
              itemStyle: { color: GRAPH_COLORS.item },
              label: { fontWeight: 700 },
            },
            ...modules.map((m) => ({
              name: m.module,
              tip: `${m.module}: ${m.detail}`,
              symbolSize: Math.min(44, 14 + Math.sqrt(m.files) * 6),
              itemStyle: { color: GRAPH_COLORS[m.relation] },
              symbol:
                m.relation === 'coupled' ? 'diamond' : m.relation === 'dependent' ? 'triangle' : 'circle',
            })),
          ],
          links: modules.map((m) => ({
            source: id,
            target: m.module,
            lineStyle:
              m.relation === 'coupled' ? { type: 'dashed' } : m.relation === 'area' ? { width: 3 } : {},
          })),
        },
      ],
    }),
    [id, modules],
  );
  const entry = judgment.blastRadius.entryPoints;
  return (
    <Section
      title="Blast radius"
      description="The modules this item reaches: its own area (red circles), modules whose files import it (amber triangles), and modules whose files usually change with it without importing it (grey diamonds, dashed)."
    >
      {modules.length === 0 ? (
        <p className="muted">No module reached.</p>
      ) : (
        <>
          <Chart
            option={option}
            height={Math.min(520, 220 + modules.length * 18)}
            testId="blast-radius"
            label={`Graph of the ${plural(modules.length, 'module')} ${id} reaches. The table below lists them.`}
          />
          <ul className="legend" aria-label="Graph legend">
            <li>
              <span className="swatch" style={{ background: GRAPH_COLORS.area }} aria-hidden="true" />
              the item's area
            </li>
            <li>
              <span className="swatch" style={{ background: GRAPH_COLORS.dependent }} aria-hidden="true" />
              imports the area
            </li>
            <li>
              <span className="swatch" style={{ background: GRAPH_COLORS.coupled }} aria-hidden="true" />
              changes with the area
            </li>
          </ul>
          <table className="data-table compact">
            <caption className="visually-hidden">Modules reached by {id}</caption>
            <thead>
              <tr>
                <th scope="col">Module</th>
                <th scope="col">How it is reached</th>
              </tr>
            </thead>
            <tbody>
              {modules.map((m) => (
                <tr key={m.module}>
                  <td>
                    <PathText path={m.module} />
                  </td>
                  <td>{m.detail}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
      {entry.length > 0 && (
        <>
          <h3 className="subhead">Entry points reached</h3>
          <ul className="plain">
            {entry.slice(0, 20).map((e) => (
              <li key={e.path}>
                <PathText path={e.path} />{' '}
                <span className="muted">
                  {e.kind}: {e.how}
                </span>
              </li>
            ))}
          </ul>
        </>
      )}
    </Section>
  );
}

function AreasForm({ item, onSaved }: { item: Item; onSaved: () => void }) {
  const [text, setText] = useState(item.areas.join(', '));
  const [error, setError] = useState<string | null>(null);
  return (
    <form
      className="inline-form"
      onSubmit={(e) => {
        e.preventDefault();
        const areas = text
          .split(',')
          .map((a) => a.trim())
          .filter((a) => a !== '');
        sendJson<Item>('PATCH', `/api/v1/items/${item.id}`, { areas }, { ifMatch: `"${item.version}"` }).then(
          () => {
            setError(null);
            onSaved();
          },
          (err: unknown) =>
            setError(
              err instanceof ApiError && err.status === 409
                ? 'Someone changed this item meanwhile; nothing was saved. Reload and redo your change.'
                : err instanceof Error
                  ? err.message
                  : String(err),
            ),
        );
      }}
    >
      <label htmlFor="item-areas">Code areas</label>
      <input
        id="item-areas"
        value={text}
        onChange={(e) => setText(e.target.value)}
        placeholder="src/billing/**, src/orders/order.ts"
      />
      <button type="submit" className="button">
        Save areas
      </button>
      {error !== null && (
        <span className="text-error" role="alert">
          {error}
        </span>
      )}
    </form>
  );
}

function Judgment({
  report,
  item,
  onSaved,
}: {
  report: ItemJudgmentReport;
  item: Item;
  onSaved: () => void;
}) {
  const { meta } = useAppState();
  const canEdit = meta.role === 'editor' || meta.role === 'admin';
  const j = report.judgment;
  return (
    <>
      <Section
        title="Where it lands in the code"
        description={
          j
            ? j.area.source === 'declared'
              ? 'The files of the code areas the item names.'
              : 'Files predicted from the item’s words and the history of the repository.'
            : undefined
        }
      >
        {canEdit && <AreasForm key={item.version} item={item} onSaved={onSaved} />}
        {j ? (
          <table className="data-table compact" data-testid="item-area">
            <caption className="visually-hidden">Files of the item's area</caption>
            <thead>
              <tr>
                <th scope="col">File</th>
                <th scope="col">Module</th>
                <th scope="col" className="num">
                  Confidence
                </th>
              </tr>
            </thead>
            <tbody>
              {j.area.files.slice(0, 50).map((f) => (
                <tr key={f.path}>
                  <td>
                    <PathText path={f.path} />
                  </td>
                  <td>{f.module}</td>
                  <td className="num">{formatPercent(f.confidence)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : (
          <p className="notice">{report.note}</p>
        )}
      </Section>
      {j && (
        <>
          <BlastRadius id={report.id} judgment={j} />
          <div className="grid-2">
            <Section title="Risks" description="Each a named reason with the figure that triggered it.">
              {j.risks.length === 0 ? (
                <p className="muted">No risk factor crossed its threshold.</p>
              ) : (
                <ul className="risk-list" data-testid="item-risks">
                  {j.risks.map((r) => (
                    <li key={r.kind}>
                      <strong>{r.label}</strong>{' '}
                      <span className="muted">
                        ({formatNumber(r.figure, r.figure % 1 === 0 ? 0 : 1)} {r.unit}; threshold{' '}
                        {formatNumber(r.threshold, r.threshold % 1 === 0 ? 0 : 1)}
                        {r.effortFactor !== 1 ? `; effort x${formatNumber(r.effortFactor, 2)}` : ''})
                      </span>
                      <div>{r.detail}</div>
                    </li>
                  ))}
                </ul>
              )}
            </Section>
            <Section
              title="Effort"
              description="Person-days of technical work, from similar past changes (or the size model)."
            >
              <dl className="facts">
                <dt>Likely (P50)</dt>
                <dd>{formatNumber(j.effort.p50, 1)} person-days</dd>
                <dt>Safe (P85)</dt>
                <dd>{formatNumber(j.effort.p85, 1)} person-days</dd>
                <dt>Stated</dt>
                <dd>
                  {item.rice.effort !== null
                    ? `${formatNumber(item.rice.effort * 5, 1)} person-days`
                    : 'not stated'}
                  {j.disguiseRatio !== null && ` (technical / stated = ${formatNumber(j.disguiseRatio, 1)})`}
                </dd>
                <dt>Model</dt>
                <dd>
                  {j.effort.model === 'history'
                    ? `${plural(j.effort.similar.length, 'similar past change')}`
                    : 'size model (no similar past change)'}
                  {j.effort.riskFactor !== 1 && `, x${formatNumber(j.effort.riskFactor, 2)} for risks`}
                </dd>
              </dl>
              {j.biggerThanItLooks && (
                <div className="notice notice-error">
                  <strong>Bigger than it looks.</strong> {j.reasons.join(' ')}
                </div>
              )}
            </Section>
          </div>
        </>
      )}
    </>
  );
}

function ForecastPanel({ id }: { id: string }) {
  const forecast = useApi<ForecastReport>(withQuery('/api/v1/forecast', { item: id }));
  const f = forecast.data?.item;
  return (
    <Section
      title="Forecast"
      description="When it is likely done, from the team's throughput (Monte Carlo over the plan)."
    >
      {forecast.error ? (
        <p className="muted">{forecast.error.message}</p>
      ) : !forecast.data ? (
        <Loading what="the forecast" />
      ) : f ? (
        <>
          <div className="figures">
            <Figure label="50 % likely by" value={f.p50.date ?? 'beyond 10 years'} />
            <Figure label="85 % likely by" value={f.p85.date ?? 'beyond 10 years'} />
            <Figure label="95 % likely by" value={f.p95.date ?? 'beyond 10 years'} />
          </div>
          <p className="help">
            Position {f.position} in the plan; throughput from {forecast.data.throughput.label},{' '}
            {formatNumber(forecast.data.trials)} trials.
            {f.weightReason ? ` ${f.weightReason}` : ''}
          </p>
        </>
      ) : (
        <p className="muted">Not in the plan.</p>
      )}
    </Section>
  );
}

function TradeoffPanel({ id }: { id: string }) {
  const t = useApi<TradeoffReport>(withQuery('/api/v1/debt/tradeoff', { item: id }));
  return (
    <Section
      title="Debt in its area"
      description="Build now, or pay the debt in the area first: hours over the next months."
    >
      {t.error ? (
        <p className="muted">{t.error.message}</p>
      ) : !t.data ? (
        <Loading what="the trade-off" />
      ) : t.data.debt.cost.principalHours === 0 ? (
        <p>
          <strong>Build now</strong>: no debt to pay in its area (lowest health{' '}
          {formatNumber(t.data.health, 1)} of 10).
        </p>
      ) : (
        <>
          <p>
            <strong>
              {t.data.tradeoff.recommendation === 'pay-first' ? 'Pay the debt first' : 'Build now'}
            </strong>
            {t.data.tradeoff.breakEvenMonths !== null &&
              ` (break-even after ${formatNumber(t.data.tradeoff.breakEvenMonths, 1)} months)`}
            . Lowest health in the area {formatNumber(t.data.health, 1)} of 10.
          </p>
          <ul className="plain">
            {t.data.tradeoff.reasons.map((r, i) => (
              <li key={i}>{r}</li>
            ))}
          </ul>
        </>
      )}
    </Section>
  );
}

export function ItemPage({ id }: { id: string }) {
  const details = useApi<ItemDetails>(`/api/v1/items/${encodeURIComponent(id)}`);
  const judgment = useApi<ItemJudgmentReport>(`/api/v1/items/${encodeURIComponent(id)}/judgment`);
  const ranking = useApi<Ranking>('/api/v1/rank');
  if (details.error) return <ErrorNotice error={details.error} />;
  if (!details.data) return <Loading what={id} />;
  const { item, blocks } = details.data;
  const ranked = ranking.data?.items.find((r) => r.id === item.id);
  const open = item.status === 'idea' || item.status === 'ready' || item.status === 'in-progress';
  const reload = (): void => {
    details.reload();
    judgment.reload();
    ranking.reload();
  };
  return (
    <div data-testid="item-page">
      <p>
        <a href={getPageHref('backlog')}>← Backlog</a>
      </p>
      <Section
        title={`${item.id} ${item.title}`}
        id="item-summary"
        description={`${item.kind}, ${item.status}${item.tags.length > 0 ? `, tagged ${item.tags.join(', ')}` : ''}; created ${formatDate(item.createdAt)}, version ${item.version}.`}
      >
        <div className="figures">
          <Figure label="Rank" value={ranked ? `#${ranked.position}` : open ? '…' : item.status} />
          <Figure label="RICE (stated)" value={formatScore(details.data.rice)} />
          <Figure label="Tech score" value={formatScore(ranked?.adjustedScore ?? null)} />
          <Figure label="WSJF" value={formatScore(details.data.wsjf)} />
        </div>
        {ranked && (
          <ul className="plain reason-list" data-testid="item-reasons">
            {ranked.reasons.map((r, i) => (
              <li key={i}>{r.text}</li>
            ))}
          </ul>
        )}
        {(item.blockedBy.length > 0 || blocks.length > 0) && (
          <p>
            {item.blockedBy.length > 0 && (
              <>
                Waits for{' '}
                {item.blockedBy.map((b) => (
                  <a key={b} href={getPageHref('backlog', { item: b })}>
                    {b}{' '}
                  </a>
                ))}
                .{' '}
              </>
            )}
            {blocks.length > 0 && (
              <>
                Blocks{' '}
                {blocks.map((b) => (
                  <a key={b} href={getPageHref('backlog', { item: b })}>
                    {b}{' '}
                  </a>
                ))}
                .
              </>
            )}
          </p>
        )}
        {item.description !== '' && <p className="description">{item.description}</p>}
      </Section>
      <ExplanationSlot id={item.id} />
      {judgment.error ? (
        <ErrorNotice error={judgment.error} />
      ) : judgment.data ? (
        <Judgment report={judgment.data} item={item} onSaved={reload} />
      ) : (
        <Loading what="the judgment" />
      )}
      <div className="grid-2">
        {open && <ForecastPanel id={item.id} />}
        {item.areas.length > 0 && item.rice.effort !== null && <TradeoffPanel id={item.id} />}
      </div>
    </div>
  );
}
