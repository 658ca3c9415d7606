/**
 * Benchmark: flow metrics over a generated year of status history (cumulative flow rebuilt day by day), and sprint
 * planning and a forecast in sprints over a large plan. Wall and CPU time, median of 5.
 *
 *   npx tsx bench/cadence.ts [items] [weeks]
 */
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import type { Item, ItemStatus, StatusChange } from '../src/domain/index.js';
import {
  computeFlow,
  createRandom,
  forecastSprints,
  getSprintCandidates,
  planSprint,
  sequencePlan,
} from '../src/judgment/index.js';

const ITEMS = Number(process.argv[2] ?? 20_000);
const WEEKS = Number(process.argv[3] ?? 52);
const DAY = 86_400;
const NOW = Date.UTC(2027, 0, 4) / 1000;
const random = createRandom(7);

/** Items created over WEEKS weeks; 70 % finished after 1 to 30 days in progress, 10 % in progress, the rest waiting. */
function history(): Item[] {
  return Array.from({ length: ITEMS }, (_, k): Item => {
    const created = NOW - Math.floor(random() * WEEKS * 7 * DAY);
    const roll = random();
    const changes: StatusChange[] = [{ from: null, to: 'ready', at: created }];
    let status: ItemStatus = 'ready';
    if (roll < 0.8) {
      const started = Math.min(NOW - DAY, created + Math.floor(random() * 10 * DAY));
      changes.push({ from: 'ready', to: 'in-progress', at: started });
      status = 'in-progress';
      const finished = started + Math.floor((1 + random() * 30) * DAY);
      if (roll < 0.7 && finished < NOW) {
        changes.push({ from: 'in-progress', to: 'done', at: finished });
        status = 'done';
      }
    }
    const at = (to: ItemStatus): number | null => changes.find((c) => c.to === to)?.at ?? null;
    return {
      id: `T-${k + 1}`,
      title: `item ${k + 1}`,
      description: '',
      kind: 'feature',
      status,
      rice: { reach: 1 + Math.floor(random() * 1000), impact: 1, confidence: 80, effort: 0.2 + random() * 2 },
      costOfDelay: { businessValue: null, timeCriticality: null, riskReduction: null },
      tags: [],
      requester: null,
      targetDate: null,
      areas: [],
      external: null,
      blockedBy: [],
      history: changes,
      startedAt: at('in-progress'),
      finishedAt: status === 'done' ? at('done') : null,
      createdAt: created,
      updatedAt: created,
      version: 1,
    };
  });
}

function measure(fn: () => void): { wall: number; cpu: number } {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  fn();
  const wall = performance.now() - t0;
  const c = process.cpuUsage(c0);
  return { wall, cpu: (c.user + c.system) / 1000 };
}

function median5(fn: () => void): { wall: number; cpu: number } {
  const runs = Array.from({ length: 5 }, () => measure(fn));
  const pick = (key: 'wall' | 'cpu'): number => runs.map((r) => r[key]).sort((a, b) => a - b)[2]!;
  return { wall: pick('wall'), cpu: pick('cpu') };
}

const items = history();
const flowTime = median5(() => computeFlow(items, { now: NOW, windowWeeks: WEEKS }));
const flow = computeFlow(items, { now: NOW, windowWeeks: WEEKS });
console.log(
  `flow: ${ITEMS.toLocaleString('en-US')} items, ${WEEKS} weeks (${flow.cumulativeFlow.length} days of cumulative flow): median of 5 ${flowTime.wall.toFixed(1)} ms wall, ${flowTime.cpu.toFixed(1)} ms CPU; cycle time P50 ${flow.cycleTime.p50} P85 ${flow.cycleTime.p85} days over ${flow.cycleTime.count} items, ${flow.aging.filter((a) => a.overP85).length} of ${flow.aging.length} in progress aging`,
);

const open = items.filter((i) => i.status !== 'done');
const planned = sequencePlan(open, { wip: 3 });
const candidates = getSprintCandidates(planned, open);
const planTime = median5(() => planSprint(candidates, { capacityDays: 40, focusFactor: 0.8 }));
const proposal = planSprint(candidates, { capacityDays: 40, focusFactor: 0.8 });
console.log(
  `sprint plan: ${candidates.length.toLocaleString('en-US')} open items, capacity 40 x 80 %: ${proposal.selected.length} items, ${proposal.plannedDays} person-days; median of 5 ${planTime.wall.toFixed(2)} ms wall`,
);
const ordered = planned.finishOrder.slice(0, 500).map((id) => candidates.find((c) => c.id === id)!);
const sprintTime = median5(() =>
  forecastSprints(
    [28, 31, 25, 34, 30, 27],
    ordered.map((c) => ({ id: c.id, sizeDays: c.sizeDays })),
    {
      start: NOW,
    },
  ),
);
console.log(
  `forecast in sprints: 10,000 trials x 500 items: median of 5 ${sprintTime.wall.toFixed(1)} ms wall, ${sprintTime.cpu.toFixed(1)} ms CPU; load average ${os.loadavg()[0]!.toFixed(1)} on ${os.cpus().length} cores`,
);
