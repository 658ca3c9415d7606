/**
 * Hotspots: a treemap of the codebase by folder (size = lines of code, colour = hotspot score), the ranked
 * table, and, for a chosen file, who knows it, what depends on it and what changes with it.
 */
import { useMemo, useState } from 'react';
import { format } from 'echarts/core';
import { withQuery } from '../api/client';
import type { CodeMap, Coupling, DependencyReport, Hotspot, HotspotList, OwnersReport } from '../api/types';
import { useApi } from '../api/use-api';
import { useRepoQuery } from '../app-state';
import { Chart } from '../components/chart';
import { DataTable, type Column } from '../components/data-table';
import { ErrorNotice, Loading, ScoreBar, Section, PathText } from '../components/panels';
import { formatNumber, formatPercent, plural } from '../format';
import { buildTree, HOTSPOT_LEGEND, type TreeNode } from './build-tree';

const COLUMNS: readonly Column<Hotspot>[] = [
  { key: 'rank', header: '#', cell: (h) => h.rank, sortValue: (h) => h.rank, align: 'right' },
  {
    key: 'path',
    header: 'File',
    cell: (h) => <PathText path={h.path} />,
    sortValue: (h) => h.path,
  },
  {
    key: 'revisions',
    header: 'Changes',
    title: 'Commits in the last 12 months',
    cell: (h) => formatNumber(h.revisions),
    sortValue: (h) => h.revisions,
    align: 'right',
  },
  {
    key: 'complexity',
    header: 'Complexity',
    title: 'Indentation complexity',
    cell: (h) => formatNumber(h.complexity),
    sortValue: (h) => h.complexity,
    align: 'right',
  },
  {
    key: 'loc',
    header: 'Lines',
    title: 'Lines of code',
    cell: (h) => formatNumber(h.loc),
    sortValue: (h) => h.loc,
    align: 'right',
  },
  {
    key: 'score',
    header: 'Score',
    cell: (h) => <ScoreBar value={h.score} label={h.score.toFixed(2)} />,
    sortValue: (h) => h.score,
    align: 'right',
  },
];

function FileDetail({ path }: { path: string }) {
  const query = useRepoQuery();
  const deps = useApi<DependencyReport>(withQuery('/api/v1/deps', { ...query, file: path }));
  const owners = useApi<OwnersReport>(withQuery('/api/v1/owners', { ...query, path }));
  const coupling = useApi<Coupling>(withQuery('/api/v1/coupling', { ...query, file: path, limit: 5 }));
  const coupled = coupling.data && 'results' in coupling.data ? coupling.data.results : [];
  return (
    <Section title="File" id="file-detail" description={<PathText path={path} />}>
      <dl className="facts" data-testid="file-detail">
        <dt>Depends on it</dt>
        <dd>
          {deps.data
            ? `${plural(deps.data.fanIn, 'file')} ${deps.data.fanIn === 1 ? 'imports' : 'import'} it; it imports ${plural(deps.data.fanOut, 'file')}`
            : deps.error
              ? deps.error.message
              : '…'}
        </dd>
        <dt>Who knows it</dt>
        <dd>
          {owners.data
            ? owners.data.authors.length === 0
              ? 'no author on record'
              : owners.data.authors
                  .slice(0, 3)
                  .map((a) => `${a.name}${a.inactive ? ' (inactive)' : ''}`)
                  .join(', ')
            : owners.error
              ? owners.error.message
              : '…'}
        </dd>
        <dt>Changes with</dt>
        <dd>
          {coupling.data ? (
            coupled.length === 0 ? (
              'no other file'
            ) : (
              <ul className="plain">
                {coupled.map((c) => (
                  <li key={c.path}>
                    <PathText path={c.path} />{' '}
                    <span className="muted">{formatPercent(c.score)} of its changes</span>
                  </li>
                ))}
              </ul>
            )
          ) : (
            '…'
          )}
        </dd>
      </dl>
    </Section>
  );
}

export function HotspotsPage() {
  const query = useRepoQuery();
  const map = useApi<CodeMap>(withQuery('/api/v1/codemap', query));
  const list = useApi<HotspotList>(withQuery('/api/v1/hotspots', query));
  const [selected, setSelected] = useState<string | null>(null);

  const option = useMemo(() => {
    const tree = map.data ? buildTree(map.data.files) : [];
    return {
      tooltip: {
        formatter: (info: { data?: TreeNode }) => {
          const d = info.data;
          if (!d) return '';
          const score = d.children
            ? `hottest file ${d.score.toFixed(2)}`
            : `hotspot score ${d.score.toFixed(2)}`;
          return `<strong>${format.encodeHTML(d.path)}</strong><br/>${formatNumber(d.value)} lines of code<br/>${score}`;
        },
      },
      series: [
        {
          type: 'treemap',
          name: 'codebase',
          data: tree,
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
          label: { show: true, formatter: '{b}', fontSize: 11, color: '#0f172a', overflow: 'truncate' },
          upperLabel: { show: true, height: 22, color: '#ffffff', fontSize: 12, fontWeight: 600 },
          itemStyle: { borderColor: '#ffffff' },
          levels: [
            { itemStyle: { borderWidth: 0, gapWidth: 3 }, upperLabel: { show: false } },
            { itemStyle: { borderColor: '#475569', borderWidth: 3, gapWidth: 1 } },
            { itemStyle: { borderColor: '#64748b', borderWidth: 2, gapWidth: 1 } },
          ],
        },
      ],
    };
  }, [map.data]);

  const error = map.error ?? list.error;
  if (error && !map.data) return <ErrorNotice error={error} />;
  return (
    <>
      <Section
        title="Map of the codebase"
        description="Each box is a file, grouped by folder: its size is its lines of code, its colour how hot it is (changes in the last 12 months x complexity). Click a folder to zoom in, a file to see who knows it."
      >
        {map.data ? (
          <>
            <Chart
              option={option}
              height={520}
              testId="treemap"
              label={`Treemap of ${formatNumber(map.data.files.length)} code files by folder, sized by lines of code and coloured by hotspot score. The table below lists the same hotspots.`}
              onItemClick={(data) => {
                const node = data as TreeNode | undefined;
                if (node && !node.children) setSelected(node.path);
              }}
            />
            <ul className="legend" aria-label="Colour legend">
              {HOTSPOT_LEGEND.map((l, i) => (
                <li key={i}>
                  <span className="swatch" style={{ background: l.color }} aria-hidden="true" />
                  {l.label}
                </li>
              ))}
            </ul>
          </>
        ) : (
          <Loading what="the map" />
        )}
      </Section>
      {selected !== null && <FileDetail path={selected} />}
      <Section title="Ranked hotspots" description="Arrow keys move through the rows; Enter shows the file.">
        {list.data ? (
          <DataTable
            caption="Hotspots ranked by score"
            rows={list.data.hotspots}
            columns={COLUMNS}
            rowKey={(h) => h.path}
            initialSort={{ key: 'rank', descending: false }}
            onActivate={(h) => setSelected(h.path)}
            selectedKey={selected}
            maxRows={200}
            testId="hotspots-table"
            emptyText="No file changed in the last 12 months."
          />
        ) : (
          <Loading what="hotspots" />
        )}
      </Section>
    </>
  );
}
