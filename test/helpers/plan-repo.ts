/**
 * A repository with a steady history for plan and forecast tests: two change sets a week (Monday and Wednesday,
 * 10:00 UTC) for 20 weeks from Monday 1 January 2024, in src/billing and src/app.
 */
import { createTestRepo, type TestRepo } from './git-repo.js';

/** Monday 20 May 2024, 00:00 UTC: the Monday after the last week of history. */
export const PLAN_REPO_END = Date.UTC(2024, 4, 20) / 1000;

export function createPlanRepo(): TestRepo {
  const repo = createTestRepo();
  const monday = Date.UTC(2024, 0, 1, 10) / 1000;
  for (let week = 0; week < 20; week += 1) {
    for (const [day, file] of [
      [0, 'src/billing/invoice.ts'],
      [2, 'src/app/main.ts'],
    ] as const) {
      const n = week * 2 + (day === 0 ? 0 : 1);
      repo.commit({
        message: `change ${n} in ${file}`,
        date: monday + week * 7 * 86_400 + day * 86_400,
        files: {
          [file]: `export const version = ${n};\n${Array.from({ length: n }, (_, k) => `export function f${k}(x: number): number {\n  return x + ${k};\n}\n`).join('')}`,
        },
      });
    }
  }
  return repo;
}
