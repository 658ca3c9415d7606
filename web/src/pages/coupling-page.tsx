/** Coupling: file pairs that change together, and, for one file, every file that changes with it. */
import { useState, type FormEvent } from 'react';
import { withQuery } from '../api/client';
import type { CoupledFile, Coupling, CouplingPair } from '../api/types';
import { useApi } from '../api/use-api';
import { useRepoQuery } from '../app-state';
import { DataTable, type Column } from '../components/data-table';
import { ErrorNotice, Loading, ScoreBar, Section, PathText } from '../components/panels';
import { formatNumber, formatPercent } from '../format';

const PAIR_COLUMNS: readonly Column<CouplingPair>[] = [
  { key: 'a', header: 'File', cell: (c) => <PathText path={c.a} />, sortValue: (c) => c.a },
  {
    key: 'b',
    header: 'Changes with',
    cell: (c) => <PathText path={c.b} />,
    sortValue: (c) => c.b,
  },
  {
    key: 'degree',
    header: 'Degree',
    title: 'Shared changes / average changes of the two',
    cell: (c) => <ScoreBar value={c.degree} label={formatPercent(c.degree)} />,
    sortValue: (c) => c.degree,
    align: 'right',
  },
  {
    key: 'shared',
    header: 'Together',
    title: 'Change sets that touched both',
    cell: (c) => formatNumber(c.shared),
    sortValue: (c) => c.shared,
    align: 'right',
  },
];

const FILE_COLUMNS: readonly Column<CoupledFile>[] = [
  {
    key: 'path',
    header: 'File',
    cell: (c) => <PathText path={c.path} />,
    sortValue: (c) => c.path,
  },
  {
    key: 'score',
    header: 'Confidence',
    cell: (c) => <ScoreBar value={c.score} label={formatPercent(c.score)} />,
    sortValue: (c) => c.score,
    align: 'right',
  },
  { key: 'evidence', header: 'Evidence', cell: (c) => <span className="muted">{c.evidence}</span> },
];

export function CouplingPage() {
  const query = useRepoQuery();
  const [draft, setDraft] = useState('');
  const [file, setFile] = useState<string | null>(null);
  const pairs = useApi<Coupling>(withQuery('/api/v1/coupling', { ...query, limit: 500 }));
  const one = useApi<Coupling>(file ? withQuery('/api/v1/coupling', { ...query, file, limit: 100 }) : null);
  const submit = (event: FormEvent): void => {
    event.preventDefault();
    setFile(draft.trim() === '' ? null : draft.trim());
  };
  return (
    <>
      <Section
        title="One file"
        description="Which files usually change when this one does: the ones a change to it may forget."
      >
        <form className="inline-form" onSubmit={submit} role="search">
          <label htmlFor="coupling-file">File path</label>
          <input
            id="coupling-file"
            type="text"
            value={draft}
            placeholder="src/app/scan.ts"
            onChange={(e) => setDraft(e.target.value)}
          />
          <button type="submit" className="button">
            Show
          </button>
        </form>
        {file !== null &&
          (one.error ? (
            <ErrorNotice error={one.error} />
          ) : one.data && 'results' in one.data ? (
            <DataTable
              caption={`Files that change with ${file}`}
              rows={one.data.results}
              columns={FILE_COLUMNS}
              rowKey={(c) => c.path}
              emptyText={`${file} has not changed together with any other file.`}
            />
          ) : (
            <Loading what="coupled files" />
          ))}
      </Section>
      <Section
        title="Coupled pairs"
        description="Pairs above the thresholds: each file in at least 5 change sets, at least 5 shared, degree of at least 30 %."
      >
        {pairs.error && !pairs.data ? (
          <ErrorNotice error={pairs.error} />
        ) : pairs.data && 'pairs' in pairs.data ? (
          <DataTable
            caption="Coupled file pairs"
            rows={pairs.data.pairs}
            columns={PAIR_COLUMNS}
            rowKey={(c) => `${c.a}\n${c.b}`}
            initialSort={{ key: 'degree', descending: true }}
            onActivate={(c) => {
              setDraft(c.a);
              setFile(c.a);
            }}
            maxRows={200}
            emptyText="No pair of files passes the thresholds. Look up one file above to see everything that changed with it."
          />
        ) : (
          <Loading what="coupling" />
        )}
      </Section>
    </>
  );
}
