/**
 * Jobs: the workspace's repositories and the scan queue that `tpo worker` processes take jobs from (a team server
 * on PostgreSQL): what waits, what runs (on which worker, how far), what is retried and why, what failed.
 */
import { useEffect, useState } from 'react';
import { ApiError, postJson } from '../api/client';
import type { EnqueueResultBody, JobList, QueuedScan, WorkspaceRepoList } from '../api/types';
import { useApi } from '../api/use-api';
import { useAppState } from '../app-state';
import { DataTable, type Column } from '../components/data-table';
import { ErrorNotice, Loading, Section } from '../components/panels';
import { formatAgo, formatDuration, formatNumber, shortSha } from '../format';

/** How often the lists are read again while the page is open, ms. */
const POLL_MS = 2000;

const STATES: Record<QueuedScan['state'], string> = {
  created: 'waiting',
  active: 'running',
  retry: 'retrying',
  completed: 'done',
  failed: 'failed',
  cancelled: 'cancelled',
};

const PHASES: Record<string, string> = {
  history: 'reading history',
  files: 'measuring files',
  saving: 'saving',
};

function describeProgress(job: QueuedScan): string {
  if (job.state === 'active') {
    if (!job.phase) return 'starting';
    return `${PHASES[job.phase] ?? job.phase} ${formatNumber(job.done ?? 0)}${job.total !== null ? ` of ${formatNumber(job.total)}` : ''}`;
  }
  if (job.state === 'completed' && job.summary)
    return `${job.summary.kind}, ${formatNumber(job.summary.newCommits)} new commits, ${formatDuration(job.summary.durationMs)}`;
  if (job.state === 'retry') return `next attempt ${formatAgo(Math.floor(job.runAfter / 1000))}`;
  return '';
}

const JOB_COLUMNS: readonly Column<QueuedScan>[] = [
  { key: 'repo', header: 'Repository', cell: (j) => j.repo, sortValue: (j) => j.repo },
  {
    key: 'state',
    header: 'State',
    cell: (j) => <span className={`job-state job-${j.state}`}>{STATES[j.state]}</span>,
    sortValue: (j) => j.state,
  },
  { key: 'progress', header: 'Progress', cell: describeProgress },
  {
    key: 'attempts',
    header: 'Attempts',
    cell: (j) => `${j.attempts} of ${j.maxAttempts}`,
    sortValue: (j) => j.attempts,
    align: 'right',
  },
  { key: 'worker', header: 'Worker', cell: (j) => j.worker ?? '' },
  { key: 'reason', header: 'Asked by', cell: (j) => j.reason },
  {
    key: 'created',
    header: 'Queued',
    cell: (j) => formatAgo(Math.floor(j.createdAt / 1000)),
    sortValue: (j) => j.createdAt,
  },
  { key: 'error', header: 'Last error', cell: (j) => j.error ?? '' },
];

export function JobsPage() {
  const { meta } = useAppState();
  const [tick, setTick] = useState(0);
  const jobs = useApi<JobList>(`/api/v1/jobs?limit=200&t=${tick}`);
  const repos = useApi<WorkspaceRepoList>(`/api/v1/workspace/repos?t=${tick}`);
  const [error, setError] = useState<ApiError | null>(null);
  const [message, setMessage] = useState<string | null>(null);

  useEffect(() => {
    const timer = setInterval(() => setTick((t) => t + 1), POLL_MS);
    return () => clearInterval(timer);
  }, []);

  const enqueue = async (repo?: number): Promise<void> => {
    setError(null);
    try {
      const { results } = await postJson<EnqueueResultBody>(
        '/api/v1/jobs',
        repo === undefined ? {} : { repo },
      );
      const added = results.filter((r) => r.queued).length;
      setMessage(
        `${added} scan${added === 1 ? '' : 's'} queued${results.length > added ? `, ${results.length - added} already waiting` : ''}.`,
      );
      setTick((t) => t + 1);
    } catch (e) {
      setError(e instanceof ApiError ? e : new ApiError(0, 'Network', 'the server cannot be reached'));
    }
  };

  const canScan = meta.role !== 'viewer';
  const enabled = jobs.data?.enabled ?? true;
  const list = jobs.data?.jobs ?? [];
  const counts = (['created', 'active', 'retry', 'failed'] as const).map(
    (state) => `${list.filter((j) => j.state === state).length} ${STATES[state]}`,
  );

  return (
    <>
      <Section
        title="Repositories"
        description="The workspace's repositories, each a path or a clone URL (add them with “tpo repo add”). Workers scan them, one at a time per repository."
        actions={
          <button
            type="button"
            className="button primary"
            disabled={!enabled || !canScan || (repos.data?.repos.length ?? 0) === 0}
            onClick={() => void enqueue()}
            data-testid="scan-all"
          >
            Scan all
          </button>
        }
      >
        {!enabled && (
          <p className="status">
            This server has no scan queue: queued scans need a PostgreSQL store (“tpo serve --database
            postgres://…”) and “tpo worker” processes. Use the Scan page instead.
          </p>
        )}
        {error && <ErrorNotice error={error} />}
        {message && (
          <p className="status status-ok" role="status">
            {message}
          </p>
        )}
        {repos.error && <ErrorNotice error={repos.error} />}
        {!repos.data && !repos.error && <Loading what="repositories" />}
        {repos.data && (
          <DataTable
            caption="Workspace repositories"
            rows={repos.data.repos}
            rowKey={(r) => String(r.id)}
            emptyText="No repositories yet: add one with “tpo repo add <path|url>”."
            testId="workspace-repos"
            columns={[
              { key: 'name', header: 'Name', cell: (r) => r.name, sortValue: (r) => r.name },
              { key: 'source', header: 'Source', cell: (r) => r.source },
              {
                key: 'commit',
                header: 'Scanned at',
                cell: (r) => (r.headCommit ? <code>{shortSha(r.headCommit)}</code> : 'never'),
              },
              { key: 'last', header: 'Last scan', cell: (r) => formatAgo(r.lastScanAt) },
              {
                key: 'scan',
                header: '',
                cell: (r) => (
                  <button
                    type="button"
                    className="button"
                    disabled={!enabled || !canScan}
                    onClick={() => void enqueue(r.id)}
                  >
                    Scan
                  </button>
                ),
              },
            ]}
          />
        )}
      </Section>
      <Section
        title="Scan jobs"
        description={
          enabled
            ? `Newest first; ${counts.join(', ')}. A job whose worker stops extending its ${jobs.data?.leaseSeconds ?? ''} s lease is retried by another.`
            : 'No queue on this server.'
        }
      >
        {jobs.error && <ErrorNotice error={jobs.error} />}
        {!jobs.data && !jobs.error && <Loading what="jobs" />}
        {jobs.data && (
          <DataTable
            caption="Scan jobs"
            rows={list}
            rowKey={(j) => j.id}
            columns={JOB_COLUMNS}
            emptyText="No scan jobs yet."
            testId="scan-jobs"
          />
        )}
      </Section>
    </>
  );
}
