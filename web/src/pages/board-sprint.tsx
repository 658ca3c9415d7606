/** The sprint board: committed versus done, the burndown, the cards by status, the next sprint and the forecast. */
import { useMemo, useState, type FormEvent } from 'react';
import { ApiError, postJson, withQuery } from '../api/client';
import type { SprintForecastView, SprintPlanView, SprintStatus } from '../api/types';
import { useApi } from '../api/use-api';
import { useAppState, useRepoQuery } from '../app-state';
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
  {
    key: 'scope',
    header: 'Committed',
    title: 'Person-days committed by the end of the day',
    cell: (p) => formatNumber(p.scopeDays, 1),
    align: 'right',
  },
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
  const scopeChanged = status.burndown.some((p) => p.scopeDays !== status.burndown[0]?.scopeDays);
  const option = useMemo(
    () => ({
      tooltip: { trigger: 'axis' },
      legend: { data: scopeChanged ? ['Left', 'Ideal', 'Committed'] : ['Left', 'Ideal'], top: 0, right: 0 },
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
        // Work added mid-sprint: the committed line steps up.
        ...(scopeChanged
          ? [
              {
                name: 'Committed',
                type: 'line',
                step: 'end',
                symbol: 'none',
                data: status.burndown.map((p) => p.scopeDays),
              },
            ]
          : []),
      ],
    }),
    [status, scopeChanged],
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

function today(offset = 0): string {
  return new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
}

/** Adds a sprint: name, first and last day, capacity in person-days. */
function AddSprintForm() {
  const { refresh } = useAppState();
  const [name, setName] = useState('Sprint 1');
  const [start, setStart] = useState(today());
  const [end, setEnd] = useState(today(13));
  const [capacity, setCapacity] = useState('20');
  const [message, setMessage] = useState<string | null>(null);
  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    try {
      await postJson('/api/v1/sprints', { name: name.trim(), start, end, capacityDays: Number(capacity) });
      setMessage(null);
      refresh();
    } catch (error) {
      setMessage(error instanceof ApiError ? error.message : String(error));
    }
  };
  const field = (id: string, label: string, value: string, set: (v: string) => void, type = 'text') => (
    <div className="board-field">
      <label htmlFor={id}>{label}</label>
      <input id={id} type={type} value={value} onChange={(e) => set(e.target.value)} />
    </div>
  );
  return (
    <form className="board-settings" onSubmit={(e) => void submit(e)} aria-label="Add a sprint">
      {field('sprint-name', 'Sprint name', name, setName)}
      {field('sprint-start', 'First day', start, setStart, 'date')}
      {field('sprint-end', 'Last day', end, setEnd, 'date')}
      {field('sprint-capacity', 'Capacity (person-days)', capacity, setCapacity, 'number')}
      <button type="submit" className="button primary">
        Add sprint
      </button>
      {message !== null && (
        <span role="alert" className="status">
          {message}
        </span>
      )}
    </form>
  );
}

/** Starts the proposed sprint: commits the proposal and records the start. */
function StartButton({ name }: { name: string }) {
  const { refresh } = useAppState();
  const query = useRepoQuery();
  const [message, setMessage] = useState<string | null>(null);
  const start = async (): Promise<void> => {
    try {
      await postJson(withQuery('/api/v1/sprints/start', query), { name });
      setMessage(null);
      refresh();
    } catch (error) {
      setMessage(error instanceof ApiError ? error.message : String(error));
    }
  };
  return (
    <p>
      <button type="button" className="button primary" onClick={() => void start()}>
        Start {name} with these items
      </button>
      {message !== null && (
        <span role="alert" className="status">
          {' '}
          {message}
        </span>
      )}
    </p>
  );
}

export function SprintBoard() {
  const query = useRepoQuery();
  const { data, error } = useApi<SprintStatus>('/api/v1/sprints/status');
  const next = useApi<SprintPlanView>(withQuery('/api/v1/sprints/plan', query));
  const forecast = useApi<SprintForecastView>(withQuery('/api/v1/sprints/forecast', query));
  if (error && !data)
    return error.status === 404 ? (
      <div data-testid="sprint-board">
        <Section
          title="No sprint yet"
          description={
            <>
              Add one here or with <code>tpo sprint add "Sprint 1" --start … --end … --capacity 40</code>; tpo
              then proposes its items from the plan within its capacity.
            </>
          }
        >
          <AddSprintForm />
        </Section>
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
          <BoardColumn
            title="In progress"
            count={doing.length}

            cards={doing.map(card)}
          />
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
          {next.data.selected.length > 0 && next.data.sprint.startedAt === null && (
            <StartButton name={next.data.sprint.name} />
          )}
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
