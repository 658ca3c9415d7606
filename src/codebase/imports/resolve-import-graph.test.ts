import { beforeAll, describe, expect, it } from 'vitest';
import { createImportExtractor } from './create-import-extractor.js';
import { resolveImportGraph } from './resolve-import-graph.js';
import type { ImportExtractor, ImportGraph, ImportSpec } from './types.js';

let extractor: ImportExtractor;
beforeAll(async () => {
  extractor = await createImportExtractor();
});

/** Extracts and resolves an in-memory tree (path -> content), as a scan does for one commit. */
function graphOf(
  tree: Readonly<Record<string, string>>,
  options: { declarePackages?: boolean } = {},
): ImportGraph {
  const files = new Map<string, readonly ImportSpec[]>();
  const declaredPackages = new Map<string, string>();
  for (const [path, content] of Object.entries(tree)) {
    const extracted = extractor.extract(path, content);
    if (extracted === null) continue;
    files.set(path, extracted.imports);
    if (extracted.declaredPackage !== undefined) declaredPackages.set(path, extracted.declaredPackage);
  }
  return resolveImportGraph({
    paths: Object.keys(tree),
    files,
    readText: (path) => tree[path],
    ...(options.declarePackages === false ? {} : { declaredPackages }),
  });
}

/** Every import of `from` as [specifier, where it landed]. */
function outcomesOf(graph: ImportGraph, from: string): [string, string][] {
  return [
    ...graph.edges.filter((e) => e.from === from).map((e): [string, string] => [e.specifier, e.to]),
    ...graph.external
      .filter((e) => e.from === from)
      .map((e): [string, string] => [e.specifier, `external:${e.packageName}`]),
    ...graph.unresolved
      .filter((e) => e.from === from)
      .map((e): [string, string] => [e.specifier, `unresolved:${e.reason}`]),
  ];
}

describe('TypeScript and JavaScript resolution', () => {
  it('resolves relative paths with extensions, index files, .js written for .ts, and every import kind', () => {
    const graph = graphOf({
      'src/main.ts': [
        "import { a } from './a.js';",
        "import type { T } from './types';",
        "export * from './lib';",
        "export { x } from './x.mjs';",
        "const c = require('./c');",
        "const d = await import('./d.json');",
        "import './style.css?inline';",
        "import up from '../tools/up';",
      ].join('\n'),
      'src/a.ts': '',
      'src/types.d.ts': '',
      'src/lib/index.ts': '',
      'src/x.mts': '',
      'src/c.cjs': '',
      'src/d.json': '{}',
      'src/style.css': '',
      'tools/up/index.jsx': '',
    });
    expect(graph.edges.map((e) => [e.specifier, e.to, e.kind, e.line])).toEqual([
      ['./a.js', 'src/a.ts', 'static', 1],
      ['./types', 'src/types.d.ts', 'type', 2],
      ['./lib', 'src/lib/index.ts', 'reexport', 3],
      ['./x.mjs', 'src/x.mts', 'reexport', 4],
      ['./c', 'src/c.cjs', 'require', 5],
      ['./d.json', 'src/d.json', 'dynamic', 6],
      ['./style.css?inline', 'src/style.css', 'static', 7],
      ['../tools/up', 'tools/up/index.jsx', 'static', 8],
    ]);
    expect(graph.unresolved).toEqual([]);
    expect(graph.external).toEqual([]);
  });

  it('prefers the TypeScript source over JavaScript of the same name', () => {
    const graph = graphOf({ 'a.ts': "import './b';", 'b.ts': '', 'b.js': '' });
    expect(outcomesOf(graph, 'a.ts')).toEqual([['./b', 'b.ts']]);
  });

  it('resolves tsconfig paths and baseUrl inherited through extends, reading JSONC', () => {
    const graph = graphOf({
      'tsconfig.base.json': `{
        // shared by every package
        "compilerOptions": {
          "baseUrl": ".",
          "paths": { "@app/*": ["src/app/*", "src/fallback/*"], "@shared": ["src/shared/index.ts"], },
        },
      }`,
      'packages/web/tsconfig.json':
        '{ "extends": "../../tsconfig.base", "compilerOptions": { "strict": true } }',
      'packages/web/main.ts': [
        "import a from '@app/a';",
        "import b from '@app/b';",
        "import s from '@shared';",
        "import u from 'src/util';",
        "import m from '@app/missing';",
        "import r from 'react';",
      ].join('\n'),
      'src/app/a.tsx': '',
      'src/fallback/b.ts': '',
      'src/shared/index.ts': '',
      'src/util.ts': '',
    });
    expect(outcomesOf(graph, 'packages/web/main.ts')).toEqual([
      ['@app/a', 'src/app/a.tsx'],
      ['@app/b', 'src/fallback/b.ts'],
      ['@shared', 'src/shared/index.ts'],
      ['src/util', 'src/util.ts'],
      ['react', 'external:react'],
      ['@app/missing', 'unresolved:alias-target-missing'],
    ]);
  });

  it('reads paths relative to the config that defines them when there is no baseUrl, from the nearest config', () => {
    const graph = graphOf({
      'tsconfig.json': '{ "compilerOptions": { "paths": { "~/*": ["./root/*"] } } }',
      'web/jsconfig.json': '{ "compilerOptions": { "paths": { "~/*": ["./src/*"] } } }',
      'web/src/pages/home.js': "import nav from '~/nav';",
      'web/src/nav.js': '',
      'other/x.ts': "import y from '~/y';",
      'root/y.ts': '',
    });
    expect(outcomesOf(graph, 'web/src/pages/home.js')).toEqual([['~/nav', 'web/src/nav.js']]);
    expect(outcomesOf(graph, 'other/x.ts')).toEqual([['~/y', 'root/y.ts']]);
  });

  it('follows a solution-style tsconfig to the referenced project that sets paths', () => {
    const graph = graphOf({
      'tsconfig.json':
        '{ "files": [], "references": [{ "path": "./tsconfig.app.json" }, { "path": "./tsconfig.node.json" }] }',
      'tsconfig.node.json': '{ "compilerOptions": {} }',
      'tsconfig.app.json': '{ "compilerOptions": { "paths": { "@/*": ["./src/*"] } } }',
      'src/App.vue':
        "<script setup lang=\"ts\">\nimport Child from './Child.vue';\nimport { useX } from '@/composables/x';\n</script>\n",
      'src/Child.vue': '<template><p /></template>',
      'src/composables/x.ts': '',
    });
    expect(outcomesOf(graph, 'src/App.vue')).toEqual([
      ['./Child.vue', 'src/Child.vue'],
      ['@/composables/x', 'src/composables/x.ts'],
    ]);
  });

  it('resolves workspace packages by name through exports, main and their sources when build output is absent', () => {
    const graph = graphOf({
      'packages/core/package.json': JSON.stringify({
        name: '@acme/core',
        exports: {
          '.': { types: './dist/index.d.ts', import: './dist/index.js' },
          './utils/*': './dist/utils/*.js',
          './package.json': './package.json',
        },
      }),
      'packages/core/src/index.ts': '',
      'packages/core/src/utils/strings.ts': '',
      'packages/ui/package.json': '{ "name": "ui-kit", "main": "lib/main.js" }',
      'packages/ui/lib/main.js': '',
      'packages/plain/package.json': '{ "name": "plain" }',
      'packages/plain/src/index.ts': '',
      'packages/plain/src/deep/thing.ts': '',
      'packages/app/src/index.ts': [
        "import { core } from '@acme/core';",
        "import { slug } from '@acme/core/utils/strings';",
        "import manifest from '@acme/core/package.json';",
        "import ui from 'ui-kit';",
        "import plain from 'plain';",
        "import thing from 'plain/deep/thing';",
        "import nope from '@acme/core/missing';",
      ].join('\n'),
    });
    expect(outcomesOf(graph, 'packages/app/src/index.ts')).toEqual([
      ['@acme/core', 'packages/core/src/index.ts'],
      ['@acme/core/utils/strings', 'packages/core/src/utils/strings.ts'],
      ['@acme/core/package.json', 'packages/core/package.json'],
      ['ui-kit', 'packages/ui/lib/main.js'],
      ['plain', 'packages/plain/src/index.ts'],
      ['plain/deep/thing', 'packages/plain/src/deep/thing.ts'],
      ['@acme/core/missing', 'unresolved:workspace-target-missing'],
    ]);
  });

  it('resolves # subpath imports from the nearest package.json', () => {
    const graph = graphOf({
      'package.json': JSON.stringify({
        name: 'svc',
        imports: { '#db': './src/db.ts', '#utils/*': './src/utils/*.ts' },
      }),
      'src/db.ts': '',
      'src/utils/time.ts': '',
      'src/main.ts': "import db from '#db';\nimport { now } from '#utils/time';\nimport x from '#nothing';",
    });
    expect(outcomesOf(graph, 'src/main.ts')).toEqual([
      ['#db', 'src/db.ts'],
      ['#utils/time', 'src/utils/time.ts'],
      ['#nothing', 'unresolved:subpath-import-missing'],
    ]);
  });

  it('lists external packages by package name, Node builtins under node:', () => {
    const graph = graphOf({
      'a.ts': [
        "import fs from 'node:fs';",
        "import { readFile } from 'fs/promises';",
        "import path from 'path';",
        "import fp from 'lodash/fp';",
        "import { q } from '@tanstack/react-query/devtools';",
        "import 'virtual:pwa-register';",
        "import t from 'https://esm.sh/three';",
      ].join('\n'),
    });
    expect(graph.external.map((e) => [e.specifier, e.packageName])).toEqual([
      ['node:fs', 'node:fs'],
      ['fs/promises', 'node:fs'],
      ['path', 'node:path'],
      ['lodash/fp', 'lodash'],
      ['@tanstack/react-query/devtools', '@tanstack/react-query'],
      ['virtual:pwa-register', 'virtual:pwa-register'],
      ['https://esm.sh/three', 'https://esm.sh/three'],
    ]);
    expect(graph.unresolved).toEqual([]);
  });

  it('lists imports that should land in the repository but do not, each with its reason', () => {
    const graph = graphOf({
      'package.json': '{ "name": "app" }',
      'src/a.ts': [
        "import m from './missing';",
        "import o from '../../outside';",
        "import c from '@/components/x';",
        "import h from '~/helpers';",
        "import s from '#internal';",
        "import r from '/src/nothing.ts';",
      ].join('\n'),
    });
    expect(graph.unresolved.map((u) => [u.specifier, u.reason, u.line])).toEqual([
      ['./missing', 'relative-target-missing', 1],
      ['../../outside', 'outside-repository', 2],
      ['@/components/x', 'alias-not-configured', 3],
      ['~/helpers', 'alias-not-configured', 4],
      ['#internal', 'subpath-import-missing', 5],
      ['/src/nothing.ts', 'absolute-target-missing', 6],
    ]);
    expect(graph.edges).toEqual([]);
    expect(graph.external).toEqual([]);
  });
});

describe('Python resolution', () => {
  const tree = {
    'pyproject.toml': '[project]\nname = "shop"\n',
    'src/shop/__init__.py': 'VERSION = "1"\n',
    'src/shop/models.py': 'import os\nimport numpy as np\n',
    'src/shop/utils.py': 'import shop.models\nfrom shop import models, VERSION\nfrom shop.missing import y\n',
    'src/shop/api/__init__.py': '',
    'src/shop/api/views.py': [
      'from ..models import Order',
      'from .. import utils',
      'from . import nothing',
      'from .gone import z',
      'from ...outside import w',
    ].join('\n'),
    'src/ns/plugin.py': '',
    'scripts/run.py': 'import helpers\nfrom shop.api import views\nfrom ns import plugin\nimport ns\n',
    'scripts/helpers.py': '',
    'top.py': 'from .. import x\n',
  };

  it('resolves absolute imports against the source root and from-imports to submodules or the package', () => {
    const graph = graphOf(tree);
    expect(outcomesOf(graph, 'src/shop/utils.py')).toEqual([
      ['shop.models', 'src/shop/models.py'],
      ['shop', 'src/shop/__init__.py'],
      ['shop.models', 'src/shop/models.py'],
      ['shop.missing', 'unresolved:python-module-missing'],
    ]);
    expect(outcomesOf(graph, 'src/shop/models.py')).toEqual([
      ['os', 'external:os'],
      ['numpy', 'external:numpy'],
    ]);
  });

  it('resolves relative imports by their dots and names', () => {
    const graph = graphOf(tree);
    expect(outcomesOf(graph, 'src/shop/api/views.py')).toEqual([
      ['..models', 'src/shop/models.py'],
      ['..utils', 'src/shop/utils.py'],
      ['.', 'src/shop/api/__init__.py'],
      ['.gone', 'unresolved:relative-target-missing'],
      ['...outside', 'unresolved:relative-target-missing'],
    ]);
    expect(outcomesOf(graph, 'top.py')).toEqual([['..', 'unresolved:outside-repository']]);
  });

  it('finds a script’s neighbours and namespace packages, and reports a bare namespace import', () => {
    const graph = graphOf(tree);
    expect(outcomesOf(graph, 'scripts/run.py')).toEqual([
      ['helpers', 'scripts/helpers.py'],
      ['shop.api.views', 'src/shop/api/views.py'],
      ['ns.plugin', 'src/ns/plugin.py'],
      ['ns', 'unresolved:python-namespace-package'],
    ]);
  });

  it('uses every folder holding a pyproject.toml or setup.py as a root, nearest first', () => {
    const graph = graphOf({
      'services/billing/pyproject.toml': '',
      'services/billing/billing/__init__.py': '',
      'services/billing/billing/core.py': '',
      'services/billing/tests/test_core.py': 'from billing.core import charge\n',
      'libs/common/setup.py': '',
      'libs/common/src/common/__init__.py': '',
      'services/billing/billing/api.py': 'import common\n',
    });
    expect(outcomesOf(graph, 'services/billing/tests/test_core.py')).toEqual([
      ['billing.core', 'services/billing/billing/core.py'],
    ]);
    expect(outcomesOf(graph, 'services/billing/billing/api.py')).toEqual([
      ['common', 'libs/common/src/common/__init__.py'],
    ]);
  });
});

describe('Go resolution', () => {
  it('maps import paths under a go.mod module to every non-test file of the package folder', () => {
    const graph = graphOf({
      'go.mod': 'module example.com/shop\n\ngo 1.22\n',
      'cmd/server/main.go': [
        'package main',
        'import (',
        '\t"fmt"',
        '\t"example.com/shop/internal/store"',
        '\t"example.com/shop/tools/gen"',
        '\t"github.com/google/uuid"',
        '\t"example.com/shop/internal/nothing"',
        ')',
      ].join('\n'),
      'internal/store/store.go': 'package store',
      'internal/store/cache.go': 'package store',
      'internal/store/store_test.go': 'package store',
      'tools/go.mod': 'module "example.com/shop/tools" // nested module\n',
      'tools/gen/gen.go': 'package gen',
    });
    expect(outcomesOf(graph, 'cmd/server/main.go')).toEqual([
      ['example.com/shop/internal/store', 'internal/store/store.go'],
      ['example.com/shop/internal/store', 'internal/store/cache.go'],
      ['example.com/shop/tools/gen', 'tools/gen/gen.go'],
      ['fmt', 'external:fmt'],
      ['github.com/google/uuid', 'external:github.com/google/uuid'],
      ['example.com/shop/internal/nothing', 'unresolved:go-package-missing'],
    ]);
  });
});

describe('Java resolution', () => {
  const tree = {
    'app/src/main/java/com/acme/app/Main.java': [
      'package com.acme.app;',
      'import com.acme.model.Order;',
      'import com.acme.model.*;',
      'import static com.acme.util.Strings.slug;',
      'import com.acme.util.Strings.Inner;',
      'import java.util.List;',
      'import com.acme.model.Missing;',
      'import org.junit.jupiter.api.*;',
      'class Main {}',
    ].join('\n'),
    'app/src/main/java/com/acme/model/Order.java': 'package com.acme.model;\nclass Order {}',
    'app/src/main/java/com/acme/model/Item.java': 'package com.acme.model;\nclass Item {}',
    'lib/src/main/java/com/acme/util/Strings.java': 'package com.acme.util;\nclass Strings {}',
  };
  const expected: [string, string][] = [
    ['com.acme.model.Order', 'app/src/main/java/com/acme/model/Order.java'],
    ['com.acme.model.*', 'app/src/main/java/com/acme/model/Order.java'],
    ['com.acme.model.*', 'app/src/main/java/com/acme/model/Item.java'],
    ['com.acme.util.Strings.slug', 'lib/src/main/java/com/acme/util/Strings.java'],
    ['com.acme.util.Strings.Inner', 'lib/src/main/java/com/acme/util/Strings.java'],
    ['java.util.List', 'external:java.util'],
    ['org.junit.jupiter.api.*', 'external:org.junit.jupiter.api'],
    ['com.acme.model.Missing', 'unresolved:java-class-missing'],
  ];

  it('resolves single-class, wildcard and static imports by declared package', () => {
    expect(outcomesOf(graphOf(tree), 'app/src/main/java/com/acme/app/Main.java')).toEqual(expected);
  });

  it('resolves them by path when the declared packages are not given', () => {
    const graph = graphOf(tree, { declarePackages: false });
    expect(outcomesOf(graph, 'app/src/main/java/com/acme/app/Main.java')).toEqual(expected);
  });

  it('trusts the declared package over the folder', () => {
    const graph = graphOf({
      'src/A.java': 'package a;\nimport b.B;\nclass A {}',
      'src/other/B.java': 'package b;\nclass B {}',
    });
    expect(outcomesOf(graph, 'src/A.java')).toEqual([['b.B', 'src/other/B.java']]);
  });
});

describe('graph shape', () => {
  it('puts every import of every parsed file in edges, external or unresolved', () => {
    const graph = graphOf({
      'a.ts': "import './b';\nimport 'x';\nimport './c';",
      'b.ts': '',
      'README.md': "import './nothing'",
    });
    expect(graph.edges.length + graph.external.length + graph.unresolved.length).toBe(3);
  });
});
