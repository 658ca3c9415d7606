/**
 * Roadmap: the open items in plan order with their likely finish dates (P50, P85, P95 from the Monte Carlo forecast
 * over the team's throughput), and how many items will be done by a chosen date.
 */
import { useMemo, useState } from 'react';
import { withQuery } from '../api/client';
import type { ForecastReport, PlanReport } from '../api/types';
import { useApi } from '../api/use-api';
import { Chart } from '../components/chart';
import { ErrorNotice, Figure, Loading, Section } from '../components/panels';
import { formatNumber } from '../format';
import { getPageHref } from '../hash-query';

const BAND_COLORS = { p50: '#1d4ed8', p85: '#60a5fa', p95: '#bfdbfe' } as const;
const CHART_ROWS = 40;

function RangeChart({ forecast }: { forecast: ForecastReport }) {
  const rows = forecast.items.slice(0, CHART_ROWS);
  const option = useMemo(() => {
    const days = (d: number | null): number => d ?? 3650;
    const labels = rows.map((r) => `${r.id} ${r.title.length > 32 ? `${r.title.slice(0, 31)}…` : r.title}`);
    return {
      tooltip: {
        trigger: 'axis',
        axisPointer: { type: 'shadow' },
        formatter: (params: { dataIndex: number }[]) => {
          const r = rows[params[0]?.dataIndex ?? 0];
          return r ? `<strong>${r.id}</strong><br/>${r.words}` : '';
        },
      },
      grid: { left: 8, right: 24, top: 8, bottom: 24, containLabel: true },
      xAxis: {
        type: 'value',
        name: 'days from today',
        nameLocation: 'middle',
        nameGap: 24,
        axisLabel: { color: '#334155' },
      },
      yAxis: { type: 'category', inverse: true, data: labels, axisLabel: { color: '#0f172a', fontSize: 11 } },
      series: [
        {
          name: 'before',
          type: 'bar',
          stack: 'range',
          itemStyle: { color: 'transparent' },
          data: rows.map(() => 0),
        },
        {
          name: 'P50',
          type: 'bar',
          stack: 'range',
          itemStyle: { color: BAND_COLORS.p50 },
          data: rows.map((r) => days(r.p50.days)),
        },
        {
          name: 'P50-P85',
          type: 'bar',
          stack: 'range',
          itemStyle: { color: BAND_COLORS.p85 },
          data: rows.map((r) => days(r.p85.days) - days(r.p50.days)),
        },
        {
          name: 'P85-P95',
          type: 'bar',
          stack: 'range',
          itemStyle: { color: BAND_COLORS.p95 },
          data: rows.map((r) => days(r.p95.days) - days(r.p85.days)),
        },
      ],
    };
  }, [rows]);
  return (
    <>
      <Chart
        option={option}
        height={Math.max(200, rows.length * 26 + 60)}
        testId="roadmap-chart"
        label={`Likely finish of the first ${rows.length} items in plan order: dark to the 50 % date, lighter to 85 % and 95 %. The table below gives the dates.`}
      />
      <ul className="legend" aria-label="Chart legend">
        <li>
          <span className="swatch" style={{ background: BAND_COLORS.p50 }} aria-hidden="true" />
          until 50 % likely
        </li>
        <li>
          <span className="swatch" style={{ background: BAND_COLORS.p85 }} aria-hidden="true" />
          until 85 % likely
        </li>
        <li>
          <span className="swatch" style={{ background: BAND_COLORS.p95 }} aria-hidden="true" />
          until 95 % likely
        </li>
      </ul>
    </>
  );
}

export function RoadmapPage() {
  const [wip, setWip] = useState(3);
  const [by, setBy] = useState('');
  const [askedBy, setAskedBy] = useState<string | null>(null);
  const plan = useApi<PlanReport>(withQuery('/api/v1/plan', { wip }));
  const forecast = useApi<ForecastReport>(withQuery('/api/v1/forecast', { wip, by: askedBy }));
  const byId = useMemo(() => new Map((forecast.data?.items ?? []).map((f) => [f.id, f])), [forecast.data]);
  if (plan.error && !plan.data) return <ErrorNotice error={plan.error} />;
  if (!plan.data) return <Loading what="the plan" />;
  const p = plan.data;
  const f = forecast.data;
  return (
    <>
      <div className="figures">
        <Figure
          label="Planned items"
          value={formatNumber(p.items.length)}
          detail={`${formatNumber(p.wip)} in progress at once`}
        />
        <Figure
          label="Last item, 85 % likely by"
          value={f?.items.at(-1)?.p85.date ?? (forecast.error ? '-' : '…')}
        />
        <Figure
          label="Throughput"
          value={f ? `${formatNumber(f.throughput.mean, 1)} a week` : '-'}
          detail={f?.throughput.label}
        />
      </div>
      {forecast.error && (
        <div className="notice" role="status">
          No dates yet: {forecast.error.message}
        </div>
      )}
      {[...p.notices, ...(f?.warnings ?? [])].map((n, i) => (
        <p key={i} className="notice">
          {n}
        </p>
      ))}
      <Section
        title="Roadmap"
        description="Items in the order the team will finish them (dependencies first, then by tech-adjusted score, within the WIP limit), with the dates by which each is 50 %, 85 % and 95 % likely done."
        actions={
          <label>
            WIP limit{' '}
            <select value={wip} onChange={(e) => setWip(Number(e.target.value))}>
              {[1, 2, 3, 4, 5, 6, 8, 10].map((n) => (
                <option key={n}>{n}</option>
              ))}
            </select>
          </label>
        }
      >
        {f && f.items.length > 0 && <RangeChart forecast={f} />}
        <div className="table-wrap">
          <table className="data-table" data-testid="roadmap-table">
            <caption className="visually-hidden">Plan order with likely dates</caption>
            <thead>
              <tr>
                <th scope="col" className="num">
                  #
                </th>
                <th scope="col">Item</th>
                <th scope="col" className="num" title="Person-weeks">
                  Effort (wk)
                </th>
                <th scope="col">Waits for</th>
                <th scope="col">50 % by</th>
                <th scope="col">85 % by</th>
                <th scope="col">95 % by</th>
              </tr>
            </thead>
            <tbody>
              {p.items.map((item) => {
                const d = byId.get(item.id);
                return (
                  <tr key={item.id}>
                    <td className="num">{item.position}</td>
                    <td>
                      <a href={getPageHref('backlog', { item: item.id })}>
                        <span className="item-id">{item.id}</span> {item.title}
                      </a>
                    </td>
                    <td className="num">
                      {formatNumber(item.effortWeeks, 1)}
                      {item.effortAssumed && (
                        <span className="muted" title="No effort stated: the median was assumed">
                          {' '}
                          (assumed)
                        </span>
                      )}
                    </td>
                    <td>{item.startsAfter.join(', ') || '-'}</td>
                    <td>{d ? (d.p50.date ?? 'later') : '-'}</td>
                    <td>{d ? (d.p85.date ?? 'later') : '-'}</td>
                    <td>{d ? (d.p95.date ?? 'later') : '-'}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
        {p.suggested.length > 0 && (
          <>
            <h3 className="subhead">Suggested order</h3>
            <ul className="plain">
              {p.suggested.map((s) => (
                <li key={`${s.blocker}-${s.blocked}`}>
                  {s.blocker} before {s.blocked}: {s.reason}
                </li>
              ))}
            </ul>
          </>
        )}
      </Section>
      <Section
        title="How many by a date"
        description="How many planned items will be done by a date you choose."
      >
        <form
          className="inline-form"
          onSubmit={(e) => {
            e.preventDefault();
            setAskedBy(by === '' ? null : by);
          }}
        >
          <label htmlFor="forecast-by">Date</label>
          <input
            id="forecast-by"
            type="date"
            className="narrow"
            value={by}
            onChange={(e) => setBy(e.target.value)}
          />
          <button type="submit" className="button">
            Forecast
          </button>
        </form>
        {f?.howMany && (
          <p data-testid="how-many">{f.howMany.words.charAt(0).toUpperCase() + f.howMany.words.slice(1)}.</p>
        )}
      </Section>
    </>
  );
}
