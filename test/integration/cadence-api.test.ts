import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addItem, addSprint, moveItem, startSprint } from '../../src/app/index.js';
import { createTestServer, type TestServer } from '../helpers/server.js';
import { DIALECTS } from '../helpers/stores.js';

const DAY = 86_400;
const dayOf = (t: number): string => new Date(t * 1000).toISOString().slice(0, 10);

describe.each(DIALECTS)('Scrum and Kanban over HTTP on %s', (dialect) => {
  let server: TestServer;
  const now = Math.floor(Date.now() / 1000);
  beforeAll(async () => {
    server = await createTestServer(dialect, { scan: false });
    const { store } = server.workspace;
    const add = (title: string, reach: number, effort: number) =>
      addItem(
        store,
        { title, status: 'ready', rice: { reach, impact: 1, confidence: 100, effort } },
        { now: now - 20 * DAY },
      );
    await add('Export CSV', 900, 0.6);
    await add('Saved searches', 500, 1);
    await add('Dark mode', 100, 0.4);
    // A finished sprint: T-1 (3 person-days) done in it.
    await addSprint(store, {
      name: 'Sprint 1',
      start: dayOf(now - 16 * DAY),
      end: dayOf(now - 10 * DAY),
      capacityDays: 4,
    });
    await startSprint(server.workspace, 'Sprint 1', { now: now - 16 * DAY });
    await moveItem(store, 'T-1', 'in-progress', { now: now - 15 * DAY });
    await moveItem(store, 'T-1', 'done', { now: now - 13 * DAY });
    await addSprint(store, {
      name: 'Sprint 2',
      start: dayOf(now - 2 * DAY),
      end: dayOf(now + 5 * DAY),
      capacityDays: 8,
    });
  });
  afterAll(async () => {
    await server?.close();
  });

  it('lists the cadence feature and changes the cadence and WIP limits all or nothing', async () => {
    const { app } = server;
    expect((await app.inject({ url: '/api/v1/meta' })).json<{ features: string[] }>().features).toContain(
      'cadence',
    );
    expect((await app.inject({ url: '/api/v1/cadence' })).json()).toEqual({
      cadence: 'kanban',
      wipLimits: {},
      updatedAt: null,
    });
    const changed = await app.inject({
      method: 'POST',
      url: '/api/v1/cadence',
      payload: { cadence: 'hybrid', wipLimits: { 'in-progress': 1, ready: 4 } },
    });
    expect(changed.statusCode).toBe(200);
    expect(changed.json()).toMatchObject({ cadence: 'hybrid', wipLimits: { ready: 4, 'in-progress': 1 } });
    const refused = await app.inject({
      method: 'POST',
      url: '/api/v1/cadence',
      payload: { cadence: 'scrum', wipLimits: { done: 3 } },
    });
    expect(refused.statusCode).toBe(400);
    expect(refused.headers['content-type']).toMatch(/^application\/problem\+json/);
    const removed = await app.inject({
      method: 'POST',
      url: '/api/v1/cadence',
      payload: { wipLimits: { ready: null } },
    });
    expect(removed.json()).toMatchObject({ cadence: 'hybrid', wipLimits: { 'in-progress': 1 } });
  });

  it('serves sprints, the burndown, the proposed plan and the forecast in sprints', async () => {
    const { app } = server;
    const list = (await app.inject({ url: '/api/v1/sprints' })).json<{
      sprints: { name: string; state: string; doneDays: number }[];
    }>();
    expect(list.sprints.map((s) => [s.name, s.state, s.doneDays])).toEqual([
      ['Sprint 1', 'finished', 3],
      ['Sprint 2', 'active', 0],
    ]);
    const status = (await app.inject({ url: '/api/v1/sprints/status?name=Sprint%201' })).json<{
      burndown: { remainingDays: number | null }[];
      committedDays: number;
    }>();
    expect(status.committedDays).toBe(3);
    expect(status.burndown).toHaveLength(7);
    expect(status.burndown.at(-1)!.remainingDays).toBe(0);
    const plan = await app.inject({ url: '/api/v1/sprints/plan' });
    expect(plan.statusCode).toBe(200);
    // Capacity 8 x focus 3 / 4 = 6: T-2 (5); T-3 (2) does not fit.
    expect(plan.json()).toMatchObject({
      limitDays: 6,
      plannedDays: 5,
      selected: [{ id: 'T-2' }],
      committed: false,
    });
    const forecast = (await app.inject({ url: '/api/v1/sprints/forecast?seed=2&trials=1000' })).json<{
      words: string;
    }>();
    // 7 person-days at 3 a sprint: 3 sprints.
    expect(forecast.words).toBe(
      'all 2 open items (7 person-days): 50 % likely within 3 sprints, 85 % likely within 3 sprints, 95 % likely within 3 sprints',
    );
    const missing = await app.inject({ url: '/api/v1/sprints/status?name=Nope' });
    expect(missing.statusCode).toBe(404);
  });

  it('serves flow with the board, cumulative flow and the WIP breach', async () => {
    const { app } = server;
    await moveItem(server.workspace.store, 'T-2', 'in-progress');
    await moveItem(server.workspace.store, 'T-3', 'in-progress');
    const flow = (await app.inject({ url: '/api/v1/flow?window=4' })).json<{
      cycleTime: { p50: number };
      columns: { status: string; over: boolean; cards: { id: string }[] }[];
      cumulativeFlow: unknown[];
      breaches: { status: string; now: boolean }[];
    }>();
    expect(flow.cycleTime.p50).toBe(3);
    expect(flow.columns.find((c) => c.status === 'in-progress')).toMatchObject({ over: true });
    expect(flow.cumulativeFlow).toHaveLength(28);
    expect(flow.breaches).toEqual([expect.objectContaining({ status: 'in-progress', now: true })]);
    expect((await app.inject({ url: '/api/v1/flow?window=0' })).statusCode).toBe(400);
  });
});
