/**
 * Benchmark: a Monte Carlo forecast of 10,000 trials over a 500-item plan (the bar: under 200 ms), and
 * the plan itself (sequencing 500 items with dependencies). Prints the first (cold) run and the median of 5.
 *
 *   npx tsx bench/forecast.ts [items] [trials]
 */
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { createRandom, forecastCompletion, sequencePlan } from '../src/judgment/index.js';
import type { Item } from '../src/domain/index.js';

const ITEMS = Number(process.argv[2] ?? 500);
const TRIALS = Number(process.argv[3] ?? 10_000);
const START = Date.UTC(2027, 0, 4) / 1000;

const random = createRandom(42);
// 12 weeks of throughput around 5 items a week, one quiet week
const weekly = [4, 6, 5, 3, 7, 5, 0, 6, 4, 5, 8, 5];
// The same weeks day by day, finishes on the 5 working days (as computeThroughput gives them to the app), and
// weeks correlated enough to be worth 5 independent ones.
const daily = weekly.flatMap((n) => {
  const days = [0, 0, 0, 0, 0, 0, 0];
  for (let i = 0; i < n; i += 1) days[Math.floor(random() * 5)]! += 1;
  return days;
});
const appOptions = { daily, effectiveWeeks: 5 };
const items = Array.from({ length: ITEMS }, (_, k) => ({
  id: `T-${k + 1}`,
  weight: random() < 0.1 ? 1 + Math.round(random() * 30) / 10 : 1,
}));

/** Wall and CPU time of one call, in ms (CPU time shows the work when other processes share the machine). */
function measure(fn: () => void): { wall: number; cpu: number } {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  fn();
  const wall = performance.now() - t0;
  const c = process.cpuUsage(c0);
  return { wall, cpu: (c.user + c.system) / 1000 };
}

function backlog(): Item[] {
  return Array.from({ length: ITEMS }, (_, k) => ({
    id: `T-${k + 1}`,
    title: `item ${k + 1}`,
    description: '',
    kind: 'feature',
    status: 'ready',
    rice: {
      reach: 1 + Math.floor(random() * 1000),
      impact: 1,
      confidence: 80,
      effort: 1 + Math.floor(random() * 4),
    },
    costOfDelay: { businessValue: null, timeCriticality: null, riskReduction: null },
    tags: [],
    requester: null,
    targetDate: null,
    areas: [],
    external: null,
    blockedBy: k > 0 && random() < 0.2 ? [`T-${1 + Math.floor(random() * k)}`] : [],
    history: [],
    startedAt: null,
    finishedAt: null,
    createdAt: k,
    updatedAt: k,
    version: 1,
  }));
}

/** The first run and the median of 5 (wall), with the median CPU time, of a forecast with these options. */
function benchForecast(label: string, options: object): number {
  const runs: { wall: number; cpu: number }[] = [];
  for (let i = 0; i < 5; i += 1)
    runs.push(
      measure(() =>
        forecastCompletion(weekly, items, { ...options, start: START, trials: TRIALS, seed: i + 1 }),
      ),
    );
  const median = (key: 'wall' | 'cpu'): number => runs.map((r) => r[key]).sort((a, b) => a - b)[2]!;
  const wall = median('wall');
  console.log(
    `forecast (${label}): ${TRIALS.toLocaleString('en-US')} trials x ${ITEMS} items: first run ${runs[0]!.wall.toFixed(1)} ms wall, median of 5 ${wall.toFixed(1)} ms wall, ${median('cpu').toFixed(1)} ms CPU (bar: 200 ms) ${wall < 200 ? 'OK' : 'TOO SLOW'}; load average ${os.loadavg()[0]!.toFixed(1)} on ${os.cpus().length} cores`,
  );
  return wall;
}

// Each run alone in a fresh process is what a CLI call pays; `--only daily|weekly` measures one path.
const only = process.argv.find((a) => a.startsWith('--only='))?.slice('--only='.length);
const wall = Math.max(
  only === 'weekly' ? 0 : benchForecast('daily throughput, as the app runs it', appOptions),
  only === 'daily' ? 0 : benchForecast('weekly throughput only', {}),
);
const plan = backlog();
const planMs = measure(() => sequencePlan(plan, { wip: 3 })).wall;
const f = forecastCompletion(weekly, items, { ...appOptions, start: START, trials: TRIALS });
console.log(`plan: sequencing ${ITEMS} items with dependencies: ${planMs.toFixed(1)} ms`);
console.log(
  `last item: P50 ${f.items[ITEMS - 1]!.p50.date}, P85 ${f.items[ITEMS - 1]!.p85.date}, P95 ${f.items[ITEMS - 1]!.p95.date}`,
);
if (wall >= 200) process.exitCode = 1;
