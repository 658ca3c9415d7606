/**
 * Backlog: the open items ranked with technical judgment, the stated and the tech-adjusted score side by side, with
 * the reasons and the "bigger than it looks" flag. RICE inputs and status are edited in place; each change is saved
 * with If-Match (the item's version), so a change someone made meanwhile is never overwritten. #/backlog?item=T-3
 * shows one item.
 */
import { useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { ApiError, sendJson, withQuery } from '../api/client';
import type { Item, ItemList, RankedItem, Ranking } from '../api/types';
import { useApi } from '../api/use-api';
import { useAppState } from '../app-state';
import { ErrorNotice, Figure, Loading, Section } from '../components/panels';
import { formatNumber, plural } from '../format';
import { getPageHref, useHashQuery } from '../hash-query';
import { ItemPage } from './item-page';

export const STATUSES = ['idea', 'ready', 'in-progress', 'done', 'dropped'] as const;
const KINDS = ['feature', 'bug', 'debt', 'chore'] as const;
const IMPACTS = [0.25, 0.5, 1, 2, 3] as const;
const IMPACT_WORDS: Record<number, string> = {
  0.25: 'minimal',
  0.5: 'low',
  1: 'medium',
  2: 'high',
  3: 'massive',
};
const PAGE_ROWS = 200;

/** A score for people: whole numbers from 100 up, one decimal below. */
export function formatScore(score: number | null | undefined): string {
  if (score === null || score === undefined) return '-';
  return score >= 100 ? formatNumber(score) : formatNumber(score, 1);
}

type RiceKey = 'reach' | 'confidence' | 'effort';

interface SaveProps {
  readonly item: Item;
  readonly onSave: (item: Item, patch: Record<string, unknown>) => Promise<void>;
}

/** A number edited in place: saved on Enter or when focus leaves, Escape puts the saved value back. */
function NumberCell({ item, field, label, onSave }: SaveProps & { field: RiceKey; label: string }) {
  const saved = item.rice[field];
  const [text, setText] = useState(saved === null ? '' : String(saved));
  const [lastSaved, setLastSaved] = useState(saved);
  if (saved !== lastSaved) {
    setLastSaved(saved);
    setText(saved === null ? '' : String(saved));
  }
  const commit = (): void => {
    const trimmed = text.trim();
    const value = trimmed === '' ? null : Number(trimmed);
    if (value === saved || (value !== null && !Number.isFinite(value))) {
      setText(saved === null ? '' : String(saved));
      return;
    }
    void onSave(item, { rice: { [field]: value } });
  };
  return (
    <input
      className="cell-input"
      inputMode="decimal"
      aria-label={`${label} of ${item.id}`}
      data-testid={`${field}-${item.id}`}
      value={text}
      onChange={(e) => setText(e.target.value)}
      onBlur={commit}
      onKeyDown={(e) => {
        e.stopPropagation();
        if (e.key === 'Enter') {
          e.preventDefault();
          commit();
        } else if (e.key === 'Escape') setText(saved === null ? '' : String(saved));
      }}
    />
  );
}

function ImpactCell({ item, onSave }: SaveProps) {
  return (
    <select
      className="cell-input"
      aria-label={`Impact of ${item.id}`}
      value={item.rice.impact === null ? '' : String(item.rice.impact)}
      onKeyDown={(e) => e.stopPropagation()}
      onChange={(e) =>
        void onSave(item, { rice: { impact: e.target.value === '' ? null : Number(e.target.value) } })
      }
    >
      <option value="">-</option>
      {IMPACTS.map((v) => (
        <option key={v} value={v}>
          {v} {IMPACT_WORDS[v]}
        </option>
      ))}
    </select>
  );
}

function StatusCell({ item, onSave }: SaveProps) {
  return (
    <select
      className="cell-input"
      aria-label={`Status of ${item.id}`}
      data-testid={`status-${item.id}`}
      value={item.status}
      onKeyDown={(e) => e.stopPropagation()}
      onChange={(e) => void onSave(item, { status: e.target.value })}
    >
      {STATUSES.map((s) => (
        <option key={s} value={s}>
          {s}
        </option>
      ))}
    </select>
  );
}

function Flags({ row }: { row: RankedItem }) {
  const t = row.technical;
  return (
    <>
      {t?.biggerThanItLooks && (
        <span className="badge badge-risk" title={t.reasons.join('; ')}>
          bigger than it looks{t.disguiseRatio !== null ? ` ×${formatNumber(t.disguiseRatio, 1)}` : ''}
        </span>
      )}
      {row.waitsFor.length > 0 && (
        <span className="badge" title={`waits for ${row.waitsFor.join(', ')}`}>
          blocked
        </span>
      )}
      {row.rankedUpBy && (
        <span className="badge badge-info" title={`unblocks ${row.rankedUpBy.id}`}>
          ranked up
        </span>
      )}
    </>
  );
}

/** The reasons that moved the item (the score formula itself is in the tooltip and on the item page). */
function ReasonSummary({ row }: { row: RankedItem }) {
  const moved = row.reasons.filter((r) => r.kind !== 'score');
  const shown = moved.slice(0, 2);
  return (
    <ul className="plain reason-list" title={row.reasons.map((r) => r.text).join('\n')}>
      {shown.map((reason, i) => (
        <li key={i}>{reason.text}</li>
      ))}
      {moved.length > shown.length && (
        <li className="muted">{plural(moved.length - shown.length, 'more reason')}</li>
      )}
    </ul>
  );
}

function AddItemForm({ onAdded }: { onAdded: () => void }) {
  const [title, setTitle] = useState('');
  const [error, setError] = useState<string | null>(null);
  return (
    <form
      className="inline-form"
      onSubmit={(e) => {
        e.preventDefault();
        if (title.trim() === '') return;
        sendJson<Item>('POST', '/api/v1/items', { title: title.trim() }).then(
          () => {
            setTitle('');
            setError(null);
            onAdded();
          },
          (err: unknown) => setError(err instanceof Error ? err.message : String(err)),
        );
      }}
    >
      <label htmlFor="new-item-title">New item</label>
      <input
        id="new-item-title"
        value={title}
        maxLength={300}
        placeholder="Export invoices as PDF"
        onChange={(e) => setTitle(e.target.value)}
      />
      <button type="submit" className="button">
        Add
      </button>
      {error !== null && (
        <span className="notice-inline" role="alert">
          {error}
        </span>
      )}
    </form>
  );
}

function BacklogTable() {
  const { meta } = useAppState();
  const [scheme, setScheme] = useState<'rice' | 'wsjf'>('rice');
  const ranking = useApi<Ranking>(withQuery('/api/v1/rank', { scheme }));
  const items = useApi<ItemList>('/api/v1/items?open=true');
  const [text, setText] = useState('');
  const [status, setStatus] = useState('');
  const [kind, setKind] = useState('');
  const [flaggedOnly, setFlaggedOnly] = useState(false);
  const [showAll, setShowAll] = useState(false);
  const [message, setMessage] = useState<{ text: string; error: boolean } | null>(null);
  const [focused, setFocused] = useState(0);
  const body = useRef<HTMLTableSectionElement>(null);
  const canEdit = meta.role === 'editor' || meta.role === 'admin';

  const byId = useMemo(() => new Map((items.data?.items ?? []).map((i) => [i.id, i])), [items.data]);
  const rows = useMemo(() => {
    const needle = text.trim().toLowerCase();
    return (ranking.data?.items ?? []).filter(
      (r) =>
        (needle === '' || r.id.toLowerCase().includes(needle) || r.title.toLowerCase().includes(needle)) &&
        (status === '' || r.status === status) &&
        (kind === '' || r.kind === kind) &&
        (!flaggedOnly || r.technical?.biggerThanItLooks === true),
    );
  }, [ranking.data, text, status, kind, flaggedOnly]);
  const shown = showAll ? rows : rows.slice(0, PAGE_ROWS);

  const reload = (): void => {
    ranking.reload();
    items.reload();
  };

  const save = async (item: Item, patch: Record<string, unknown>): Promise<void> => {
    try {
      const before = ranking.data?.items.find((r) => r.id === item.id)?.position;
      await sendJson<Item>('PATCH', `/api/v1/items/${item.id}`, patch, { ifMatch: `"${item.version}"` });
      setMessage({ text: `Saved ${item.id}${before ? ` (was #${before})` : ''}.`, error: false });
    } catch (error) {
      const stale = error instanceof ApiError && error.status === 409;
      setMessage({
        text: stale
          ? `${item.id} was changed by someone else meanwhile; nothing was saved. The table now shows their change: redo yours.`
          : `${item.id} was not saved: ${error instanceof Error ? error.message : String(error)}`,
        error: true,
      });
    }
    reload();
  };

  const focusRow = (index: number): void => {
    const clamped = Math.max(0, Math.min(shown.length - 1, index));
    setFocused(clamped);
    body.current?.querySelectorAll<HTMLTableRowElement>('tr')[clamped]?.focus();
  };
  const onRowKey = (event: KeyboardEvent<HTMLTableRowElement>, index: number, row: RankedItem): void => {
    if (event.target !== event.currentTarget) return;
    const moves: Record<string, number> = {
      ArrowDown: index + 1,
      ArrowUp: index - 1,
      Home: 0,
      End: shown.length - 1,
    };
    const target = moves[event.key];
    if (target !== undefined) {
      event.preventDefault();
      focusRow(target);
    } else if (event.key === 'Enter') {
      event.preventDefault();
      window.location.hash = getPageHref('backlog', { item: row.id });
    }
  };

  const error = ranking.error ?? items.error;
  if (error && !ranking.data) return <ErrorNotice error={error} />;
  if (!ranking.data) return <Loading what="the backlog" />;
  const r = ranking.data;
  const flagged = r.items.filter((i) => i.technical?.biggerThanItLooks).length;
  return (
    <>
      <div className="figures">
        <Figure
          label="Open items"
          value={formatNumber(r.items.length)}
          detail={`${formatNumber(r.closed)} done or dropped`}
        />
        <Figure
          label="Judged from the code"
          value={formatNumber(r.judged)}
          detail={r.unjudged > 0 ? `${formatNumber(r.unjudged)} name no code area` : 'every open item'}
        />
        <Figure
          label="Bigger than they look"
          value={formatNumber(flagged)}
          detail="technical effort at least 2x the stated"
        />
      </div>
      <Section
        title="Ranked backlog"
        description="Stated score from the RICE inputs; tech score after the judgment of the code (effort from similar past changes, confidence lowered by risks). Edit a value and press Enter: the item is saved and the ranking updates. Arrow keys move between rows, Enter opens the item."
      >
        {canEdit && <AddItemForm onAdded={reload} />}
        <div className="filters" role="search" aria-label="Filter the backlog">
          <label>
            Search
            <input
              type="search"
              value={text}
              onChange={(e) => setText(e.target.value)}
              placeholder="id or words"
            />
          </label>
          <label>
            Status
            <select value={status} onChange={(e) => setStatus(e.target.value)}>
              <option value="">any open</option>
              {STATUSES.slice(0, 3).map((s) => (
                <option key={s}>{s}</option>
              ))}
            </select>
          </label>
          <label>
            Kind
            <select value={kind} onChange={(e) => setKind(e.target.value)}>
              <option value="">any</option>
              {KINDS.map((k) => (
                <option key={k}>{k}</option>
              ))}
            </select>
          </label>
          <label>
            Score
            <select value={scheme} onChange={(e) => setScheme(e.target.value as 'rice' | 'wsjf')}>
              <option value="rice">RICE</option>
              <option value="wsjf">WSJF</option>
            </select>
          </label>
          <label className="check">
            <input type="checkbox" checked={flaggedOnly} onChange={(e) => setFlaggedOnly(e.target.checked)} />
            only bigger than they look
          </label>
        </div>
        <p className="status" role="status" aria-live="polite">
          {message ? <span className={message.error ? 'text-error' : 'status-ok'}>{message.text}</span> : ''}
        </p>
        <div className="table-wrap">
          <table className="data-table backlog-table" data-testid="backlog-table">
            <caption className="visually-hidden">Open backlog items in ranked order</caption>
            <thead>
              <tr>
                <th scope="col" className="num">
                  #
                </th>
                <th scope="col">Item</th>
                <th scope="col">Status</th>
                <th scope="col" className="num" title="People reached per quarter">
                  Reach
                </th>
                <th scope="col">Impact</th>
                <th scope="col" className="num" title="Confidence, percent">
                  Conf. %
                </th>
                <th scope="col" className="num" title="Stated effort, person-weeks">
                  Effort (wk)
                </th>
                <th scope="col" className="num" title="Score from the stated inputs">
                  {scheme.toUpperCase()}
                </th>
                <th scope="col" className="num" title="Score after the technical judgment">
                  Tech score
                </th>
                <th scope="col" className="num" title="Technical effort P50, person-weeks">
                  Tech effort
                </th>
                <th scope="col">Flags and reasons</th>
              </tr>
            </thead>
            <tbody ref={body}>
              {shown.length === 0 ? (
                <tr>
                  <td colSpan={11} className="empty">
                    {r.items.length === 0
                      ? 'No open item. Add one above, or import a tracker.'
                      : 'No item passes the filters.'}
                  </td>
                </tr>
              ) : (
                shown.map((row, index) => {
                  const item = byId.get(row.id);
                  const moved = row.adjustedScore !== row.score;
                  return (
                    <tr
                      key={row.id}
                      data-testid={`row-${row.id}`}
                      tabIndex={index === Math.min(focused, shown.length - 1) ? 0 : -1}
                      onKeyDown={(e) => onRowKey(e, index, row)}
                      onFocus={(e) => e.target === e.currentTarget && setFocused(index)}
                    >
                      <td className="num">{row.position}</td>
                      <td>
                        <a href={getPageHref('backlog', { item: row.id })} className="item-link">
                          <span className="item-id">{row.id}</span> {row.title}
                        </a>
                      </td>
                      <td>{item && canEdit ? <StatusCell item={item} onSave={save} /> : row.status}</td>
                      <td className="num">
                        {item && canEdit ? (
                          <NumberCell item={item} field="reach" label="Reach" onSave={save} />
                        ) : (
                          (item?.rice.reach ?? '-')
                        )}
                      </td>
                      <td>
                        {item && canEdit ? (
                          <ImpactCell item={item} onSave={save} />
                        ) : (
                          (item?.rice.impact ?? '-')
                        )}
                      </td>
                      <td className="num">
                        {item && canEdit ? (
                          <NumberCell item={item} field="confidence" label="Confidence" onSave={save} />
                        ) : (
                          (item?.rice.confidence ?? '-')
                        )}
                      </td>
                      <td className="num">
                        {item && canEdit ? (
                          <NumberCell item={item} field="effort" label="Effort" onSave={save} />
                        ) : (
                          (item?.rice.effort ?? '-')
                        )}
                      </td>
                      <td className="num" data-testid={`score-${row.id}`}>
                        {formatScore(row.score)}
                      </td>
                      <td className={moved ? 'num moved' : 'num'} data-testid={`tech-score-${row.id}`}>
                        {formatScore(row.adjustedScore)}
                        {moved && row.score !== null && row.adjustedScore !== null && (
                          <span className="visually-hidden">
                            {' '}
                            (changed from {formatScore(row.score)} by the technical judgment)
                          </span>
                        )}
                      </td>
                      <td className="num">
                        {row.technical ? formatNumber(row.technical.effortWeeks, 1) : '-'}
                      </td>
                      <td className="reasons">
                        <Flags row={row} />
                        <ReasonSummary row={row} />
                      </td>
                    </tr>
                  );
                })
              )}
            </tbody>
          </table>
        </div>
        {rows.length > PAGE_ROWS && (
          <p className="table-note">
            {showAll
              ? `Showing all ${formatNumber(rows.length)} items.`
              : `Showing the first ${PAGE_ROWS} of ${formatNumber(rows.length)} items.`}{' '}
            <button type="button" className="link-button" onClick={() => setShowAll(!showAll)}>
              {showAll ? 'Show fewer' : 'Show all'}
            </button>
          </p>
        )}
      </Section>
    </>
  );
}

export function BacklogPage() {
  const query = useHashQuery();
  if (query.item) return <ItemPage id={query.item} />;
  return <BacklogTable />;
}
