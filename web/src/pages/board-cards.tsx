/** A board column of cards: the status, its WIP limit (red when over), and each card's age. */
import type { ReactNode } from 'react';

export interface BoardCardView {
  readonly id: string;
  readonly title: string;
  readonly detail: ReactNode;
  /** Marked as aging (a red edge and the word, not the colour alone). */
  readonly aging?: boolean;
}

export function BoardColumn({
  title,
  count,
  limit,
  cards,
  testId,
}: {
  title: string;
  count: number;
  limit?: number | null;
  cards: readonly BoardCardView[];
  testId?: string;
}) {
  const over = limit !== undefined && limit !== null && count > limit;
  const headingId = `board-${title.toLowerCase().replace(/\W+/g, '-')}`;
  return (
    <section
      className={over ? 'board-column over' : 'board-column'}
      aria-labelledby={headingId}
      data-testid={testId}
    >
      <h3 id={headingId}>
        <span>{title}</span>
        <span className="board-limit">
          {limit !== undefined && limit !== null ? (
            <>
              {count} / {limit}
              {over ? ' over the WIP limit' : ''}
            </>
          ) : (
            count
          )}
        </span>
      </h3>
      {cards.length === 0 ? (
        <p className="board-empty">Nothing here.</p>
      ) : (
        <ul className="board-cards">
          {cards.map((c) => (
            <li key={c.id} className={c.aging ? 'board-card aging' : 'board-card'}>
              <div>
                <strong>{c.id}</strong> {c.title}
              </div>
              <div className="board-card-meta">{c.detail}</div>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
