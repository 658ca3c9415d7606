/**
 * The board: a sprint board with its burndown for Scrum, a Kanban board with WIP limits and aging for Kanban,
 * both for a hybrid team; and the cadence and WIP limits, changeable here.
 */
import { useEffect, useState, type FormEvent } from 'react';
import { ApiError, postJson } from '../api/client';
import type { CadenceSettingsView, UpdateCadenceBody } from '../api/types';
import { useApi } from '../api/use-api';
import { useAppState } from '../app-state';
import { ErrorNotice, Loading, Section } from '../components/panels';
import { KanbanBoard } from './board-kanban';
import { SprintBoard } from './board-sprint';
import './board.css';

const STATUSES = ['idea', 'ready', 'in-progress'] as const;
type Cadence = CadenceSettingsView['cadence'];

function CadenceForm({ settings }: { settings: CadenceSettingsView }) {
  const { refresh } = useAppState();
  const [cadence, setCadence] = useState<Cadence>(settings.cadence);
  const [limits, setLimits] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<string | null>(null);
  useEffect(() => {
    setCadence(settings.cadence);
    setLimits(Object.fromEntries(STATUSES.map((s) => [s, String(settings.wipLimits[s] ?? '')])));
  }, [settings]);
  const save = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    const wipLimits: NonNullable<UpdateCadenceBody['wipLimits']> = {};
    for (const s of STATUSES) {
      const text = (limits[s] ?? '').trim();
      wipLimits[s] = text === '' ? null : Number(text);
    }
    try {
      await postJson<CadenceSettingsView>('/api/v1/cadence', { cadence, wipLimits });
      setMessage('Saved.');
      refresh();
    } catch (error) {
      setMessage(error instanceof ApiError ? error.message : String(error));
    }
  };
  return (
    <form className="board-settings" onSubmit={(e) => void save(e)} aria-label="Cadence and WIP limits">
      <div className="board-field">
        <label htmlFor="board-cadence">Cadence</label>
        <select id="board-cadence" value={cadence} onChange={(e) => setCadence(e.target.value as Cadence)}>
          <option value="scrum">Scrum (sprints)</option>
          <option value="kanban">Kanban (flow)</option>
          <option value="hybrid">Hybrid (sprints with WIP limits)</option>
        </select>
      </div>
      {STATUSES.map((s) => (
        <label key={s}>
          WIP limit: {s}
          <input
            type="number"
            min={1}
            step={1}
            placeholder="none"
            value={limits[s] ?? ''}
            onChange={(e) => setLimits((l) => ({ ...l, [s]: e.target.value }))}
          />
        </label>
      ))}
      <button type="submit" className="button primary">
        Save
      </button>
      {message !== null && (
        <span role="status" className="status">
          {message}
        </span>
      )}
    </form>
  );
}

export function BoardPage() {
  const { data, error } = useApi<CadenceSettingsView>('/api/v1/cadence');
  if (error && !data) return <ErrorNotice error={error} />;
  if (!data) return <Loading what="the cadence" />;
  return (
    <>
      {data.cadence !== 'kanban' && <SprintBoard />}
      {data.cadence !== 'scrum' && <KanbanBoard />}
      <Section
        title="How the team works"
        description={
          data.updatedAt === null
            ? 'Not chosen yet: Kanban without WIP limits. Scrum plans sprints against capacity and velocity; Kanban limits work in progress and watches flow; hybrid does both.'
            : 'Scrum plans sprints against capacity and velocity; Kanban limits work in progress and watches flow; hybrid does both.'
        }
      >
        <CadenceForm settings={data} />
      </Section>
    </>
  );
}
