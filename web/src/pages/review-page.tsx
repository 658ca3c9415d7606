/**
 * Review: pick a branch (or paste a range) and read what the change really touches: the items it serves, files
 * outside their area, hotspots, complexity added, new debt markers, files that usually change with these and did not,
 * suggested reviewers and a risk level; with the Markdown for a pull-request comment.
 */
import { useState } from 'react';
import { withQuery } from '../api/client';
import type { BranchList, ReviewReport } from '../api/types';
import { useApi } from '../api/use-api';
import { useRepoQuery } from '../app-state';
import { ErrorNotice, Figure, Loading, Section, PathText } from '../components/panels';
import { formatAgo, formatNumber, plural, shortSha } from '../format';
import { getPageHref, useHashQuery } from '../hash-query';

/** A revision as given (a branch name) or, for a commit id, its first characters. */
const formatRev = (rev: string): string => (/^[0-9a-f]{40}$/.test(rev) ? shortSha(rev) : rev);

function Report({ report }: { report: ReviewReport }) {
  const level = report.risk.level;
  return (
    <div data-testid="review-report">
      <div className="figures">
        <Figure
          label="Risk"
          value={<span className={`badge risk-${level}`}>{level}</span>}
          detail={`${formatNumber(report.risk.points)} points`}
        />
        <Figure
          label="Files changed"
          value={formatNumber(report.files.length)}
          detail={`by ${report.authors.join(', ') || 'nobody'}`}
        />
        <Figure label="Complexity added" value={formatNumber(report.complexityAdded)} />
        <Figure label="Hotspots touched" value={formatNumber(report.hotspotsTouched.length)} />
      </div>
      {report.notices.map((n, i) => (
        <p key={i} className="notice">
          {n}
        </p>
      ))}
      <Section
        title="Why this risk"
        description={`${formatRev(report.base)}..${formatRev(report.head)}, compared with the merge base ${shortSha(report.mergeBase)}.`}
      >
        {report.risk.reasons.length === 0 ? (
          <p className="muted">Nothing raised the risk.</p>
        ) : (
          <ul className="plain">
            {report.risk.reasons.map((r, i) => (
              <li key={i}>
                <span className="badge">+{r.points}</span> {r.reason}
              </li>
            ))}
          </ul>
        )}
      </Section>
      <div className="grid-2">
        <Section title="Items served">
          {report.items.length === 0 ? (
            <p className="muted">No backlog item named in the commits.</p>
          ) : (
            <ul className="plain">
              {report.items.map((i) => (
                <li key={i.id}>
                  <a href={getPageHref('backlog', { item: i.id })}>{i.id}</a> {i.title}{' '}
                  <span className="muted">({i.via})</span>
                </li>
              ))}
            </ul>
          )}
          {report.outsideArea.length > 0 && (
            <>
              <h3 className="subhead">Outside the items' areas</h3>
              <ul className="plain">
                {report.outsideArea.map((p) => (
                  <li key={p}>
                    <PathText path={p} />
                  </li>
                ))}
              </ul>
            </>
          )}
        </Section>
        <Section title="Suggested reviewers">
          {report.reviewers.length === 0 ? (
            <p className="muted">Nobody else knows these files.</p>
          ) : (
            <ul className="plain">
              {report.reviewers.map((r) => (
                <li key={r.name}>
                  <strong>{r.name}</strong> <span className="muted">{r.reason}</span>
                </li>
              ))}
            </ul>
          )}
        </Section>
      </div>
      <Section title="Files">
        <div className="table-wrap">
          <table className="data-table" data-testid="review-files">
            <caption className="visually-hidden">Files the change touches</caption>
            <thead>
              <tr>
                <th scope="col">File</th>
                <th scope="col" className="num">
                  Added
                </th>
                <th scope="col" className="num">
                  Deleted
                </th>
                <th scope="col" className="num">
                  Complexity added
                </th>
                <th scope="col" className="num">
                  Health
                </th>
                <th scope="col" className="num">
                  Hotspot rank
                </th>
              </tr>
            </thead>
            <tbody>
              {report.files.map((f) => (
                <tr key={f.path}>
                  <td>
                    <PathText path={f.path} /> <span className="muted">{f.status}</span>
                  </td>
                  <td className="num">{f.added ?? '-'}</td>
                  <td className="num">{f.deleted ?? '-'}</td>
                  <td className="num">{formatNumber(f.complexityAdded)}</td>
                  <td className="num">{f.health === null ? '-' : formatNumber(f.health, 1)}</td>
                  <td className="num">{f.hotspotRank ?? '-'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </Section>
      <div className="grid-2">
        <Section title="Likely missing" description="Files that usually change with these, and did not.">
          {report.missingCoChanges.length === 0 ? (
            <p className="muted">None.</p>
          ) : (
            <ul className="plain">
              {report.missingCoChanges.map((m) => (
                <li key={m.path}>
                  <PathText path={m.path} /> <span className="muted">{m.evidence}</span>
                </li>
              ))}
            </ul>
          )}
        </Section>
        <Section title="New debt markers">
          {report.newMarkers.length === 0 ? (
            <p className="muted">None.</p>
          ) : (
            <ul className="plain">
              {report.newMarkers.map((m) => (
                <li key={`${m.path}:${m.line}`}>
                  <span className="badge">{m.kind}</span>{' '}
                  <code className="path">
                    {m.path}:{m.line}
                  </code>{' '}
                  {m.text}
                </li>
              ))}
            </ul>
          )}
        </Section>
      </div>
      <Section
        title="Pull-request comment"
        description="The same report as Markdown, to paste into the pull request."
      >
        <details>
          <summary>Show the Markdown</summary>
          <pre className="markdown">{report.markdown}</pre>
        </details>
      </Section>
    </div>
  );
}

export function ReviewPage() {
  const query = useRepoQuery();
  const hash = useHashQuery();
  const branches = useApi<BranchList>(withQuery('/api/v1/review/branches', query));
  const [base, setBase] = useState('');
  const [head, setHead] = useState('');
  const [range, setRange] = useState(hash.range ?? '');
  const asked = hash.range ?? null;
  const report = useApi<ReviewReport>(
    asked !== null ? withQuery('/api/v1/review', { ...query, range: asked }) : null,
  );
  const list = branches.data?.branches ?? [];
  const defaultBase = base || branches.data?.defaultBase || '';
  const pick = (r: string): void => {
    window.location.hash = getPageHref('review', { range: r });
  };
  return (
    <>
      <Section
        title="What to review"
        description="Pick a branch to compare with the base, or paste a range such as main..feature/export."
      >
        {branches.error && <ErrorNotice error={branches.error} />}
        <form
          className="inline-form"
          onSubmit={(e) => {
            e.preventDefault();
            if (head !== '') pick(`${defaultBase}...${head}`);
          }}
        >
          <label>
            Base{' '}
            <select value={defaultBase} onChange={(e) => setBase(e.target.value)}>
              {list.map((b) => (
                <option key={b.name}>{b.name}</option>
              ))}
            </select>
          </label>
          <label>
            Branch{' '}
            <select value={head} onChange={(e) => setHead(e.target.value)} data-testid="review-branch">
              <option value="">choose a branch</option>
              {list
                .filter((b) => b.name !== defaultBase)
                .map((b) => (
                  <option key={b.name} value={b.name}>
                    {b.name} ({formatAgo(b.committedAt)})
                  </option>
                ))}
            </select>
          </label>
          <button type="submit" className="button primary" disabled={head === ''}>
            Review branch
          </button>
        </form>
        <form
          className="inline-form"
          onSubmit={(e) => {
            e.preventDefault();
            if (range.trim() !== '') pick(range.trim());
          }}
        >
          <label htmlFor="review-range">Range</label>
          <input
            id="review-range"
            value={range}
            onChange={(e) => setRange(e.target.value)}
            placeholder="main..feature/export"
          />
          <button type="submit" className="button">
            Review range
          </button>
        </form>
        {list.length > 0 && (
          <p className="help">
            {plural(list.length, 'branch', 'branches')}; checked out:{' '}
            {branches.data?.current ?? 'none (detached)'}.
          </p>
        )}
      </Section>
      {asked !== null &&
        (report.error ? (
          <ErrorNotice error={report.error} />
        ) : report.data ? (
          <Report report={report.data} />
        ) : (
          <Loading what="the review" />
        ))}
    </>
  );
}
