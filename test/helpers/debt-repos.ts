/**
 * Generated repositories with planted debt and planted review findings, with the figures a test expects worked
 * out by hand in the comments.
 */
import { createTestRepo, type TestRepo } from './git-repo.js';

export const ANN = 'Ann Author <ann@example.com>';
export const BOB = 'Bob Builder <bob@example.com>';
export const CY = 'Cy Coder <cy@example.com>';
export const OLD = 'Old Timer <old@example.com>';

/** Unix seconds of a UTC date. */
export const at = (iso: string): number => Date.parse(`${iso}T12:00:00Z`) / 1000;

/** `n` lines indented by four tabs: loc n, indentation complexity 4n, cyclomatic 1 (top-level calls only). */
function deepLines(n: number, tag: string): string {
  return Array.from({ length: n }, (_, i) => `\t\t\t\tcall${tag}${i}();\n`).join('');
}

/**
 * Planted debt:
 * - src/engine/hot.ts, an unhealthy hotspot: 1,600 lines of code nested 4 levels (size -2, nesting -2: health 6.0),
 *   changed in 6 change sets within the last 12 months (0.5 a month).
 * - src/cycle/a.ts <-> src/cycle/b.ts, an import cycle (health 9.0 each).
 * - src/core/big.ts, a god file: 520 lines imported by 20 files (size -0.2: health 9.8).
 * - src/legacy/, a silo whose owner left: 180 lines by Old Timer, whose last commit is 2023-01-10, with a TODO on
 *   line 4 of old.ts since that day (old.ts: inactive owner -1, marker -0.25: health 8.75, shown 8.8).
 * The last commit is on 2024-06-01.
 */
export function createPlantedDebtRepo(): TestRepo {
  const repo = createTestRepo();
  const legacy = [
    'export function legacyTotal(x: number): number {',
    '  return x;',
    '}',
    '// TODO: remove the legacy path once billing v2 ships',
    ...Array.from({ length: 117 }, (_, i) => `export const legacy${i} = ${i};`),
  ];
  // Line 4 holds the marker comment; lines of code: 3 + 117 = 120.
  repo.commit({
    message: 'legacy billing',
    author: OLD,
    date: at('2023-01-10'),
    files: {
      'src/legacy/old.ts': `${legacy.join('\n')}\n`,
      'src/legacy/older.ts': Array.from({ length: 60 }, (_, i) => `export const older${i} = ${i};\n`).join(
        '',
      ),
    },
  });
  const users: Record<string, string> = {};
  for (let i = 0; i < 20; i += 1)
    users[`src/users/u${i}.ts`] = `import { c0 } from '../core/big';\nexport const u${i} = c0 + ${i};\n`;
  repo.commit({
    message: 'core constants and users',
    author: ANN,
    date: at('2023-09-01'),
    files: {
      'src/core/big.ts': Array.from({ length: 520 }, (_, i) => `export const c${i} = ${i};\n`).join(''),
      ...users,
    },
  });
  repo.commit({
    message: 'cycle',
    author: ANN,
    date: at('2023-10-01'),
    files: {
      'src/cycle/a.ts': "import { b } from './b';\nexport const a = () => b();\n",
      'src/cycle/b.ts': "import { a } from './a';\nexport const b = () => a();\n",
    },
  });
  // hot.ts: 1,595 lines, then one more line in each of five later change sets (1,600 at the end).
  repo.commit({
    message: 'engine',
    author: ANN,
    date: at('2024-01-01'),
    files: { 'src/engine/hot.ts': deepLines(1595, 'a') },
  });
  const days = ['2024-02-01', '2024-03-01', '2024-04-01', '2024-05-01', '2024-06-01'];
  days.forEach((day, k) => {
    repo.commit({
      message: `engine step ${k + 1}`,
      author: k % 2 === 0 ? BOB : ANN,
      date: at(day),
      files: { 'src/engine/hot.ts': deepLines(1595, 'a') + deepLines(k + 1, 'b') },
    });
  });
  return repo;
}

/**
 * Planted review findings. On main, src/api.ts and src/api-schema.ts always change together (5 of 5 change sets);
 * src/server.ts imports src/api.ts. Ann wrote 4 of api.ts's 6 added lines, Bob 2.
 * The branch `feature/T-42-limits` (by Cy) changes only src/api.ts: it appends a function whose lines sit at
 * indentation levels 0+1+2+3+4+5+4+4+3+3+2+2+1+1+0 = 35 (cyclomatic 1 -> 6) and a TODO on line 16.
 */
export function createReviewRepo(): TestRepo {
  const repo = createTestRepo();
  const api = (v: number): string => `export const version = ${v};\nexport const name = 'api';\n`;
  const schema = (v: number): string => `export const schemaVersion = ${v};\n`;
  repo.commit({
    message: 'api and its schema',
    author: ANN,
    files: {
      'src/api.ts': api(1),
      'src/api-schema.ts': schema(1),
      'src/server.ts': "import { version } from './api';\nexport const server = version;\n",
      'README.md': '# api\n',
    },
  });
  for (let v = 2; v <= 5; v += 1)
    repo.commit({
      message: `api v${v}`,
      author: v % 2 === 0 ? BOB : ANN,
      files: { 'src/api.ts': api(v), 'src/api-schema.ts': schema(v) },
    });
  repo.commit({ message: 'docs', author: BOB, files: { 'README.md': '# api\n\nMore.\n' } });
  repo.branch('feature/T-42-limits');
  repo.commit({
    message: 'limits for the api',
    author: CY,
    files: {
      'src/api.ts': `${api(5)}${[
        'export function limit(x: number): number {',
        '  if (x > 1) {',
        '    if (x > 2) {',
        '      if (x > 3) {',
        '        if (x > 4) {',
        '          return 4;',
        '        }',
        '        return 3;',
        '      }',
        '      return 2;',
        '    }',
        '    return 1;',
        '  }',
        '  // TODO: handle negative limits',
        '  return 0;',
        '}',
      ].join('\n')}\n`,
    },
  });
  repo.checkout('main');
  return repo;
}
