/** Scan: start a scan of the repository and follow its progress live (server-sent events). */
import { useEffect, useState } from 'react';
import { ApiError, followEvents, postJson, withQuery } from '../api/client';
import type { CurrentScan, ScanJob } from '../api/types';
import { useApi } from '../api/use-api';
import { useAppState, useRepoQuery } from '../app-state';
import { ErrorNotice, Figure, Section } from '../components/panels';
import { formatAgo, formatDuration, formatNumber, shortSha } from '../format';

const PHASES: Record<string, string> = {
  history: 'Reading history',
  files: 'Measuring files',
  saving: 'Saving',
};

function Progress({ job }: { job: ScanJob }) {
  const percent = job.total ? Math.round((job.done / Math.max(1, job.total)) * 100) : null;
  const label = job.phase ? PHASES[job.phase] : 'Starting';
  return (
    <div className="progress-block" data-testid="scan-progress">
      <div className="progress-label">
        <span>{label}</span>
        <span>
          {formatNumber(job.done)}
          {job.total !== null ? ` of ${formatNumber(job.total)}` : ''}
        </span>
      </div>
      <div
        className="progress"
        role="progressbar"
        aria-label={`${label}`}
        aria-valuemin={0}
        aria-valuemax={100}
        {...(percent !== null ? { 'aria-valuenow': percent } : {})}
      >
        <div
          className={percent === null ? 'progress-fill indeterminate' : 'progress-fill'}
          style={percent === null ? undefined : { width: `${percent}%` }}
        />
      </div>
    </div>
  );
}

export function ScanPage() {
  const { refresh, meta } = useAppState();
  const query = useRepoQuery();
  const [job, setJob] = useState<ScanJob | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [starting, setStarting] = useState(false);

  const repo = query.repo;
  useEffect(
    () =>
      followEvents(withQuery('/api/v1/scans/events', { repo }), (event, data) => {
        if (event !== 'scan') return;
        const next = data as ScanJob | null;
        setJob((previous) => {
          if (next && next.status === 'done' && previous?.status === 'running') refresh();
          return next;
        });
      }),
    [repo, refresh],
  );

  const start = async (): Promise<void> => {
    setStarting(true);
    setError(null);
    try {
      setJob(await postJson<ScanJob>('/api/v1/scans', query));
    } catch (e) {
      setError(e instanceof ApiError ? e : new ApiError(0, 'Network', 'the server cannot be reached'));
    } finally {
      setStarting(false);
    }
  };

  const current = useApi<CurrentScan>(withQuery('/api/v1/scans/current', query));
  const last = current.data?.last ?? null;
  const running = job?.status === 'running';
  const canScan = meta.role !== 'viewer';
  return (
    <>
      <Section
        title="Scan the repository"
        description="A scan reads the commits made since the last one, measures the files that changed, and updates every figure. The dashboard refreshes when it ends."
        actions={
          <button
            type="button"
            className="button primary"
            onClick={() => void start()}
            disabled={running || starting || !canScan}
            data-testid="start-scan"
          >
            {running ? 'Scanning…' : 'Scan now'}
          </button>
        }
      >
        {!canScan && <p className="status">Your token may read but not scan: ask for an editor token.</p>}
        {error && <ErrorNotice error={error} />}
        <div aria-live="polite" data-testid="scan-status">
          {job === null ? (
            <p className="status">
              {!current.data
                ? current.error
                  ? current.error.message
                  : 'Reading the last scan…'
                : last
                  ? `Last scan ${formatAgo(last.finishedAt ?? last.startedAt)}: ${last.status === 'done' ? `${last.kind} scan up to commit ${shortSha(last.toCommit)}` : last.status}.`
                  : 'This repository has not been scanned yet.'}
            </p>
          ) : job.status === 'running' ? (
            <Progress job={job} />
          ) : job.status === 'failed' ? (
            <div className="notice notice-error" role="alert">
              <strong>The scan failed.</strong> {job.error}
            </div>
          ) : (
            <p className="status status-ok">
              Scan finished
              {job.summary
                ? ` in ${formatDuration(job.summary.durationMs)}: ${job.summary.kind} scan up to commit ${shortSha(job.summary.headCommit)}, ${formatNumber(job.summary.newCommits)} new commit${job.summary.newCommits === 1 ? '' : 's'} read.`
                : '.'}
            </p>
          )}
        </div>
      </Section>
      {job?.summary && (
        <div className="figures">
          <Figure
            label="Commits"
            value={formatNumber(job.summary.commits)}
            detail={`${formatNumber(job.summary.changeSets)} change sets`}
          />
          <Figure
            label="Files"
            value={formatNumber(job.summary.files)}
            detail={`${formatNumber(job.summary.measuredFiles)} measured`}
          />
          <Figure
            label="Imports"
            value={formatNumber(job.summary.imports)}
            detail={`${formatNumber(job.summary.unresolvedImports)} unresolved`}
          />
          <Figure label="Coupled pairs" value={formatNumber(job.summary.couplings)} />
        </div>
      )}
    </>
  );
}
