/**
 * The item's explanation (plain words for stakeholders, technical terms for engineers; every figure traced to the
 * judgment it comes from) and its breakdown into technical tasks per layer, from the translate feature's routes.
 * Without that feature the slot says so.
 */
import { useState } from 'react';
import { withQuery } from '../api/client';
import type { BreakdownBody, ExplanationBody } from '../api/types';
import { useApi } from '../api/use-api';
import { useAppState } from '../app-state';
import { Loading, Section, PathText } from '../components/panels';
import { formatNumber, formatPercent } from '../format';

type Audience = 'stakeholder' | 'engineer';

function Explanation({ id }: { id: string }) {
  const [audience, setAudience] = useState<Audience>('stakeholder');
  const explanation = useApi<ExplanationBody>(
    withQuery(`/api/v1/items/${encodeURIComponent(id)}/explanation`, { for: audience }),
  );
  return (
    <Section
      title="Explanation"
      id="explanation"
      description="What the item takes and when it is likely done, from the computed figures."
      actions={
        <fieldset className="toggle">
          <legend className="visually-hidden">Explain for</legend>
          {(['stakeholder', 'engineer'] as const).map((a) => (
            <label key={a}>
              <input
                type="radio"
                name="explain-audience"
                value={a}
                checked={audience === a}
                onChange={() => setAudience(a)}
              />
              {a === 'stakeholder' ? 'Stakeholder' : 'Engineer'}
            </label>
          ))}
        </fieldset>
      }
    >
      {explanation.error ? (
        <p className="muted">{explanation.error.message}</p>
      ) : !explanation.data ? (
        <Loading what="the explanation" />
      ) : (
        <div data-testid="explanation">
          {explanation.data.sentences.map((s, i) => (
            <p key={i} title={s.figures.map((f) => `${f.shown}: ${f.field}`).join('\n')}>
              {s.text}
            </p>
          ))}
          {explanation.data.notices.map((n, i) => (
            <p key={i} className="help">
              {n}
            </p>
          ))}
        </div>
      )}
    </Section>
  );
}

function Breakdown({ id }: { id: string }) {
  const breakdown = useApi<BreakdownBody>(`/api/v1/items/${encodeURIComponent(id)}/breakdown`);
  const b = breakdown.data;
  return (
    <Section
      title="Breakdown"
      id="breakdown"
      description={
        b
          ? `Technical tasks per layer it crosses: ${formatNumber(b.effort.p50, 1)} person-days likely, ${formatNumber(b.effort.p85, 1)} safe (P85).`
          : 'Technical tasks per layer it crosses.'
      }
    >
      {breakdown.error ? (
        <p className="muted">{breakdown.error.message}</p>
      ) : !b ? (
        <Loading what="the breakdown" />
      ) : (
        <div className="table-wrap">
          <table className="data-table compact" data-testid="breakdown">
            <caption className="visually-hidden">Technical tasks of {id}</caption>
            <thead>
              <tr>
                <th scope="col">Layer</th>
                <th scope="col">Task</th>
                <th scope="col">Files</th>
                <th scope="col">Who knows them</th>
                <th scope="col" className="num" title="Person-days, P50 / P85">
                  Days
                </th>
                <th scope="col">After</th>
              </tr>
            </thead>
            <tbody>
              {b.tasks.map((t, i) => (
                <tr key={i}>
                  <td>{t.layer}</td>
                  <td>
                    {t.title}
                    {t.risks.length > 0 && <div className="help">{t.risks.join('; ')}</div>}
                  </td>
                  <td>
                    {t.files.slice(0, 4).map((f) => (
                      <PathText key={f.path} path={f.path} block />
                    ))}
                    {t.files.length > 4 && <span className="muted">and {t.files.length - 4} more</span>}
                  </td>
                  <td>
                    {t.people
                      .slice(0, 3)
                      .map((p) => `${p.name} (${formatPercent(p.share)}${p.inactive ? ', inactive' : ''})`)
                      .join(', ') || '-'}
                  </td>
                  <td className="num">
                    {formatNumber(t.effort.p50, 1)} / {formatNumber(t.effort.p85, 1)}
                  </td>
                  <td>{t.blockedBy.join(', ') || '-'}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {b.notes.map((n, i) => (
            <p key={i} className="help">
              {n}
            </p>
          ))}
        </div>
      )}
    </Section>
  );
}

export function ExplanationSlot({ id }: { id: string }) {
  const { meta } = useAppState();
  if (!meta.features.includes('translate'))
    return (
      <Section title="Explanation and breakdown" id="explanation">
        <div className="notice" data-testid="explanation-slot">
          Explanations and breakdowns come with the translate feature, which this server does not offer.
        </div>
      </Section>
    );
  return (
    <div data-testid="explanation-slot">
      <Explanation id={id} />
      <Breakdown id={id} />
    </div>
  );
}
