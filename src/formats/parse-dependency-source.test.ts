import { describe, expect, it } from 'vitest';
import * as L from '../../test/helpers/lockfiles.js';
import type { ThirdPartyPackage } from '../domain/index.js';
import { getDependencySourceKind, parseDependencySource } from './parse-dependency-source.js';

/** `name@version` with flags, sorted, for compact expectations. */
function brief(packages: readonly ThirdPartyPackage[]): string[] {
  return packages
    .map(
      (p) =>
        `${p.name}@${p.version ?? '?'}${p.direct ? ' direct' : ''}${p.dev ? ' dev' : ''}${p.license ? ` ${p.license}` : ''}${p.unpinned ? ' unpinned' : ''}`,
    )
    .sort();
}

function parse(path: string, text: string, goModVersion?: string) {
  const source = parseDependencySource(path, text, goModVersion ? { goModVersion } : {});
  if (!source) throw new Error(`${path} is not a dependency source`);
  return source;
}

describe('getDependencySourceKind', () => {
  it('recognises lockfiles and manifests, and skips installed and vendored copies', () => {
    expect(getDependencySourceKind('packages/a/package.json')).toBe('package.json');
    expect(getDependencySourceKind('npm-shrinkwrap.json')).toBe('package-lock.json');
    expect(getDependencySourceKind('requirements-dev.txt')).toBe('requirements.txt');
    expect(getDependencySourceKind('requirements/base.txt')).toBe('requirements.txt');
    expect(getDependencySourceKind('app/build.gradle.kts')).toBe('build.gradle');
    expect(getDependencySourceKind('gradle/dependency-locks/compileClasspath.lockfile')).toBe(
      'gradle.lockfile',
    );
    expect(getDependencySourceKind('node_modules/react/package.json')).toBeNull();
    expect(getDependencySourceKind('test/fixtures/package.json')).toBeNull();
    expect(getDependencySourceKind('README.md')).toBeNull();
  });
});

describe('npm lockfiles', () => {
  it('reads package-lock.json v3 with direct dependencies, dev flags, licences, nested versions and no workspace links', () => {
    const source = parse('package-lock.json', L.PACKAGE_LOCK_V3);
    expect(source.kind).toBe('lockfile');
    expect(brief(source.packages)).toEqual([
      'lodash@3.10.1 dev MIT',
      'lodash@4.17.21 direct MIT',
      'loose-envify@1.4.0 MIT',
      'old-lib@1.0.0 dev',
      'react@18.2.0 direct MIT',
      'vitest@1.6.0 direct dev MIT',
    ]);
  });

  it('reads package-lock.json v2 from its packages section, not the legacy dependencies it repeats', () => {
    const v3 = JSON.parse(L.PACKAGE_LOCK_V3) as Record<string, unknown>;
    const legacy = (JSON.parse(L.PACKAGE_LOCK_V1) as { dependencies: unknown }).dependencies;
    const v2 = JSON.stringify({ ...v3, lockfileVersion: 2, dependencies: legacy });
    expect(brief(parse('package-lock.json', v2).packages)).toEqual(
      brief(parse('package-lock.json', L.PACKAGE_LOCK_V3).packages),
    );
  });

  it('reads package-lock.json v1 by walking nested dependencies', () => {
    expect(brief(parse('package-lock.json', L.PACKAGE_LOCK_V1).packages)).toEqual([
      'lodash@3.10.1 dev',
      'lodash@4.17.21',
      'loose-envify@1.4.0',
      'old-lib@1.0.0 dev',
      'react@18.2.0',
    ]);
  });

  it('reads package.json as a manifest of declared ranges', () => {
    const source = parse('package.json', L.PACKAGE_JSON);
    expect(source.kind).toBe('manifest');
    expect(source.declared).toEqual([
      { name: 'react', range: '^18.2.0', dev: false },
      { name: 'lodash', range: '^4.17.0', dev: false },
      { name: 'vitest', range: '^1.0.0', dev: true },
    ]);
  });

  it('reads yarn.lock v1 entries and skips local packages', () => {
    expect(brief(parse('yarn.lock', L.YARN_LOCK_V1).packages)).toEqual([
      '@babel/code-frame@7.22.13',
      'lodash@3.10.1',
      'lodash@4.17.21',
    ]);
  });

  it('reads yarn berry lockfiles and skips workspaces and patches', () => {
    expect(brief(parse('yarn.lock', L.YARN_LOCK_BERRY).packages)).toEqual([
      '@babel/code-frame@7.22.13',
      'lodash@4.17.21',
    ]);
  });

  it('reads pnpm-lock.yaml v9 with importers, peer suffixes and links', () => {
    expect(brief(parse('pnpm-lock.yaml', L.PNPM_LOCK_V9).packages)).toEqual([
      '@types/node@20.0.0',
      'lodash@3.10.1',
      'lodash@4.17.21 direct',
      'react@18.2.0 direct',
      'vitest@1.6.0 direct dev',
    ]);
  });

  it('reads pnpm-lock.yaml v6 and v5 key forms', () => {
    expect(brief(parse('pnpm-lock.yaml', L.PNPM_LOCK_V6).packages)).toEqual([
      'loose-envify@1.4.0',
      'react@18.2.0 direct',
      'vitest@1.6.0 direct dev',
    ]);
    expect(brief(parse('pnpm-lock.yaml', L.PNPM_LOCK_V5).packages)).toEqual([
      '@babel/code-frame@7.22.13',
      'react@18.2.0 direct',
    ]);
  });

  it('places errors at the line of the file', () => {
    expect(() => parse('package-lock.json', '{\n  "packages": {\n    "x": ,\n  }\n}')).toThrow(
      /^package-lock\.json:3: not valid JSON/,
    );
    expect(() => parse('yarn.lock', 'lodash@^4:\n  version "4.17.21"\nnot a header\n')).toThrow(
      /^yarn\.lock:3: expected an entry header/,
    );
    expect(() => parse('pnpm-lock.yaml', 'packages: {}\n')).toThrow(/^pnpm-lock\.yaml:1: no lockfileVersion/);
  });
});

describe('Python lockfiles', () => {
  it('reads pyproject.toml dependencies of Poetry and PEP 621, with normalised names', () => {
    expect(parse('pyproject.toml', L.PYPROJECT_POETRY).declared).toEqual([
      { name: 'requests', range: '^2.31', dev: false },
      { name: 'pyyaml', range: '^6.0', dev: false },
      { name: 'pytest', range: '^8.0', dev: true },
    ]);
    const pep621 =
      '[project]\nname = "x"\ndependencies = ["Flask[async]>=2.0", "attrs"]\n[dependency-groups]\ndev = ["pytest>=8"]\n';
    expect(parse('pyproject.toml', pep621).declared).toEqual([
      { name: 'flask', range: '>=2.0', dev: false },
      { name: 'attrs', range: '', dev: false },
      { name: 'pytest', range: '>=8', dev: true },
    ]);
  });

  it('reads poetry.lock packages at their exact versions', () => {
    expect(brief(parse('poetry.lock', L.POETRY_LOCK).packages)).toEqual([
      'certifi@2024.2.2',
      'pytest@8.1.1',
      'pyyaml@6.0.1',
      'requests@2.31.0',
    ]);
  });

  it('reads uv.lock, leaving the project out and marking what it depends on as direct', () => {
    expect(brief(parse('uv.lock', L.UV_LOCK).packages)).toEqual([
      'certifi@2024.2.2',
      'pytest@8.1.1 direct dev',
      'requests@2.31.0 direct',
    ]);
  });

  it('reads requirements.txt pins, ranges and pip-compile "via" comments', () => {
    expect(brief(parse('requirements.txt', L.REQUIREMENTS_TXT).packages)).toEqual([
      'certifi@2024.2.2',
      'flask@>=2.0 direct unpinned',
      'requests@2.31.0 direct',
    ]);
  });

  it('places TOML errors at their line', () => {
    expect(() => parse('poetry.lock', '[[package]]\nname = "a"\nversion = \n')).toThrow(
      /^poetry\.lock:3: not valid TOML/,
    );
  });
});

describe('Go modules', () => {
  it('reads go.mod requirements, indirect ones as transitive', () => {
    const source = parse('go.mod', L.GO_MOD);
    expect(brief(source.packages)).toEqual([
      'github.com/google/uuid@v1.6.0 direct',
      'github.com/stretchr/testify@v1.9.0 direct',
      'golang.org/x/text@v0.14.0',
    ]);
    expect(source.declared.map((d) => d.name)).toEqual([
      'github.com/google/uuid',
      'github.com/stretchr/testify',
    ]);
  });

  it('reads go.sum only for modules older than Go 1.17', () => {
    expect(parse('go.sum', L.GO_SUM, '1.21').packages).toEqual([]);
    expect(brief(parse('go.sum', L.GO_SUM, '1.16').packages)).toEqual([
      'github.com/google/uuid@v1.6.0',
      'golang.org/x/text@v0.13.0',
      'golang.org/x/text@v0.14.0',
    ]);
  });

  it('names the line of a malformed requirement', () => {
    expect(() => parse('go.mod', 'module x\n\nrequire (\n\tbroken\n)\n')).toThrow(/^go\.mod:4: expected/);
  });
});

describe('Maven and Gradle', () => {
  it('reads pom.xml dependencies with properties and managed versions, not plugins or comments', () => {
    expect(parse('pom.xml', L.POM_XML).declared).toEqual([
      { name: 'com.google.guava:guava', range: '33.0.0-jre', dev: false },
      { name: 'org.slf4j:slf4j-api', range: '2.0.9', dev: false },
      { name: 'junit:junit', range: '4.13.2', dev: true },
    ]);
  });

  it('reads build.gradle string and map notations', () => {
    expect(parse('build.gradle', L.BUILD_GRADLE).declared).toEqual([
      { name: 'com.google.guava:guava', range: '33.0.0-jre', dev: false },
      { name: 'org.junit.jupiter:junit-jupiter', range: '5.10.1', dev: true },
      { name: 'org.apache.commons:commons-lang3', range: '3.14.0', dev: false },
    ]);
  });

  it('reads gradle.lockfile modules with test-only ones as dev', () => {
    expect(brief(parse('gradle.lockfile', L.GRADLE_LOCKFILE).packages)).toEqual([
      'com.google.guava:failureaccess@1.0.2',
      'com.google.guava:guava@33.0.0-jre',
      'org.apache.commons:commons-lang3@3.14.0',
      'org.junit.jupiter:junit-jupiter@5.10.1 dev',
    ]);
  });

  it('names the line of a dependency without coordinates', () => {
    expect(() =>
      parse(
        'pom.xml',
        '<project>\n<dependencies>\n<dependency>\n<version>1</version>\n</dependency>\n</dependencies>\n</project>\n',
      ),
    ).toThrow(/^pom\.xml:3: a <dependency> has no groupId/);
  });
});
