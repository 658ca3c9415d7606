import { describe, expect, it } from 'vitest';
import {
  chooseScriptScanner,
  scanScriptFromAst,
  scanRelativeImportSpecifiers,
  scanScriptFromJson,
  type ScriptDialect,
} from './extract-script-imports.js';

const SOURCES: readonly (readonly [string, ScriptDialect, string])[] = [
  [
    'kinds.ts',
    'ts',
    [
      "import def, { a } from './a.js';",
      "import type { T } from './types';",
      "import { type U, type V } from './only-types';",
      "import type * as NS from './namespace';",
      "export * from './all';",
      "export type * from './all-types';",
      "export { x as y } from './named';",
      "export { type Z } from './mixed-named';",
      "const c = require(\n  './c',\n);",
      'const d = await import(`./d`);',
      "const e = import('./e', { with: { type: 'json' } });",
      "type L = typeof import('./lazy').Thing;",
      "import legacy = require('./legacy');",
      "const notImport = `require('./template')`;",
      "require('./first'); require('./second', extra);",
      "/* import x from './comment'; */ const re = /require\\('\\.\\/regex'\\)/;",
      "const s = 'a \"quoted\" {brace} string'; const u = 'üñí \\u00e9';",
      "import type {} from './empty-type'; import {} from './empty'; export {} from './nothing';",
      "import type from './default-named-type';",
    ].join('\n'),
  ],
  [
    'branches.tsx',
    'tsx',
    [
      'export function View({ items }: { items: string[] }) {',
      '  const [open, setOpen] = useState(false);',
      '  useEffect(() => { if (!open) return; for (const i of items) { if (i) setOpen(i.length > 2 || !i); } }, [open]);',
      '  return <ul>{items.length ? items.map((i) => <li key={i}>{i ?? "-"}</li>) : <Empty />}</ul>;',
      '}',
      'class Store { #n = 0; get n() { return this.#n; } set n(v) { this.#n = v > 0 ? v : 0; } static { init(); } }',
      'label: while (true) { do { try { break label; } catch (e) { continue; } finally {} } while (x &&= y); }',
      'switch (k) { case "a": case "b": default: }',
    ].join('\n'),
  ],
  [
    'common.cjs',
    'js',
    "'use strict';\nconst fs = require('fs');\nmodule.exports = function f() { return a || b; };\n",
  ],
  [
    'types.d.ts',
    'dts',
    "declare module 'x' { export function f(): void; }\nexport type A = import('./a').B;\n",
  ],
  ['broken.ts', 'ts', "import a from './a';\nfunction (\nimport('./later');\nconst b = require('./b');\n"],
];

describe('script readers', () => {
  it('list the relative specifiers of a script by their shape alone', () => {
    const text = [
      "import { a } from './a.js';",
      "import type { B } from '../types';",
      "export * from './all';",
      "const c = require('..');",
      "const d = await import('./d');",
      "import fs from 'node:fs';",
      "const again = require('./a.js');",
    ].join('\n');
    expect(scanRelativeImportSpecifiers(text)).toEqual(['./a.js', '../types', './all', '..', './d']);
  });

  it('read the same imports, counts and errors through the JSON text as through the AST objects', () => {
    for (const [filename, dialect, text] of SOURCES) {
      expect({ filename, ...scanScriptFromJson(filename, text, dialect) }).toEqual({
        filename,
        ...scanScriptFromAst(filename, text, dialect),
      });
    }
  });

  it('find the imports inside an ambient module declaration', () => {
    expect(
      scanScriptFromJson('shims.d.ts', "declare module 'a' {\n  import type { P } from './p';\n}", 'dts'),
    ).toMatchObject({
      imports: [{ specifier: './p', kind: 'type', line: 2 }],
    });
  });

  it('choose the fast reader with the pinned oxc-parser', () => {
    expect(chooseScriptScanner()).toBe(scanScriptFromJson);
  });

  it('place a require call at its start and a type import at its specifier', () => {
    const scan = scanScriptFromAst(
      'a.ts',
      "const c = require(\n  './c',\n);\ntype L = typeof import(\n'./l');",
      'ts',
    );
    expect(scan.imports).toEqual([
      { specifier: './c', kind: 'require', line: 1 },
      { specifier: './l', kind: 'type', line: 5 },
    ]);
  });
});
