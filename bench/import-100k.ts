/**
 * Benchmark: import a generated CSV of 100,000 items into a fresh SQLite store, then import it again
 * (every item matched by its key and unchanged). The bar: under 10 s for the first import.
 *
 *   npx tsx bench/import-100k.ts [rows]
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { importBacklog } from '../src/app/index.js';
import { openStore } from '../src/store/index.js';

const ROWS = Number(process.argv[2] ?? 100_000);
const KINDS = ['story', 'bug', 'debt', 'chore'];
const STATUSES = ['To Do', 'Ready', 'In Progress', 'Done', 'Dropped'];
const IMPACTS = [0.25, 0.5, 1, 2, 3];

/** A deterministic generator (mulberry32), so every run imports the same file. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function generate(rows: number): string {
  const next = random(42);
  const lines = [
    'key,title,description,type,status,reach,impact,confidence,effort,labels,requester,blocked by,created',
  ];
  for (let i = 1; i <= rows; i += 1) {
    const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)]!;
    // One item in ten waits for an earlier one, so dependencies are resolved and checked for cycles too.
    const blocker = i > 1 && next() < 0.1 ? `BENCH-${1 + Math.floor(next() * (i - 1))}` : '';
    lines.push(
      [
        `BENCH-${i}`,
        `"Item ${i}: make the ${pick(['invoice', 'cart', 'search', 'login'])} ${pick(['faster', 'simpler', 'safer'])}"`,
        `"What and why, with a comma, and ""quotes"" (${i})."`,
        pick(KINDS),
        pick(STATUSES),
        String(Math.floor(next() * 10_000)),
        String(pick(IMPACTS)),
        String(Math.floor(next() * 101)),
        (Math.floor(next() * 40) / 4 + 0.25).toString(),
        `"${pick(['billing', 'cart', 'search'])}, ${pick(['q1', 'q2', 'q3'])}"`,
        pick(['Dana', 'Eve', 'Ann', '']),
        blocker,
        new Date(Date.UTC(2023, 0, 1) + i * 60_000).toISOString(),
      ].join(','),
    );
  }
  return `${lines.join('\r\n')}\r\n`;
}

async function main(): Promise<void> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'tpo-bench-'));
  try {
    const file = path.join(dir, 'backlog.csv');
    writeFileSync(file, generate(ROWS));
    const store = await openStore({ location: path.join(dir, 'tpo.db') });
    try {
      let t = performance.now();
      // CPU time too: on a shared machine, wall time also counts other processes' turns.
      const cpu0 = process.cpuUsage();
      const first = await importBacklog(store, readFileSync(file), file);
      const firstMs = performance.now() - t;
      const cpu = process.cpuUsage(cpu0);
      const firstCpuMs = (cpu.user + cpu.system) / 1000;
      t = performance.now();
      const again = await importBacklog(store, readFileSync(file), file);
      const againMs = performance.now() - t;
      const sizeMb = readFileSync(file).length / 1024 / 1024;
      process.stdout.write(
        `import ${ROWS.toLocaleString('en-US')} rows (${sizeMb.toFixed(1)} MB CSV) into SQLite: ${(firstMs / 1000).toFixed(2)} s (CPU ${(firstCpuMs / 1000).toFixed(2)} s, ${first.created} created); ` +
          `again: ${(againMs / 1000).toFixed(2)} s (${again.unchanged} unchanged); bar 10 s: ${firstMs < 10_000 ? 'met' : 'MISSED'}\n`,
      );
      if (first.created !== ROWS || again.unchanged !== ROWS) process.exitCode = 1;
    } finally {
      await store.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
