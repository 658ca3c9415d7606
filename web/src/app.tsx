/**
 * The dashboard's shell: reads what the server offers, asks for a token when it needs one, and shows the
 * navigation and the page named in the address (#/hotspots).
 */
import { useCallback, useEffect, useMemo, useState } from 'react';
import { ApiError, getJson, setToken } from './api/client';
import type { Meta, RepositoryList } from './api/types';
import { AppStateContext, useAppState, type AppState } from './app-state';
import { TokenForm } from './components/token-form';
import { DEFAULT_PAGE, PAGES, type PageEntry } from './pages';
import { formatAgo, shortSha } from './format';
import { useApi } from './api/use-api';

function readPage(): string {
  const id = window.location.hash.replace(/^#\/?/, '').split('?')[0] ?? '';
  return id === '' ? DEFAULT_PAGE : id;
}

function isEnabled(page: PageEntry, meta: Meta): boolean {
  return page.component !== null && meta.features.includes(page.feature);
}

function Navigation({ current, meta }: { current: string; meta: Meta }) {
  const sections = ['Codebase', 'Product'] as const;
  return (
    <nav className="sidebar-nav" aria-label="Pages">
      {sections.map((section) => (
        <div key={section} className="nav-section">
          <h2 className="nav-heading">{section}</h2>
          <ul>
            {PAGES.filter((p) => p.section === section).map((page) =>
              isEnabled(page, meta) ? (
                <li key={page.id}>
                  <a
                    href={`#/${page.id}`}
                    aria-current={current === page.id ? 'page' : undefined}
                    className="nav-link"
                  >
                    {page.label}
                  </a>
                </li>
              ) : (
                <li key={page.id}>
                  <span
                    className="nav-link disabled"
                    aria-disabled="true"
                    title={`${page.summary} Coming soon.`}
                  >
                    {page.label}
                    <span className="soon">soon</span>
                  </span>
                </li>
              ),
            )}
          </ul>
        </div>
      ))}
    </nav>
  );
}

function RepoBar() {
  const { repoId, setRepoId } = useAppState();
  const { data } = useApi<RepositoryList>('/api/v1/repos');
  const repos = data?.repos ?? [];
  const current = repos.find((r) => (repoId === null ? r.served : r.id === repoId));
  return (
    <div className="repo-bar">
      {repos.length > 1 ? (
        <label className="repo-select">
          <span className="visually-hidden">Repository</span>
          <select value={current?.id ?? ''} onChange={(e) => setRepoId(Number(e.target.value))}>
            {repos.map((r) => (
              <option key={r.id} value={r.id}>
                {r.name}
              </option>
            ))}
          </select>
        </label>
      ) : (
        <span className="repo-name">{current?.name ?? ''}</span>
      )}
      {current && (
        <span className="repo-meta">
          {current.headCommit ? (
            <>
              commit <code>{shortSha(current.headCommit)}</code>, scanned {formatAgo(current.lastScanAt)}
              {current.currentHead !== null && current.currentHead !== current.headCommit && (
                <span className="repo-stale" role="status">
                  {' '}
                  · HEAD is now <code>{shortSha(current.currentHead)}</code>: <a href="#/scan">scan it</a> to
                  read the newer commits
                </span>
              )}
            </>
          ) : (
            'not scanned yet'
          )}
        </span>
      )}
    </div>
  );
}

export function App() {
  const [meta, setMeta] = useState<Meta | null>(null);
  const [authMessage, setAuthMessage] = useState<string | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [page, setPage] = useState(readPage);
  const [repoId, setRepoId] = useState<number | null>(null);
  const [dataVersion, setDataVersion] = useState(0);
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    getJson<Meta>('/api/v1/meta').then(
      (m) => {
        setMeta(m);
        setAuthMessage(null);
      },
      (error: unknown) => {
        if (error instanceof ApiError && error.status === 401) {
          setToken(null);
          setAuthMessage(
            attempt > 0
              ? 'That token was not accepted. ' + error.message
              : 'This tpo server needs an API token.',
          );
        } else setFailure(error instanceof Error ? error.message : String(error));
      },
    );
  }, [attempt]);

  useEffect(() => {
    const onHash = (): void => setPage(readPage());
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, []);

  const entry = PAGES.find((p) => p.id === page);
  useEffect(() => {
    document.title = entry ? `${entry.label} · tpo` : 'tpo';
    document.getElementById('main')?.focus({ preventScroll: true });
  }, [entry]);

  const refresh = useCallback(() => setDataVersion((v) => v + 1), []);
  const state = useMemo<AppState | null>(
    () => (meta ? { meta, repoId, setRepoId, dataVersion, refresh } : null),
    [meta, repoId, dataVersion, refresh],
  );

  if (authMessage !== null)
    return <TokenForm message={authMessage} onSaved={() => setAttempt((a) => a + 1)} />;
  if (failure !== null)
    return (
      <main className="token-page">
        <div className="notice notice-error" role="alert">
          The tpo server cannot be reached: {failure}
        </div>
      </main>
    );
  if (!state || !meta) return <p className="status">Loading…</p>;

  const Page = entry && isEnabled(entry, meta) ? entry.component : null;
  return (
    <AppStateContext.Provider value={state}>
      <a
        className="skip-link"
        href="#main"
        onClick={(e) => {
          e.preventDefault();
          document.getElementById('main')?.focus();
        }}
      >
        Skip to content
      </a>
      <div className="layout">
        <aside className="sidebar">
          <div className="brand">
            <span className="brand-mark" aria-hidden="true">
              t
            </span>
            <span>tpo</span>
          </div>
          <Navigation current={page} meta={meta} />
          <p className="sidebar-foot">
            <a href="/api/docs">API documentation</a>
            <span>v{meta.version}</span>
          </p>
        </aside>
        <div className="content">
          <header className="topbar">
            <RepoBar />
          </header>
          <main id="main" tabIndex={-1} className="main">
            <div className="page-head">
              <h1>{entry?.label ?? 'Not found'}</h1>
              <p className="page-summary">{entry?.summary ?? 'There is no such page.'}</p>
            </div>
            {Page ? (
              <Page key={`${page}:${repoId ?? ''}`} />
            ) : (
              <div className="notice">
                {entry ? (
                  'This page comes with a later version of tpo.'
                ) : (
                  <a href={`#/${DEFAULT_PAGE}`}>Go to the overview</a>
                )}
              </div>
            )}
          </main>
        </div>
      </div>
    </AppStateContext.Provider>
  );
}
