/** Overview: the size of the codebase, its languages, its people, and the first hotspots and knowledge risks. */
import { useMemo } from 'react';
import { withQuery } from '../api/client';
import type { CodebaseSummary } from '../api/types';
import { useApi } from '../api/use-api';
import { useRepoQuery } from '../app-state';
import { Chart } from '../components/chart';
import { ErrorNotice, Figure, Loading, ScoreBar, Section, PathText } from '../components/panels';
import { formatNumber, formatPercent } from '../format';

export function OverviewPage() {
  const query = useRepoQuery();
  const { data, error } = useApi<CodebaseSummary>(withQuery('/api/v1/summary', { ...query, top: 5 }));
  const languages = useMemo(() => (data ? data.languages.slice(0, 8) : []), [data]);
  const languageChart = useMemo(
    () => ({
      grid: { left: 110, right: 40, top: 8, bottom: 24 },
      tooltip: { trigger: 'item', valueFormatter: (v: unknown) => `${formatNumber(Number(v))} lines` },
      xAxis: {
        type: 'value',
        axisLabel: { color: '#475569' },
        splitLine: { lineStyle: { color: '#e2e8f0' } },
      },
      yAxis: {
        type: 'category',
        inverse: true,
        data: languages.map((l) => l.language),
        axisLabel: { color: '#1e293b' },
        axisTick: { show: false },
      },
      series: [
        {
          type: 'bar',
          data: languages.map((l) => l.loc),
          itemStyle: { color: '#2563eb', borderRadius: 3 },
          barMaxWidth: 18,
        },
      ],
    }),
    [languages],
  );

  if (error && !data) return <ErrorNotice error={error} />;
  if (!data) return <Loading what="the overview" />;
  const singleOwner = data.knowledge.filter((k) => k.truckFactor <= 1).length;
  return (
    <>
      {data.notices.map((n) => (
        <div className="notice" key={n} role="note">
          {n}
        </div>
      ))}
      <div className="figures" data-testid="overview-figures">
        <Figure
          label="Lines of code"
          value={formatNumber(data.loc)}
          detail={`in ${formatNumber(data.measuredFiles)} files`}
        />
        <Figure
          label="Change sets"
          value={formatNumber(data.changeSets)}
          detail={`${formatNumber(data.commits)} commits`}
        />
        <Figure
          label="People"
          value={formatNumber(data.authors)}
          detail={`${formatNumber(data.activeAuthors)} active in the last 6 months`}
        />
        <Figure
          label="Modules"
          value={formatNumber(data.modules)}
          detail={`${formatNumber(data.files)} files tracked`}
        />
        <Figure
          label="Import cycles"
          value={formatNumber(data.importCycles)}
          detail={`${formatNumber(data.imports)} imports`}
        />
        <Figure
          label="Coupled file pairs"
          value={formatNumber(data.couplings)}
          detail="change together often"
        />
      </div>
      <div className="grid-2">
        <Section
          title="Languages"
          description="Lines of code per language (comments and blank lines not counted)."
        >
          <Chart
            option={languageChart}
            height={Math.max(120, languages.length * 30 + 40)}
            label={`Lines of code by language: ${languages.map((l) => `${l.language} ${formatNumber(l.loc)}`).join(', ')}`}
          />
        </Section>
        <Section
          title="Top hotspots"
          description="Files that change often and are complicated."
          actions={<a href="#/hotspots">All hotspots</a>}
        >
          {data.hotspots.length === 0 ? (
            <p className="status">No file changed in the last 12 months.</p>
          ) : (
            <ol className="ranked">
              {data.hotspots.map((h) => (
                <li key={h.path}>
                  <PathText path={h.path} />
                  <ScoreBar value={h.score} label={h.score.toFixed(2)} />
                </li>
              ))}
            </ol>
          )}
        </Section>
      </div>
      <Section
        title="Knowledge"
        description={
          singleOwner > 0
            ? `${singleOwner} of the largest modules depend on one person.`
            : 'The largest modules and how many people know them.'
        }
        actions={<a href="#/knowledge">All modules</a>}
      >
        <ul className="knowledge-list">
          {data.knowledge.map((k) => (
            <li key={k.module}>
              <PathText path={k.module === '.' ? '(top-level files)' : k.module} />
              <span className={k.truckFactor <= 1 ? 'badge badge-risk' : 'badge'}>
                {k.truckFactor} {k.truckFactor === 1 ? 'person' : 'people'}
              </span>
              <span className="muted">
                {formatNumber(k.loc)} lines
                {k.orphanedShare > 0 ? `, ${formatPercent(k.orphanedShare)} by inactive authors` : ''}
              </span>
            </li>
          ))}
        </ul>
      </Section>
    </>
  );
}
