/** Knowledge: how many people know each module (truck factor), and the code only inactive people wrote. */
import { withQuery } from '../api/client';
import type { Knowledge, ModuleKnowledge } from '../api/types';
import { useApi } from '../api/use-api';
import { useRepoQuery } from '../app-state';
import { DataTable, type Column } from '../components/data-table';
import { ErrorNotice, Figure, Loading, ScoreBar, Section, PathText } from '../components/panels';
import { formatDate, formatNumber, formatPercent } from '../format';

type Owner = Knowledge['inactiveOwners'][number];

const MODULE_COLUMNS: readonly Column<ModuleKnowledge>[] = [
  {
    key: 'module',
    header: 'Module',
    cell: (k) => <PathText path={k.module === '.' ? '(top-level files)' : k.module} />,
    sortValue: (k) => k.module,
  },
  {
    key: 'loc',
    header: 'Lines',
    title: 'Lines of code',
    cell: (k) => formatNumber(k.loc),
    sortValue: (k) => k.loc,
    align: 'right',
  },
  {
    key: 'truck',
    header: 'Truck factor',
    title: 'Fewest people who wrote most of at least half the code',
    cell: (k) => <span className={k.truckFactor <= 1 ? 'badge badge-risk' : 'badge'}>{k.truckFactor}</span>,
    sortValue: (k) => k.truckFactor,
    align: 'right',
  },
  { key: 'authors', header: 'Main authors', cell: (k) => k.truckAuthors.join(', ') || '-' },
  {
    key: 'orphaned',
    header: 'By inactive authors',
    cell: (k) => <ScoreBar value={k.orphanedShare} label={formatPercent(k.orphanedShare)} />,
    sortValue: (k) => k.orphanedShare,
    align: 'right',
  },
];

const OWNER_COLUMNS: readonly Column<Owner>[] = [
  { key: 'name', header: 'Author', cell: (o) => o.name, sortValue: (o) => o.name },
  {
    key: 'loc',
    header: 'Lines owned',
    cell: (o) => formatNumber(o.loc),
    sortValue: (o) => o.loc,
    align: 'right',
  },
  {
    key: 'files',
    header: 'Files',
    cell: (o) => formatNumber(o.files),
    sortValue: (o) => o.files,
    align: 'right',
  },
  {
    key: 'last',
    header: 'Last commit',
    cell: (o) => formatDate(o.lastCommit),
    sortValue: (o) => o.lastCommit ?? 0,
    align: 'right',
  },
];

export function KnowledgePage() {
  const { data, error } = useApi<Knowledge>(withQuery('/api/v1/knowledge', useRepoQuery()));
  if (error && !data) return <ErrorNotice error={error} />;
  if (!data) return <Loading what="knowledge" />;
  const single = data.modules.filter((m) => m.truckFactor <= 1);
  const orphanedLoc = data.inactiveOwners.reduce((s, o) => s + o.loc, 0);
  return (
    <>
      <div className="figures">
        <Figure label="Modules" value={formatNumber(data.modules.length)} />
        <Figure
          label="Known by one person"
          value={formatNumber(single.length)}
          detail={`${formatNumber(single.reduce((s, m) => s + m.loc, 0))} lines of code`}
        />
        <Figure
          label="Inactive owners"
          value={formatNumber(data.inactiveOwners.length)}
          detail={`${formatNumber(orphanedLoc)} lines they wrote most of`}
        />
      </div>
      <Section
        title="Modules"
        description="The truck factor is the fewest people who together wrote most of at least half of a module. One means a single person's absence stalls it."
      >
        <DataTable
          caption="Knowledge by module"
          rows={data.modules}
          columns={MODULE_COLUMNS}
          rowKey={(k) => k.module}
          initialSort={{ key: 'loc', descending: true }}
          maxRows={300}
          testId="knowledge-table"
        />
      </Section>
      <Section
        title="Inactive owners"
        description="People who wrote most of some code but made no commit in the 6 months before the scanned commit."
      >
        <DataTable
          caption="Inactive owners of code"
          rows={data.inactiveOwners}
          columns={OWNER_COLUMNS}
          rowKey={(o) => o.name}
          initialSort={{ key: 'loc', descending: true }}
          maxRows={100}
          emptyText="Every owner of code is active."
        />
      </Section>
    </>
  );
}
