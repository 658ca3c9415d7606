/**
 * Calibration of forecasts in sprints on real history: merged change sets of a scanned repository as the finished
 * items, cut into sprints of 14 days. At every past sprint boundary, the sprint forecast (forecastSprints, the
 * same Monte Carlo engine as `tpo forecast`) draws from the items finished in each of the 6 sprints before it and
 * says within how many sprints the next N items will be done; the history then says whether they were. A
 * calibrated P85 holds about 85 % of the time.
 *
 *   npx tsx bench/sprint-backtest.ts <store.db> [sprint days] [sampled sprints]
 */
import { forecastSprints } from '../src/judgment/index.js';
import { loadChangeSets, loadRepos, openStore } from '../src/store/index.js';

const DAY = 86_400;
const location = process.argv[2];
if (!location)
  throw new Error('usage: npx tsx bench/sprint-backtest.ts <store.db> [sprint days] [sampled sprints]');
const sprintDays = Number(process.argv[3] ?? 14);
const sampled = Number(process.argv[4] ?? 6);
const HORIZONS = [5, 10, 20, 40];

const store = await openStore({ location });
try {
  for (const repo of await loadRepos(store.db)) {
    const finishes = (await loadChangeSets(store.db, repo.id))
      .map((s) => Number(s.finished_at))
      .sort((a, b) => a - b);
    if (finishes.length < 50) continue;
    const length = sprintDays * DAY;
    const first = finishes[0]! + sampled * length;
    const rows = HORIZONS.map((n) => ({ n, forecasts: 0, p50: 0, p85: 0, p95: 0 }));
    let boundaries = 0;
    for (let b = first; b < finishes[finishes.length - 1]!; b += length) {
      const samples = Array.from(
        { length: sampled },
        (_, k) =>
          finishes.filter((t) => t >= b - (sampled - k) * length && t < b - (sampled - k - 1) * length)
            .length,
      );
      if (samples.every((s) => s === 0)) continue;
      const after = finishes.filter((t) => t >= b);
      boundaries += 1;
      for (const row of rows) {
        if (after.length < row.n) continue;
        const actual = Math.ceil((after[row.n - 1]! - b + 1) / length);
        const items = Array.from({ length: row.n }, (_, k) => ({ id: `T-${k + 1}`, sizeDays: 1 }));
        const f = forecastSprints(samples, items, { start: b, trials: 2000, seed: boundaries }).items[
          row.n - 1
        ]!;
        row.forecasts += 1;
        // Null: not within 520 sprints, later than any real finish here; it holds.
        if (f.p50 === null || actual <= f.p50) row.p50 += 1;
        if (f.p85 === null || actual <= f.p85) row.p85 += 1;
        if (f.p95 === null || actual <= f.p95) row.p95 += 1;
      }
    }
    const pct = (x: number, n: number): string => (n === 0 ? '-' : `${Math.round((x / n) * 100)} %`);
    console.log(
      `${repo.name}: ${finishes.length} change sets, sprints of ${sprintDays} days, velocity from the ${sampled} sprints before each of ${boundaries} boundaries`,
    );
    for (const r of rows)
      console.log(
        `  next ${String(r.n).padStart(2)} items: ${String(r.forecasts).padStart(4)} forecasts, within P50 ${pct(r.p50, r.forecasts)}, P85 ${pct(r.p85, r.forecasts)}, P95 ${pct(r.p95, r.forecasts)}`,
      );
  }
} finally {
  await store.close();
}
