/**
 * Repositories built to hit each verdict of `tpo assess` (src/judgment/assess-rationale.md), all active in 2024:
 * - lead: one person's web shop (React screens, no published package);
 * - paired: a web shop where two groups work apart (Ann and Bob on the shop, Cid and Dee on the admin);
 * - dedicated: a published library with a wire protocol (.proto) and three teams in CODEOWNERS.
 */
import { createTestRepo, type TestRepo } from './git-repo.js';

function code(name: string, lines: number): string {
  return Array.from(
    { length: lines },
    (_, k) => `export const ${name}${k} = (x: number): number => x * ${k};\n`,
  ).join('');
}

function screen(name: string, lines: number): string {
  return `import React from 'react';\n${Array.from({ length: lines }, (_, k) => `export const ${name}${k} = () => <p>${k}</p>;\n`).join('')}`;
}

const START = Date.UTC(2024, 0, 8, 10) / 1000;
const DAY = 86_400;

export function createLeadRepo(): TestRepo {
  const repo = createTestRepo();
  const fay = 'Fay Founder <fay@example.com>';
  repo.commit({
    message: 'Shop',
    author: fay,
    date: START,
    files: {
      'package.json': '{ "name": "fay-shop", "private": true }\n',
      'src/screens/Home.tsx': screen('Home', 30),
      'src/screens/Cart.tsx': screen('Cart', 30),
      'src/cart/cart.ts': code('cart', 20),
    },
  });
  repo.commit({
    message: 'More cart',
    author: fay,
    date: START + 30 * DAY,
    files: { 'src/cart/cart.ts': code('cart', 25) },
  });
  return repo;
}

export function createPairedRepo(): TestRepo {
  const repo = createTestRepo();
  const [ann, bob, cid, dee] = [
    'Ann <ann@example.com>',
    'Bob <bob@example.com>',
    'Cid <cid@example.com>',
    'Dee <dee@example.com>',
  ];
  const files: [string, string, string][] = [
    [ann, 'src/shop/Home.tsx', screen('Home', 30)],
    [bob, 'src/shop/Cart.tsx', screen('Cart', 30)],
    [cid, 'src/admin/Users.tsx', screen('Users', 30)],
    [dee, 'src/admin/Orders.tsx', screen('Orders', 30)],
  ];
  repo.commit({
    message: 'Start',
    author: ann,
    date: START,
    files: { 'package.json': '{ "name": "shop", "private": true }\n' },
  });
  files.forEach(([author, path, text], k) =>
    repo.commit({ message: `Add ${path}`, author, date: START + (k + 1) * DAY, files: { [path]: text } }),
  );
  return repo;
}

export function createDedicatedRepo(): TestRepo {
  const repo = createTestRepo();
  const [ann, bob, cid] = ['Ann <ann@example.com>', 'Bob <bob@example.com>', 'Cid <cid@example.com>'];
  repo.commit({
    message: 'Library',
    author: ann,
    date: START,
    files: {
      'package.json': '{ "name": "wirelib", "main": "src/core/index.js" }\n',
      '.github/CODEOWNERS':
        '# teams\n/src/core/ @acme/core\n/src/wire/ @acme/wire\n/src/cli/ @acme/cli @ann\n',
      'src/core/index.js': code('core', 30),
    },
  });
  repo.commit({
    message: 'Wire protocol',
    author: bob,
    date: START + DAY,
    files: {
      'src/wire/api.proto': 'syntax = "proto3";\nmessage Ping { string id = 1; }\n',
      'src/wire/codec.js': code('codec', 30),
    },
  });
  repo.commit({
    message: 'Command line',
    author: cid,
    date: START + 2 * DAY,
    files: { 'src/cli/main.js': code('main', 30) },
  });
  return repo;
}
