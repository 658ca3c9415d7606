/** Small building blocks of every page: figures, section cards, loading and error states. */
import type { ReactNode } from 'react';
import type { ApiError } from '../api/client';

export function Figure({ label, value, detail }: { label: string; value: ReactNode; detail?: ReactNode }) {
  return (
    <div className="figure">
      <div className="figure-label">{label}</div>
      <div className="figure-value">{value}</div>
      {detail !== undefined && <div className="figure-detail">{detail}</div>}
    </div>
  );
}

export function Section({
  title,
  description,
  actions,
  children,
  id,
}: {
  title: string;
  description?: ReactNode;
  actions?: ReactNode;
  children: ReactNode;
  id?: string;
}) {
  const headingId = `${id ?? title.toLowerCase().replace(/\W+/g, '-')}-title`;
  return (
    <section className="card" aria-labelledby={headingId}>
      <header className="card-header">
        <div>
          <h2 id={headingId}>{title}</h2>
          {description !== undefined && <p className="card-description">{description}</p>}
        </div>
        {actions !== undefined && <div className="card-actions">{actions}</div>}
      </header>
      {children}
    </section>
  );
}

export function Loading({ what }: { what: string }) {
  return (
    <p className="status" role="status">
      Loading {what}…
    </p>
  );
}

export function ErrorNotice({ error }: { error: ApiError }) {
  const notScanned = error.status === 404 && /not been scanned/.test(error.message);
  return (
    <div className="notice notice-error" role="alert">
      <strong>{notScanned ? 'Not scanned yet.' : 'Could not load this.'}</strong> {error.message}
      {notScanned && (
        <>
          {' '}
          <a href="#/scan">Start a scan</a>.
        </>
      )}
    </div>
  );
}

/** A bar showing a share in [0, 1] next to its figure. */
export function ScoreBar({ value, label }: { value: number; label: string }) {
  const width = `${Math.round(Math.max(0, Math.min(1, value)) * 100)}%`;
  return (
    <span className="score">
      <span className="score-track" aria-hidden="true">
        <span className="score-fill" style={{ width }} />
      </span>
      <span className="score-text">{label}</span>
    </span>
  );
}

/**
 * A file path that wraps after its slashes, never inside a folder or file name unless one alone is wider than the
 * column (a table then sizes the column for its longest part, not for one character).
 */
export function PathText({ path, block }: { path: string; block?: boolean }) {
  const parts = path.split(/(?<=\/)/);
  return (
    <code className={block ? 'path block' : 'path'}>
      {parts.map((part, i) => (
        <span key={i}>
          {part}
          {i < parts.length - 1 && <wbr />}
        </span>
      ))}
    </code>
  );
}
