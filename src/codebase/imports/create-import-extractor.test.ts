import { beforeAll, describe, expect, it } from 'vitest';
import { createImportExtractor, hasImportParser } from './create-import-extractor.js';
import type { ExtractedFile, ImportExtractor } from './types.js';

let extractor: ImportExtractor;
beforeAll(async () => {
  extractor = await createImportExtractor();
});

function extract(path: string, content: string): ExtractedFile {
  const file = extractor.extract(path, content);
  if (file === null) throw new Error(`no parser for ${path}`);
  return file;
}

/** Imports as compact tuples, for readable expectations. */
function importsOf(path: string, content: string): [string, string, number][] {
  return extract(path, content).imports.map((i) => [i.kind, i.specifier, i.line]);
}

describe('TypeScript and JavaScript extraction', () => {
  it('reads every import form with its kind and line', () => {
    const source = [
      "import def, { a } from './a.js';", // 1
      "import type { T } from './types';", // 2
      "import { type U, type V } from './only-types';", // 3
      "import { type W, value } from './mixed';", // 4
      "import './side-effect.css';", // 5
      "export * from './all';", // 6
      "export { x as y } from './named';", // 7
      "export type { Z } from './type-reexport';", // 8
      "const c = require('./c');", // 9
      'const d = await import(`./d`);', // 10
      'const e = import(name);', // 11: not a literal, not an import we can know
      "type L = typeof import('./lazy');", // 12
      "import legacy = require('./legacy');", // 13
      'export const local = 1;', // 14
    ].join('\n');
    expect(importsOf('src/index.ts', source)).toEqual([
      ['static', './a.js', 1],
      ['type', './types', 2],
      ['type', './only-types', 3],
      ['static', './mixed', 4],
      ['static', './side-effect.css', 5],
      ['reexport', './all', 6],
      ['reexport', './named', 7],
      ['type', './type-reexport', 8],
      ['require', './c', 9],
      ['dynamic', './d', 10],
      ['type', './lazy', 12],
      ['require', './legacy', 13],
    ]);
  });

  it('reads CommonJS and JSX in .js files', () => {
    const source =
      "const React = require('react');\nmodule.exports = () => <div>{require('./x.json').a}</div>;\n";
    const file = extract('lib/view.js', source);
    expect(file.language).toBe('javascript');
    expect(file.parseErrors).toBe(0);
    expect(file.imports.map((i) => i.specifier)).toEqual(['react', './x.json']);
  });

  it('counts lines in UTF-16 characters, as the source text is a JavaScript string', () => {
    const file = extract('a.ts', "// é ü 🎉 ünïcödé\nconst s = 'ß';\nimport { b } from './b';\n");
    expect(file.imports).toEqual([{ specifier: './b', kind: 'static', line: 3 }]);
  });

  it('reads the script blocks of Vue and Svelte components at their lines in the file', () => {
    const vue = [
      '<template><Child /></template>', // 1
      '<script setup lang="ts">', // 2
      "import Child from './Child.vue';", // 3
      'const n = (x: number) => (x > 1 ? 2 : 1);', // 4
      '</script>', // 5
    ].join('\n');
    const file = extract('src/App.vue', vue);
    expect(file).toMatchObject({ language: 'typescript', cyclomatic: 3, parseErrors: 0 });
    expect(file.imports).toEqual([{ specifier: './Child.vue', kind: 'static', line: 3 }]);
    const svelte = "<script>\n  import Button from './Button.svelte';\n</script>\n<Button />\n";
    expect(importsOf('src/Page.svelte', svelte)).toEqual([['static', './Button.svelte', 2]]);
  });

  it('computes cyclomatic complexity as 1 + functions + decision points', () => {
    const source = `
      export function classify(n: number): string {
        if (n < 0) return 'negative';
        else if (n === 0) return 'zero';
        for (let i = 0; i < n; i++) {}
        return n > 10 && n < 100 ? 'medium' : 'other';
      }
      const orNone = (x?: string) => x ?? 'none';
      switch (k) { case 1: break; case 2: break; default: }
      try { run(); } catch { /* ignored */ }
      abstract class Shape { abstract area(): number; }
      function overload(a: string): void;
    `;
    // 1 (the file) + 2 functions (classify, the arrow; no body: abstract area, overload signature)
    // + 9 decisions (if, else if, for, &&, ?:, ??, case 1, case 2, catch) = 12.
    expect(extract('a.ts', source).cyclomatic).toBe(12);
    // An empty file is one path through.
    expect(extract('empty.ts', '').cyclomatic).toBe(1);
    // Loops, logical assignment and methods: 1 + 1 method + (while, do-while, for-in, for-of, ||=) = 7.
    const loops =
      'class A { m() { while (a) {} do {} while (b); for (const k in o) {} for (const v of l) {} x ||= 1; } }';
    expect(extract('b.js', loops).cyclomatic).toBe(7);
  });

  it('keeps what it could read from a file with a syntax error and counts the errors', () => {
    const source = "import a from './a';\nfunction (\nimport('./later');\nconst b = require('./b');\n";
    const file = extract('broken.ts', source);
    expect(file.parseErrors).toBeGreaterThan(0);
    expect(file.imports.map((i) => [i.kind, i.specifier, i.line])).toEqual([
      ['static', './a', 1],
      ['dynamic', './later', 3],
      ['require', './b', 4],
    ]);
  });
});

describe('Python extraction', () => {
  it('reads absolute, relative, from and dynamic imports, keeping the imported names', () => {
    const source = [
      'import os, a.b as ab', // 1
      'from . import sibling', // 2
      'from ..pkg.mod import (one, two as deux)', // 3
      'from x import *', // 4
      'from __future__ import annotations', // 5: a compiler directive, not a module
      'import importlib', // 6
      "plugin = importlib.import_module('plugins.csv')", // 7
    ].join('\n');
    expect(extract('app/main.py', source).imports).toEqual([
      { specifier: 'os', kind: 'static', line: 1 },
      { specifier: 'a.b', kind: 'static', line: 1 },
      { specifier: '.', kind: 'static', line: 2, names: ['sibling'] },
      { specifier: '..pkg.mod', kind: 'static', line: 3, names: ['one', 'two'] },
      { specifier: 'x', kind: 'static', line: 4 },
      { specifier: 'importlib', kind: 'static', line: 6 },
      { specifier: 'plugins.csv', kind: 'dynamic', line: 7 },
    ]);
  });

  it('computes cyclomatic complexity from functions, branches, loops, handlers and boolean operators', () => {
    const source = [
      'def grade(score, ok):',
      '    if score > 90:',
      "        return 'A'",
      '    elif score > 80 and ok:',
      "        return 'B'",
      '    for s in range(3):',
      '        pass',
      '    while False:',
      '        pass',
      '    try:',
      '        pass',
      '    except ValueError:',
      '        pass',
      "    return 'C' if score else 'D'",
      'squares = [x for x in y if x]',
      'f = lambda v: v or 0',
      'match cmd:',
      "    case 'a':",
      '        pass',
      '    case _:',
      '        pass',
      '',
    ].join('\n');
    // 1 + 2 functions (grade, lambda) + 11 decisions (if, elif, and, for, while, except, conditional,
    // comprehension for, comprehension if, or, case 'a'; `case _` is the default) = 14.
    expect(extract('grade.py', source)).toMatchObject({ cyclomatic: 14, parseErrors: 0 });
  });

  it('keeps the imports around a syntax error', () => {
    const file = extract('broken.py', 'import os\ndef f(:\n    pass\nimport sys\n');
    expect(file.parseErrors).toBeGreaterThan(0);
    expect(file.imports.map((i) => i.specifier)).toEqual(['os', 'sys']);
  });
});

describe('Go extraction', () => {
  it('reads single and grouped imports, aliases and the package name', () => {
    const source =
      'package main\n\nimport "fmt"\n\nimport (\n\tstore "example.com/shop/store"\n\t_ `net/http/pprof`\n)\n';
    const file = extract('cmd/main.go', source);
    expect(file.declaredPackage).toBe('main');
    expect(file.imports).toEqual([
      { specifier: 'fmt', kind: 'static', line: 3 },
      { specifier: 'example.com/shop/store', kind: 'static', line: 6 },
      { specifier: 'net/http/pprof', kind: 'static', line: 7 },
    ]);
  });

  it('computes cyclomatic complexity with cases, closures and boolean operators', () => {
    const source = `package main
func f(a, b int) int {
	if a > 0 && b > 0 {
	}
	for i := 0; i < a; i++ {
	}
	switch a {
	case 1:
	case 2:
	default:
	}
	g := func() bool { return a > 0 || b > 0 }
	select {
	case <-ch:
	default:
	}
	return 0
}
func asm()
`;
    // 1 + 2 functions (f, the literal; asm has no body) + 7 decisions (if, &&, for, case 1, case 2, ||, select case).
    expect(extract('f.go', source).cyclomatic).toBe(10);
  });
});

describe('Java extraction', () => {
  it('reads single-class, wildcard and static imports and the package', () => {
    const source = [
      'package com.acme.app;',
      'import com.acme.model.Order;',
      'import com.acme.model.*;',
      'import static com.acme.util.Strings.slug;',
      'import static com.acme.util.Strings.*;',
      'class Main {}',
    ].join('\n');
    const file = extract('src/main/java/com/acme/app/Main.java', source);
    expect(file.declaredPackage).toBe('com.acme.app');
    expect(file.imports.map((i) => [i.specifier, i.line])).toEqual([
      ['com.acme.model.Order', 2],
      ['com.acme.model.*', 3],
      ['com.acme.util.Strings.slug', 4],
      ['com.acme.util.Strings.*', 5],
    ]);
  });

  it('computes cyclomatic complexity over constructors, methods and lambdas, not abstract methods', () => {
    const source = `abstract class A {
  A() {}
  abstract void n();
  int m(int a) {
    if (a > 0 && a < 10) { }
    for (int i = 0; i < a; i++) {}
    for (int x : xs) {}
    while (a > 0) { a--; }
    do { } while (a < 0);
    switch (a) { case 1: break; default: break; }
    try { } catch (Exception e) { }
    Runnable r = () -> {};
    return a > 0 ? 1 : 0;
  }
}`;
    // 1 + 3 functions (constructor, m, lambda) + 9 decisions (if, &&, for, for-each, while, do, case 1, catch, ?:).
    expect(extract('A.java', source).cyclomatic).toBe(13);
  });
});

describe('languages', () => {
  it('has no parser for other files and says so by extension alone', () => {
    expect(extractor.extract('README.md', '# hi')).toBeNull();
    expect(hasImportParser('src/a.mts')).toBe(true);
    expect(hasImportParser('types/x.d.ts')).toBe(true);
    expect(hasImportParser('main.rs')).toBe(false);
    expect(extract('types/x.d.ts', "declare module 'y' { export const z: 1 }").language).toBe('typescript');
  });
});

describe('an extractor made for some paths', () => {
  it('reads the languages its paths announced and refuses the others instead of reporting no imports', async () => {
    const scripts = await createImportExtractor({ paths: ['src/a.ts', 'README.md'] });
    expect(scripts.extract('src/a.ts', "import './b.js';")?.imports).toHaveLength(1);
    expect(() => scripts.extract('tool.py', 'import os\n')).toThrow(/without the python grammar/);

    const python = await createImportExtractor({ paths: ['tool.py'] });
    expect(python.extract('tool.py', 'import os\n')?.imports.map((i) => i.specifier)).toEqual(['os']);
    expect(() => python.extract('Main.java', 'import a.B;\n')).toThrow(/without the java grammar/);
  });
});
