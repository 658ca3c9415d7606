/**
 * A small shop with clear layers under folder names that say nothing of them (tpo must recognise layers from what
 * files are and import, not from folder names): SQL and a store on a database driver (data), pricing rules
 * (domain), an HTTP handler on fastify (API), a React screen (UI), a spec (tests), notes and a changelog (docs and
 * release). Ann owns the data code, Bob the pricing, Cid the handler and the screen; a year of history in
 * merged branches, the last from 1 June 2024.
 */
import { createTestRepo, type TestRepo } from './git-repo.js';

export const LAYERED_FILES = {
  data: ['src/persistence/orders.sql', 'src/persistence/order-store.ts'],
  domain: ['src/pricing/discount.ts', 'src/pricing/order-total.ts'],
  api: ['src/server/orders-handler.ts'],
  ui: ['src/screens/OrderSummary.tsx'],
  tests: ['spec/order-total.spec.ts'],
  docs: ['notes/orders.md', 'CHANGELOG.md'],
} as const;

const ANN = 'Ann Data <ann@example.com>';
const BOB = 'Bob Rules <bob@example.com>';
const CID = 'Cid Web <cid@example.com>';

function body(lines: number, seed: number): string {
  return Array.from(
    { length: lines },
    (_, k) =>
      `export function helper${seed}_${k}(x: number): number {\n  if (x > ${k}) {\n    return x - ${k};\n  }\n  return x + ${seed};\n}\n`,
  ).join('');
}

function files(version: number): Record<string, string> {
  return {
    'package.json': `${JSON.stringify({ name: 'shop', version: `1.${version}.0`, private: true }, null, 2)}\n`,
    'src/persistence/orders.sql': `CREATE TABLE orders (id INTEGER PRIMARY KEY, total INTEGER, v${version} INTEGER);\n`,
    'src/persistence/order-store.ts': `import Database from 'better-sqlite3';\nexport const db = new Database(':memory:');\nexport function loadOrder(id: number): { total: number } {\n  return db.prepare('select total from orders where id = ?').get(id) as { total: number };\n}\n${body(2, version)}`,
    'src/pricing/discount.ts': `export function discount(total: number): number {\n  return total > 100 ? total * 0.1 : 0;\n}\n${body(2, version)}`,
    'src/pricing/order-total.ts': `import { loadOrder } from '../persistence/order-store.js';\nimport { discount } from './discount.js';\nexport function orderTotal(id: number): number {\n  const { total } = loadOrder(id);\n  return total - discount(total);\n}\n${body(3, version)}`,
    'src/server/orders-handler.ts': `import Fastify from 'fastify';\nimport { orderTotal } from '../pricing/order-total.js';\nexport const app = Fastify();\napp.get('/orders/:id/total', async (req) => ({ total: orderTotal(Number((req.params as { id: string }).id)) }));\n`,
    'src/screens/OrderSummary.tsx': `import React from 'react';\nimport { orderTotal } from '../pricing/order-total.js';\nexport function OrderSummary({ id }: { id: number }) {\n  return <p>Total: {orderTotal(id)}</p>;\n}\n`,
    'spec/order-total.spec.ts': `import { expect, it } from 'vitest';\nimport { orderTotal } from '../src/pricing/order-total.js';\nit('totals', () => {\n  expect(orderTotal(${version})).toBeTypeOf('number');\n});\n`,
    'notes/orders.md': `# Orders\n\nThe order total is the sum minus the discount (v${version}).\n`,
    'CHANGELOG.md': `# Changelog\n\n${Array.from({ length: version }, (_, k) => `- 1.${k + 1}.0: pricing change ${k + 1}`).join('\n')}\n`,
  };
}

/** Each branch: the owner of a layer changes it with the pricing, tests and notes, and merges after `days`. */
export function createLayeredRepo(): TestRepo {
  const repo = createTestRepo();
  let t = Date.UTC(2023, 5, 1, 9) / 1000;
  const start = files(0);
  const part = (test: (p: string) => boolean): Record<string, string> =>
    Object.fromEntries(Object.entries(start).filter(([p]) => test(p)));
  repo.commit({
    message: 'Start the shop: orders table',
    author: ANN,
    date: t,
    files: part((p) => p.startsWith('src/persistence/') || !/^(src|spec)\//.test(p)),
  });
  repo.commit({
    message: 'Pricing rules',
    author: BOB,
    date: (t += 86_400),
    files: part((p) => p.startsWith('src/pricing/') || p.startsWith('spec/')),
  });
  repo.commit({
    message: 'Order total on the web and on screen',
    author: CID,
    date: (t += 86_400),
    files: part((p) => p.startsWith('src/server/') || p.startsWith('src/screens/')),
  });
  const owners = [ANN, BOB, CID, BOB, BOB, CID];
  for (let v = 1; v <= 12; v += 1) {
    const all = files(v);
    const author = owners[v % owners.length]!;
    repo.branch(`change-${v}`);
    const first = Object.fromEntries(
      Object.entries(all).filter(([p]) => p.startsWith('src/pricing/') || p === 'spec/order-total.spec.ts'),
    );
    repo.commit({ message: `pricing change ${v}`, author: BOB, date: (t += 86_400), files: first });
    const owned = author === ANN ? 'src/persistence/' : author === CID ? 'src/s' : 'src/pricing/discount';
    repo.commit({
      message: `follow-up ${v}`,
      author,
      date: (t += 86_400 * (2 + (v % 4))),
      files: Object.fromEntries(
        Object.entries(all).filter(
          ([p]) =>
            p.startsWith(owned) || p === 'notes/orders.md' || p === 'CHANGELOG.md' || p === 'package.json',
        ),
      ),
    });
    repo.checkout('main');
    repo.merge(`change-${v}`, {
      message: `Merge pull request #${v} from shop/change-${v}`,
      author,
      date: (t += 86_400),
    });
    t += 86_400 * 25;
  }
  return repo;
}
