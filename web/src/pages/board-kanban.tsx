/** The Kanban board: columns with WIP limits, work-item age with aging flagged, cumulative flow and cycle time. */
import { useMemo } from 'react';
import type { Flow } from '../api/types';
import { useApi } from '../api/use-api';
import { Chart } from '../components/chart';
import { DataTable, type Column } from '../components/data-table';
import { ErrorNotice, Figure, Loading, Section } from '../components/panels';
import { formatNumber, plural } from '../format';
import { BoardColumn } from './board-cards';

type Aging = Flow['aging'][number];

const LABELS: Record<string, string> = {
  idea: 'Idea',
  ready: 'Ready',
  'in-progress': 'In progress',
  done: 'Done (14 days)',
};

const CFD_STATUSES = ['done', 'in-progress', 'ready', 'idea'] as const;

function CumulativeFlow({ flow }: { flow: Flow }) {
  const option = useMemo(
    () => ({
      tooltip: { trigger: 'axis' },
      legend: { data: CFD_STATUSES.map((s) => LABELS[s]!.replace(' (14 days)', '')), top: 0, right: 0 },
      grid: { left: 48, right: 16, top: 36, bottom: 32 },
      xAxis: { type: 'category', boundaryGap: false, data: flow.cumulativeFlow.map((d) => d.day.slice(5)) },
      yAxis: { type: 'value', name: 'items', minInterval: 1 },
      series: CFD_STATUSES.map((s) => ({
        name: LABELS[s]!.replace(' (14 days)', ''),
        type: 'line',
        stack: 'flow',
        areaStyle: {},
        symbol: 'none',
        data: flow.cumulativeFlow.map((d) => d.counts[s]),
      })),
    }),
    [flow],
  );
  const last = flow.cumulativeFlow[flow.cumulativeFlow.length - 1];
  return (
    <Chart
      option={option}
      height={280}
      testId="cfd-chart"
      label={`Cumulative flow over ${flow.cumulativeFlow.length} days${last ? `; on ${last.day}: ${CFD_STATUSES.map((s) => `${last.counts[s]} ${s}`).join(', ')}` : ''}`}
    />
  );
}

function CycleTimes({ flow }: { flow: Flow }) {
  const ct = flow.cycleTime;
  const option = useMemo(() => {
    const max = ct.days.length === 0 ? 1 : ct.days[ct.days.length - 1]!;
    const counts = Array.from({ length: max }, (_, k) => ct.days.filter((d) => d === k + 1).length);
    return {
      tooltip: { trigger: 'axis' },
      grid: { left: 48, right: 16, top: 24, bottom: 40 },
      xAxis: {
        type: 'category',
        name: 'days',
        nameLocation: 'middle',
        nameGap: 26,
        data: counts.map((_, k) => k + 1),
      },
      yAxis: { type: 'value', name: 'items', minInterval: 1 },
      series: [
        {
          type: 'bar',
          data: counts.map((c, k) => ({
            value: c,
            itemStyle: { color: ct.p85 !== null && k + 1 > ct.p85 ? '#b42318' : '#1d4ed8' },
          })),
        },
      ],
    };
  }, [ct]);
  return (
    <Chart
      option={option}
      height={280}
      testId="cycle-time-chart"
      label={
        ct.count === 0
          ? 'No cycle times yet'
          : `Cycle times of ${plural(ct.count, 'finished item')}: 50 % within ${plural(ct.p50!, 'day')}, 85 % within ${plural(ct.p85!, 'day')}`
      }
    />
  );
}

const AGING_COLUMNS: readonly Column<Aging>[] = [
  { key: 'id', header: 'Item', cell: (a) => `${a.id} ${a.title}`, sortValue: (a) => a.id },
  { key: 'started', header: 'Started', cell: (a) => a.started, sortValue: (a) => a.started },
  { key: 'age', header: 'Age (days)', cell: (a) => a.ageDays, sortValue: (a) => a.ageDays, align: 'right' },
  {
    key: 'aging',
    header: 'Aging',
    cell: (a) =>
      a.overP85 ? <span className="badge badge-risk">older than 85 % of finished work</span> : '-',
  },
];

export function KanbanBoard() {
  const { data, error } = useApi<Flow>('/api/v1/flow');
  if (error && !data) return <ErrorNotice error={error} />;
  if (!data) return <Loading what="the flow" />;
  const ct = data.cycleTime;
  const agingCount = data.aging.filter((a) => a.overP85).length;
  return (
    <div data-testid="kanban-board">
      <Section
        title="Kanban board"
        description={`Work in each status against its WIP limit. Ages are calendar days; red-edged cards are older than the 85th percentile of cycle time${ct.p85 === null ? '' : ` (${ct.p85} days)`}.`}
      >
        <div className="figures" data-testid="flow-figures">
          <Figure
            label="Throughput"
            value={`${formatNumber(data.throughput.meanPerWeek, 1)} a week`}
            detail={`${plural(data.throughput.total, 'item')} in ${data.window.weeks} weeks`}
          />
          <Figure
            label="Cycle time"
            value={ct.p85 === null ? '-' : `${plural(ct.p85, 'day')} (P85)`}
            detail={ct.p50 === null ? 'no finished item with a start' : `P50 ${ct.p50}, P95 ${ct.p95} days`}
          />
          <Figure label="Aging" value={formatNumber(agingCount)} detail="in progress longer than P85" />
          <Figure
            label="WIP breaches"
            value={formatNumber(data.breaches.length)}
            detail={
              data.breaches.map((b) => `${b.status}: ${b.days} days over ${b.limit}`).join('; ') || 'none'
            }
          />
        </div>
        <div className="board">
          {data.columns.map((c) => (
            <BoardColumn
              key={c.status}
              title={LABELS[c.status] ?? c.status}
              count={c.count}
              limit={c.limit}
              testId={`column-${c.status}`}
              cards={c.cards.map((card) => ({
                id: card.id,
                title: card.title,
                aging: card.overP85,
                detail: (
                  <>
                    <span>
                      {c.status === 'done' ? 'finished' : 'for'} {plural(card.ageDays, 'day')}
                      {c.status === 'done' ? ' ago' : ''}
                    </span>
                    {card.overP85 && <span className="badge badge-risk">aging</span>}
                  </>
                ),
              }))}
            />
          ))}
        </div>
      </Section>
      <div className="board-charts">
        <Section
          title="Cumulative flow"
          description="Items in each status at the end of every day of the window."
        >
          <CumulativeFlow flow={data} />
        </Section>
        <Section
          title="Cycle time"
          description="Finished items by calendar days from start to finish; red past the 85th percentile."
        >
          <CycleTimes flow={data} />
        </Section>
      </div>
      <Section
        title="Work in progress by age"
        description="The oldest first: the ones to ask about at the stand-up."
      >
        <DataTable
          caption="Work in progress by age"
          rows={data.aging}
          columns={AGING_COLUMNS}
          rowKey={(a) => a.id}
          initialSort={{ key: 'age', descending: true }}
          emptyText="Nothing is in progress."
          testId="aging-table"
        />
        {data.warnings.map((w) => (
          <p key={w} className="status">
            {w}
          </p>
        ))}
      </Section>
    </div>
  );
}
