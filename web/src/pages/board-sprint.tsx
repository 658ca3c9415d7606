/** The sprint board: committed versus done, the burndown, the cards by status, the next sprint and the forecast. */
import { useMemo } from 'react';
import { withQuery } from '../api/client';
import type { SprintForecastView, SprintPlanView, SprintStatus } from '../api/types';
import { useApi } from '../api/use-api';
import { useRepoQuery } from '../app-state';
import { Chart } from '../components/chart';
import { DataTable, type Column } from '../components/data-table';
import { ErrorNotice, Figure, Loading, Section } from '../components/panels';
import { formatNumber, formatPercent, plural } from '../format';
import { BoardColumn } from './board-cards';

type Point = SprintStatus['burndown'][number];
type Item = SprintStatus['items'][number];

const days = (n: number): string => `${formatNumber(n, Number.isInteger(n) ? 0 : 1)} person-days`;

const BURNDOWN_COLUMNS: readonly Column<Point>[] = [
  { key: 'day', header: 'Day', cell: (p) => p.day, sortValue: (p) => p.day },
  {
    key: 'left',
    header: 'Left',
    title: 'Person-days not done at the end of the day',
    cell: (p) => (p.remainingDays === null ? '-' : formatNumber(p.remainingDays, 1)),
    align: 'right',
  },
  { key: 'ideal', header: 'Ideal', cell: (p) => formatNumber(p.idealDays, 1), align: 'right' },
];

function card(i: Item) {
  return {
    id: i.id,
    title: i.title,
    detail: (
      <>
        <span>{days(i.sizeDays)}</span>
        {i.technical && (
          <span className="badge badge-risk" title="Bigger than it looks: counted at its technical size">
            technical size
          </span>
        )}
      </>
    ),
  };
}

function Burndown({ status }: { status: SprintStatus }) {
  const option = useMemo(
    () => ({
      tooltip: { trigger: 'axis' },
      legend: { data: ['Left', 'Ideal'], top: 0, right: 0 },
      grid: { left: 48, right: 16, top: 36, bottom: 32 },
      xAxis: { type: 'category', data: status.burndown.map((p) => p.day.slice(5)) },
      yAxis: { type: 'value', name: 'person-days', min: 0 },
      series: [
        {
          name: 'Left',
          type: 'line',
          data: status.burndown.map((p) => p.remainingDays),
          connectNulls: false,
        },
        {
          name: 'Ideal',
          type: 'line',
          data: status.burndown.map((p) => p.idealDays),
          lineStyle: { type: 'dashed' },
          symbol: 'none',
        },
      ],
    }),
    [status],
  );
  const today = [...status.burndown].reverse().find((p) => p.remainingDays !== null);
  return (
    <Chart
      option={option}
      height={280}
      testId="burndown-chart"
      label={`Burndown of ${status.name}: ${today ? `${formatNumber(today.remainingDays!, 1)} of ${formatNumber(status.committedDays, 1)} person-days left on ${today.day}` : 'not started'}`}
    />
  );
}

export function SprintBoard() {
  const query = useRepoQuery();
  const { data, error } = useApi<SprintStatus>('/api/v1/sprints/status');
  const next = useApi<SprintPlanView>(withQuery('/api/v1/sprints/plan', query));
  const forecast = useApi<SprintForecastView>(withQuery('/api/v1/sprints/forecast', query));
  if (error && !data)
    return error.status === 404 ? (
      <div className="notice" data-testid="sprint-board">
        No sprint yet. Add one with <code>tpo sprint add "Sprint 1" --start … --end … --capacity 40</code>,
        then <code>tpo sprint start "Sprint 1"</code>.
      </div>
    ) : (
      <ErrorNotice error={error} />
    );
  if (!data) return <Loading what="the sprint" />;
  const todo = data.items.filter((i) => i.status === 'idea' || i.status === 'ready');
  const doing = data.items.filter((i) => i.status === 'in-progress');
  const done = data.items.filter((i) => i.status === 'done');
  const v = data.velocity;
  return (
    <div data-testid="sprint-board">
      <Section
        title={`${data.name}${data.goal ? `: ${data.goal}` : ''}`}
        description={`${data.start ?? '?'} to ${data.end ?? '?'}, ${data.state}. Sizes are person-days; items bigger than they look count at their technical size.`}
      >
        <div className="figures" data-testid="sprint-figures">
          <Figure
            label="Committed"
            value={days(data.committedDays)}
            detail={plural(data.committedItems, 'item')}
          />
          <Figure label="Done" value={days(data.doneDays)} detail={plural(data.doneItems, 'item')} />
          <Figure
            label="Capacity"
            value={data.capacityDays === null ? '-' : days(data.capacityDays)}
            detail={data.capacityShare === null ? undefined : `${formatPercent(data.capacityShare)} done`}
          />
          <Figure
            label="Velocity"
            value={v.meanDays === null ? '-' : days(v.meanDays)}
            detail={
              v.meanDays === null
                ? 'no finished sprint yet'
                : `a sprint over ${v.sprints.length} finished${v.focusFactor === null ? '' : `, ${formatPercent(v.focusFactor)} of capacity`}`
            }
          />
        </div>
        <div className="board">
          <BoardColumn title="To do" count={todo.length} cards={todo.map(card)} />
          <BoardColumn title="In progress" count={doing.length} cards={doing.map(card)} />
          <BoardColumn title="Done" count={done.length} cards={done.map(card)} />
        </div>
      </Section>
      <Section
        title="Burndown"
        description="Person-days of committed items not done at the end of each day, against the straight line to zero."
      >
        {data.burndown.length > 0 ? (
          <>
            <Burndown status={data} />
            <DataTable
              caption={`Burndown of ${data.name}`}
              rows={data.burndown}
              columns={BURNDOWN_COLUMNS}
              rowKey={(p) => p.day}
            />
          </>
        ) : (
          <p className="status">This sprint has no dates yet.</p>
        )}
        {data.notices.map((n) => (
          <p key={n} className="status">
            {n}
          </p>
        ))}
      </Section>
      {next.data && (
        <Section
          title={`Next: ${next.data.sprint.name}`}
          description={`Proposed from the plan within ${next.data.limitReason}: ${days(next.data.plannedDays)} of ${days(next.data.limitDays)}.`}
        >
          <ul data-testid="sprint-proposal">
            {next.data.selected.map((c) => (
              <li key={c.id}>
                <strong>{c.id}</strong> {c.title}: {days(c.sizeDays)}
                {c.sizeReason ? ` (${c.sizeReason})` : ''}
              </li>
            ))}
            {next.data.skipped.map((s) => (
              <li key={s.id} className="status">
                Left out: {s.id} {s.title}: {s.text}
              </li>
            ))}
          </ul>
        </Section>
      )}
      {forecast.data && (
        <Section
          title="Forecast in sprints"
          description="From the person-days done in past sprints (Monte Carlo)."
        >
          <p data-testid="sprint-forecast">
            {forecast.data.words.charAt(0).toUpperCase() + forecast.data.words.slice(1)}.
          </p>
        </Section>
      )}
    </div>
  );
}
