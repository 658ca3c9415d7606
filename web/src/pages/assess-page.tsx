/** Assess: "do we need a technical product owner?", the verdict with the evidence of each signal. */
import type { AssessmentBody } from '../api/types';
import { useApi } from '../api/use-api';
import { ErrorNotice, Loading, Section } from '../components/panels';
import { formatNumber, plural } from '../format';

export function AssessPage() {
  const assessment = useApi<AssessmentBody>('/api/v1/assess');
  if (assessment.error) return <ErrorNotice error={assessment.error} />;
  if (!assessment.data) return <Loading what="the assessment" />;
  const a = assessment.data;
  return (
    <>
      <Section title="Verdict" description={`From ${a.repo} at ${a.commit.slice(0, 10)} and its backlog.`}>
        <p className="verdict" data-testid="assess-verdict">
          <strong>{a.verdictText}</strong>
        </p>
        <ul className="plain">
          {a.reasons.map((r, i) => (
            <li key={i}>{r}</li>
          ))}
        </ul>
      </Section>
      <div className="grid-2">
        {a.signals.map((s) => (
          <Section key={s.key} title={s.question} id={`signal-${s.key}`}>
            <p className="signal-answer">
              <strong>{s.answer}</strong>
              {s.figure !== null && (
                <span className="muted">
                  {' '}
                  ({formatNumber(s.figure, s.figure % 1 === 0 ? 0 : 1)} {s.unit})
                </span>
              )}
            </p>
            <p className="help">
              <span className="badge">{plural(s.points, 'point')}</span> {s.rule}
            </p>
            <ul className="plain">
              {s.evidence.map((e, i) => (
                <li key={i}>{e}</li>
              ))}
            </ul>
          </Section>
        ))}
      </div>
      {a.carriers.length > 0 && (
        <Section title="Who carries the function today" description="People who know the most modules.">
          <ul className="plain">
            {a.carriers.map((c) => (
              <li key={c.name}>
                <strong>{c.name}</strong> knows {c.modules} of {c.ofModules} modules
              </li>
            ))}
          </ul>
        </Section>
      )}
    </>
  );
}
