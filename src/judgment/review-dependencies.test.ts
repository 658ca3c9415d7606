import { describe, expect, it } from 'vitest';
import type { DependencySource, ExternalImportRef, ThirdPartyPackage } from '../domain/index.js';
import { reviewDependencies } from './review-dependencies.js';

function pkg(
  p: Partial<ThirdPartyPackage> & Pick<ThirdPartyPackage, 'ecosystem' | 'name'>,
): ThirdPartyPackage {
  return {
    version: '1.0.0',
    unpinned: false,
    direct: false,
    dev: false,
    license: null,
    source: 'lock',
    ...p,
  };
}

const imp = (from: string, packageName: string): ExternalImportRef => ({
  from,
  packageName,
  specifier: packageName,
  line: 1,
});

const SOURCES: DependencySource[] = [
  {
    file: 'package-lock.json',
    ecosystem: 'npm',
    kind: 'lockfile',
    packages: [
      pkg({
        ecosystem: 'npm',
        name: 'react',
        version: '18.2.0',
        direct: true,
        license: 'MIT',
        source: 'package-lock.json',
      }),
      pkg({ ecosystem: 'npm', name: 'lodash', version: '4.17.21', source: 'package-lock.json' }),
      pkg({ ecosystem: 'npm', name: 'lodash', version: '3.10.1', dev: true, source: 'package-lock.json' }),
    ],
    declared: [],
  },
  {
    file: 'package.json',
    ecosystem: 'npm',
    kind: 'manifest',
    packages: [],
    declared: [
      { name: 'lodash', range: '^4.17.0', dev: false },
      { name: 'left-pad', range: '^1.3.0', dev: true },
    ],
  },
  {
    file: 'poetry.lock',
    ecosystem: 'pypi',
    kind: 'lockfile',
    packages: [pkg({ ecosystem: 'pypi', name: 'pyyaml', version: '6.0.1', source: 'poetry.lock' })],
    declared: [],
  },
  {
    file: 'go.mod',
    ecosystem: 'go',
    kind: 'lockfile',
    packages: [
      pkg({
        ecosystem: 'go',
        name: 'github.com/google/uuid',
        version: 'v1.6.0',
        direct: true,
        source: 'go.mod',
      }),
    ],
    declared: [],
  },
];

describe('reviewDependencies', () => {
  const review = reviewDependencies({
    repo: 'shop',
    commit: 'c'.repeat(40),
    sources: SOURCES,
    externalImports: [
      imp('web/a.ts', 'react'),
      imp('web/a.ts', 'react'),
      imp('web/b.tsx', 'react'),
      imp('api/c.ts', 'lodash'),
      imp('api/c.ts', 'node:fs'),
      imp('api/c.ts', 'left-padd'),
      imp('py/load.py', 'yaml'),
      imp('cmd/main.go', 'github.com/google/uuidx'),
      imp('cmd/main.go', 'github.com/google/uuid'),
      imp('cmd/main.go', 'net/http'),
      imp('cmd/main.go', 'github.com/other/thing'),
    ],
    moduleOf: (p) => p.split('/')[0]!,
    codeFiles: 10,
    installedLicenses: new Map([['npm:lodash@4.17.21', 'MIT']]),
  });

  it('merges lockfiles and manifests: direct when any names it, dev only when every mention is dev', () => {
    const byName = new Map(review.packages.map((p) => [p.name, p]));
    expect(byName.get('lodash')).toMatchObject({
      versions: ['3.10.1', '4.17.21'],
      direct: true,
      dev: false,
      licenses: ['MIT'],
      sources: ['package-lock.json', 'package.json'],
      unpinned: false,
    });
    expect(byName.get('left-pad')).toMatchObject({
      versions: ['^1.3.0'],
      direct: true,
      dev: true,
      unpinned: true,
    });
    expect(review.totals).toEqual({ packages: 5, direct: 4, transitive: 1, withLicense: 2, duplicates: 1 });
    expect(review.duplicates).toEqual([
      { ecosystem: 'npm', name: 'lodash', versions: ['3.10.1', '4.17.21'] },
    ]);
  });

  it('counts the files and modules that import each package: the blast radius of replacing it', () => {
    const react = review.packages.find((p) => p.name === 'react')!;
    expect(react.usage).toEqual({
      files: 2,
      imports: 3,
      modules: [{ module: 'web', files: 2 }],
      shareOfCode: 0.2,
      examples: ['web/a.ts', 'web/b.tsx'],
    });
    // PyYAML is imported as `yaml`; a Go import path belongs to the module that is its longest prefix.
    expect(review.packages.find((p) => p.name === 'pyyaml')!.usage.files).toBe(1);
    expect(review.packages.find((p) => p.name === 'github.com/google/uuid')!.usage.imports).toBe(1);
  });

  it('lists imports that no manifest declares, leaving standard libraries and builtins out', () => {
    expect(review.undeclared).toEqual([
      { ecosystem: 'go', name: 'github.com/google/uuidx', files: 1 },
      { ecosystem: 'go', name: 'github.com/other/thing', files: 1 },
      { ecosystem: 'npm', name: 'left-padd', files: 1 },
    ]);
  });

  it('orders direct runtime packages first and says what it could not know offline', () => {
    expect(review.packages.map((p) => p.name)).toEqual([
      'react',
      'github.com/google/uuid',
      'lodash',
      'left-pad',
      'pyyaml',
    ]);
    expect(review.unknowns[0]).toBe(
      'Licences of 3 of 5 packages: their lockfiles do not record one (only package-lock.json v2+ does) and no installed metadata was found; a registry or an install would tell.',
    );
    expect(review.unknowns.at(-1)).toMatch(/need a registry or an advisory database/);
  });
});
