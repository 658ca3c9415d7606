/**
 * Debt: a treemap of the codebase (size = lines of code, colour = code health or the interest it costs), the debt
 * register ranked by the interest the team pays, and the build-now or pay-first trade-off for an area.
 */
import { useMemo, useState } from 'react';
import { format } from 'echarts/core';
import { sendJson, withQuery } from '../api/client';
import type { DebtEntry, DebtMap, DebtMapFile, DebtRegister, Item, TradeoffReport } from '../api/types';
import { useApi } from '../api/use-api';
import { useAppState, useRepoQuery } from '../app-state';
import { Chart } from '../components/chart';
import { DataTable, type Column } from '../components/data-table';
import { ErrorNotice, Figure, Loading, Section, PathText } from '../components/panels';
import { formatNumber, plural } from '../format';
import { getPageHref } from '../hash-query';
import { buildFolderTree } from './build-tree';

type ColourBy = 'health' | 'interest';

interface DebtNode {
  name: string;
  path: string;
  value: number;
  health: number;
  interest: number;
  children?: DebtNode[];
  itemStyle?: { color: string };
  label?: { color: string };
}

/** Health bands as CodeScene draws them: red alert (< 4), amber warning (4-8.9), green healthy (9-10). */
function getHealthColor(health: number): string {
  if (health < 4) return '#b42318';
  if (health < 6) return '#f04438';
  if (health < 9) return '#fdb022';
  return '#32d583';
}
const INTEREST_SCALE = ['#f1f5f9', '#fee4e2', '#fda29b', '#f04438', '#b42318', '#7a271a'];
function getInterestIndex(interest: number, max: number): number {
  if (interest <= 0 || max <= 0) return 0;
  return Math.min(
    INTEREST_SCALE.length - 1,
    1 + Math.floor(Math.sqrt(interest / max) * (INTEREST_SCALE.length - 1)),
  );
}

export const HEALTH_LEGEND = [
  { color: '#b42318', label: 'alert (health below 4)' },
  { color: '#f04438', label: 'warning, low (4-6)' },
  { color: '#fdb022', label: 'warning (6-9)' },
  { color: '#32d583', label: 'healthy (9-10)' },
];

/** The folder tree of the debt map, coloured by health or interest. */
export function buildDebtTree(files: readonly DebtMapFile[], by: ColourBy): DebtNode[] {
  const max = files.reduce((m, f) => Math.max(m, f.interestHoursPerMonth), 0);
  return buildFolderTree<DebtMapFile, DebtNode>(
    files,
    (file, name) => {
      const color =
        by === 'health'
          ? getHealthColor(file.health)
          : INTEREST_SCALE[getInterestIndex(file.interestHoursPerMonth, max)]!;
      const dark = by === 'health' ? file.health < 4 : getInterestIndex(file.interestHoursPerMonth, max) >= 4;
      return {
        name,
        path: file.path,
        value: file.loc,
        health: file.health,
        interest: file.interestHoursPerMonth,
        itemStyle: { color },
        label: { color: dark ? '#ffffff' : '#0f172a' },
      };
    },
    (name, path) => ({
      name,
      path,
      value: 0,
      health: 10,
      interest: 0,
      children: [],
      itemStyle: { color: '#475569' },
    }),
    (node, kids) => ({
      ...node,
      value: kids.reduce((s, c) => s + c.value, 0),
      health: kids.reduce((m, c) => Math.min(m, c.health), 10),
      interest: kids.reduce((s, c) => s + c.interest, 0),
    }),
  );
}

function DebtTreemap() {
  const query = useRepoQuery();
  const map = useApi<DebtMap>(withQuery('/api/v1/debt/map', query));
  const [by, setBy] = useState<ColourBy>('health');
  const option = useMemo(
    () => ({
      tooltip: {
        formatter: (info: { data?: DebtNode }) => {
          const d = info.data;
          if (!d) return '';
          return `<strong>${format.encodeHTML(d.path)}</strong><br/>${formatNumber(d.value)} lines of code<br/>${d.children ? 'lowest health' : 'health'} ${formatNumber(d.health, 1)} of 10<br/>interest ${formatNumber(d.interest, 1)} hours a month`;
        },
      },
      series: [
        {
          type: 'treemap',
          name: 'codebase',
          data: map.data ? buildDebtTree(map.data.files, by) : [],
          roam: false,
          nodeClick: 'zoomToNode',
          left: 0,
          right: 0,
          top: 0,
          bottom: 36,
          visibleMin: 400,
          breadcrumb: {
            show: true,
            bottom: 4,
            itemStyle: { color: '#334155', textStyle: { color: '#fff' } },
          },
          label: { show: true, formatter: '{b}', fontSize: 11, overflow: 'truncate' },
          upperLabel: { show: true, height: 22, color: '#ffffff', fontSize: 12, fontWeight: 600 },
          itemStyle: { borderColor: '#ffffff' },
          levels: [
            { itemStyle: { borderWidth: 0, gapWidth: 3 }, upperLabel: { show: false } },
            { itemStyle: { borderColor: '#475569', borderWidth: 3, gapWidth: 1 } },
            { itemStyle: { borderColor: '#64748b', borderWidth: 2, gapWidth: 1 } },
          ],
        },
      ],
    }),
    [map.data, by],
  );
  if (map.error) return <ErrorNotice error={map.error} />;
  const interest = (map.data?.files ?? []).reduce((s, f) => s + f.interestHoursPerMonth, 0);
  return (
    <Section
      title="Map of the debt"
      description="Each box is a file, grouped by folder; its size is its lines of code. Colour by code health (1-10), or by the interest its health costs: hours a month spent on its changes beyond what healthy code would take."
      actions={
        <fieldset className="toggle">
          <legend className="visually-hidden">Colour by</legend>
          {(['health', 'interest'] as const).map((b) => (
            <label key={b}>
              <input type="radio" name="debt-colour" value={b} checked={by === b} onChange={() => setBy(b)} />
              {b === 'health' ? 'Health' : 'Interest'}
            </label>
          ))}
        </fieldset>
      }
    >
      {map.data ? (
        <>
          <Chart
            option={option}
            height={500}
            testId="debt-treemap"
            label={`Treemap of ${formatNumber(map.data.files.length)} code files by folder, sized by lines of code and coloured by ${by === 'health' ? 'code health' : 'interest'}; ${formatNumber(interest, 1)} hours a month of interest in all. The register below lists the debt.`}
          />
          <ul className="legend" aria-label="Colour legend">
            {by === 'health'
              ? HEALTH_LEGEND.map((l) => (
                  <li key={l.label}>
                    <span className="swatch" style={{ background: l.color }} aria-hidden="true" />
                    {l.label}
                  </li>
                ))
              : INTEREST_SCALE.map((c, i) => (
                  <li key={c}>
                    <span className="swatch" style={{ background: c }} aria-hidden="true" />
                    {i === 0 ? 'no interest' : i === INTEREST_SCALE.length - 1 ? 'most interest' : ''}
                  </li>
                ))}
          </ul>
        </>
      ) : (
        <Loading what="the map" />
      )}
    </Section>
  );
}

function EntryDetail({
  entry,
  currency,
  onFiled,
}: {
  entry: DebtEntry;
  currency: string;
  onFiled: () => void;
}) {
  const { meta } = useAppState();
  const query = useRepoQuery();
  const [message, setMessage] = useState<string | null>(null);
  const canEdit = meta.role === 'editor' || meta.role === 'admin';
  return (
    <Section title={entry.title} id="debt-entry" description={`${entry.kind} in ${entry.area.module}`}>
      <dl className="facts" data-testid="debt-entry">
        <dt>Why</dt>
        <dd>
          <ul className="plain">
            {entry.reasons.map((r, i) => (
              <li key={i}>{r}</li>
            ))}
          </ul>
        </dd>
        <dt>Interest</dt>
        <dd>
          {formatNumber(entry.cost.interestHoursPerMonth, 1)} hours a month (
          {formatNumber(entry.cost.interestMoneyPerMonth)} {currency}), at{' '}
          {formatNumber(entry.cost.changesPerMonth, 1)} changes a month
        </dd>
        <dt>Principal</dt>
        <dd>
          {formatNumber(entry.cost.principalHours)} hours to pay it down ({entry.cost.principalBasis})
          {entry.cost.paybackMonths !== null &&
            `; pays back in ${formatNumber(entry.cost.paybackMonths, 1)} months`}
        </dd>
        <dt>Files</dt>
        <dd>
          {entry.area.files.slice(0, 8).map((f) => (
            <PathText key={f} path={f} block />
          ))}
          {entry.area.files.length > 8 && (
            <span className="muted">and {plural(entry.area.files.length - 8, 'more file')}</span>
          )}
        </dd>
      </dl>
      {entry.itemId ? (
        <p>
          In the backlog as <a href={getPageHref('backlog', { item: entry.itemId })}>{entry.itemId}</a>.
        </p>
      ) : (
        canEdit && (
          <p>
            <button
              type="button"
              className="button"
              onClick={() =>
                void sendJson<Item>('POST', withQuery('/api/v1/debt/file', query), { id: entry.id }).then(
                  (r) => {
                    setMessage(`Filed as ${r.body?.id ?? 'an item'}.`);
                    onFiled();
                  },
                  (e: unknown) => setMessage(e instanceof Error ? e.message : String(e)),
                )
              }
            >
              File as a backlog item
            </button>{' '}
            <span role="status">{message}</span>
          </p>
        )
      )}
    </Section>
  );
}

function TradeoffForm() {
  const query = useRepoQuery();
  const [area, setArea] = useState('');
  const [effort, setEffort] = useState('16');
  const [asked, setAsked] = useState<string | null>(null);
  const result = useApi<TradeoffReport>(asked);
  return (
    <Section
      title="Build now or pay first"
      description="For work in an area with debt: the hours of building now, with the interest running, against paying the debt first."
    >
      <form
        className="inline-form"
        onSubmit={(e) => {
          e.preventDefault();
          setAsked(
            withQuery('/api/v1/debt/tradeoff', {
              ...query,
              area: area
                .split(',')
                .map((a) => a.trim())
                .filter((a) => a !== ''),
              effort: effort,
            }),
          );
        }}
      >
        <label htmlFor="tradeoff-area">Area</label>
        <input
          id="tradeoff-area"
          value={area}
          onChange={(e) => setArea(e.target.value)}
          placeholder="src/billing/"
          required
        />
        <label htmlFor="tradeoff-effort">Effort (hours)</label>
        <input
          id="tradeoff-effort"
          className="narrow"
          inputMode="decimal"
          value={effort}
          onChange={(e) => setEffort(e.target.value)}
        />
        <button type="submit" className="button">
          Compare
        </button>
      </form>
      {asked !== null &&
        (result.error ? (
          <ErrorNotice error={result.error} />
        ) : !result.data ? (
          <Loading what="the trade-off" />
        ) : (
          <div data-testid="tradeoff">
            <p>
              <strong>
                {result.data.tradeoff.recommendation === 'pay-first' ? 'Pay the debt first' : 'Build now'}
              </strong>
              {result.data.tradeoff.breakEvenMonths !== null &&
                ` (break-even after ${formatNumber(result.data.tradeoff.breakEvenMonths, 1)} months)`}
              .
            </p>
            <dl className="facts">
              <dt>Build now</dt>
              <dd>
                {formatNumber(result.data.tradeoff.buildNow.hoursToItem, 1)} hours for the work,{' '}
                {formatNumber(result.data.tradeoff.buildNow.hoursOverHorizon, 1)} over{' '}
                {result.data.tradeoff.horizonMonths} months
              </dd>
              <dt>Pay first</dt>
              <dd>
                {formatNumber(result.data.tradeoff.payFirst.hoursToItem, 1)} hours (debt and work),{' '}
                {formatNumber(result.data.tradeoff.payFirst.hoursOverHorizon, 1)} over{' '}
                {result.data.tradeoff.horizonMonths} months
              </dd>
            </dl>
            <ul className="plain">
              {result.data.tradeoff.reasons.map((r, i) => (
                <li key={i}>{r}</li>
              ))}
            </ul>
          </div>
        ))}
    </Section>
  );
}

export function DebtPage() {
  const query = useRepoQuery();
  const register = useApi<DebtRegister>(withQuery('/api/v1/debt', query));
  const [selected, setSelected] = useState<string | null>(null);
  if (register.error && !register.data) return <ErrorNotice error={register.error} />;
  const r = register.data;
  const currency = r?.model.currency ?? '';
  const columns: readonly Column<DebtEntry>[] = [
    { key: 'rank', header: '#', cell: (e) => e.rank, sortValue: (e) => e.rank, align: 'right' },
    { key: 'title', header: 'Debt', cell: (e) => e.title, sortValue: (e) => e.title },
    { key: 'kind', header: 'Kind', cell: (e) => e.kind, sortValue: (e) => e.kind },
    {
      key: 'module',
      header: 'Module',
      cell: (e) => <PathText path={e.area.module} />,
      sortValue: (e) => e.area.module,
    },
    {
      key: 'health',
      header: 'Health',
      title: 'Lowest code health in the area, 1-10',
      cell: (e) => formatNumber(e.health, 1),
      sortValue: (e) => e.health,
      align: 'right',
    },
    {
      key: 'interest',
      header: 'Interest (h/month)',
      cell: (e) => formatNumber(e.cost.interestHoursPerMonth, 1),
      sortValue: (e) => e.cost.interestHoursPerMonth,
      align: 'right',
    },
    {
      key: 'money',
      header: `${currency}/month`,
      cell: (e) => formatNumber(e.cost.interestMoneyPerMonth),
      sortValue: (e) => e.cost.interestMoneyPerMonth,
      align: 'right',
    },
    {
      key: 'principal',
      header: 'Principal (h)',
      cell: (e) => formatNumber(e.cost.principalHours),
      sortValue: (e) => e.cost.principalHours,
      align: 'right',
    },
    {
      key: 'payback',
      header: 'Payback (mo)',
      title: 'Months until paying it down has saved its cost',
      cell: (e) => (e.cost.paybackMonths === null ? '-' : formatNumber(e.cost.paybackMonths, 1)),
      sortValue: (e) => e.cost.paybackMonths ?? Infinity,
      align: 'right',
    },
  ];
  const entry = r?.entries.find((e) => e.id === selected) ?? null;
  return (
    <>
      {r && (
        <div className="figures">
          <Figure
            label="Interest"
            value={`${formatNumber(r.totals.interestHoursPerMonth, r.totals.interestHoursPerMonth < 10 ? 1 : 0)} h/month`}
            detail={`${formatNumber(r.totals.interestMoneyPerMonth)} ${currency} a month`}
          />
          <Figure
            label="Principal"
            value={`${formatNumber(r.totals.principalHours)} h`}
            detail={`${formatNumber(r.totals.principalMoney)} ${currency} to pay all down`}
          />
          <Figure label="Debt items" value={formatNumber(r.totals.entries)} />
          <Figure
            label="Files by health"
            value={`${formatNumber(r.health.bands.alert)} alert`}
            detail={`${formatNumber(r.health.bands.warning)} warning, ${formatNumber(r.health.bands.healthy)} healthy`}
          />
        </div>
      )}
      <DebtTreemap />
      {entry && <EntryDetail entry={entry} currency={currency} onFiled={() => register.reload()} />}
      <Section
        title="Debt register"
        description={
          r
            ? `Ranked by the interest paid: hours a month lost to each debt, from the changes of the last ${r.windowDays} days. ${r.model.source}`
            : undefined
        }
      >
        {r ? (
          <DataTable
            caption="Debt ranked by interest"
            rows={r.entries}
            columns={columns}
            rowKey={(e) => e.id}
            initialSort={{ key: 'rank', descending: false }}
            onActivate={(e) => setSelected(e.id)}
            selectedKey={selected}
            maxRows={200}
            testId="debt-table"
            emptyText="No debt found."
          />
        ) : (
          <Loading what="the register" />
        )}
      </Section>
      <TradeoffForm />
    </>
  );
}
