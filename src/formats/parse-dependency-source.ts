/**
 * Which files of a repository are lockfiles or manifests, and the parser for each. Pure: a path and its text in,
 * a DependencySource out. docs/dependency-review.md documents every kind.
 */
import type { DependencySource, PackageEcosystem } from '../domain/index.js';
import { isPreGo117, parseGoMod, parseGoSum } from './parse-go-modules.js';
import { parseGradleBuild, parseGradleLockfile, parsePom } from './parse-jvm-builds.js';
import { parsePackageJson, parsePackageLock, parsePnpmLock, parseYarnLock } from './parse-npm-lockfiles.js';
import {
  parsePoetryLock,
  parsePyproject,
  parseRequirementsTxt,
  parseUvLock,
} from './parse-python-lockfiles.js';

export type DependencySourceKind =
  | 'package.json'
  | 'package-lock.json'
  | 'yarn.lock'
  | 'pnpm-lock.yaml'
  | 'pyproject.toml'
  | 'poetry.lock'
  | 'uv.lock'
  | 'requirements.txt'
  | 'go.mod'
  | 'go.sum'
  | 'pom.xml'
  | 'build.gradle'
  | 'gradle.lockfile';

/** Folders whose manifests are not the project's own (installed packages, vendored copies, test fixtures). */
const SKIPPED =
  /(^|\/)(node_modules|vendor|third_party|\.venv|venv|site-packages|__fixtures__|fixtures|testdata)\//;

/** The kind of dependency file at `path`, or null when it is none. */
export function getDependencySourceKind(path: string): DependencySourceKind | null {
  if (SKIPPED.test(path)) return null;
  const base = path.slice(path.lastIndexOf('/') + 1);
  switch (base) {
    case 'package.json':
    case 'yarn.lock':
    case 'pnpm-lock.yaml':
    case 'pyproject.toml':
    case 'poetry.lock':
    case 'uv.lock':
    case 'go.mod':
    case 'go.sum':
    case 'pom.xml':
    case 'gradle.lockfile':
      return base;
    case 'package-lock.json':
    case 'npm-shrinkwrap.json':
      return 'package-lock.json';
    case 'build.gradle':
    case 'build.gradle.kts':
      return 'build.gradle';
  }
  if (/^requirements[\w.-]*\.(txt|in)$/i.test(base) && !base.endsWith('.in')) return 'requirements.txt';
  if (/(^|\/)requirements\/[\w.-]+\.txt$/i.test(path)) return 'requirements.txt';
  if (/(^|\/)gradle\/dependency-locks\/[\w.-]+\.lockfile$/.test(path)) return 'gradle.lockfile';
  return null;
}

const ECOSYSTEM: Readonly<Record<DependencySourceKind, PackageEcosystem>> = {
  'package.json': 'npm',
  'package-lock.json': 'npm',
  'yarn.lock': 'npm',
  'pnpm-lock.yaml': 'npm',
  'pyproject.toml': 'pypi',
  'poetry.lock': 'pypi',
  'uv.lock': 'pypi',
  'requirements.txt': 'pypi',
  'go.mod': 'go',
  'go.sum': 'go',
  'pom.xml': 'maven',
  'build.gradle': 'maven',
  'gradle.lockfile': 'maven',
};

/**
 * Parses one dependency file. go.sum yields packages only for modules older than Go 1.17 (`goModVersion`), whose
 * go.mod leaves indirect dependencies out; for newer ones go.mod is complete and go.sum lists versions the build
 * does not use. Throws TpoError('Invalid') with `file:line:` for a malformed file.
 *
 * @example
 * parseDependencySource('package-lock.json', text)?.packages.length;
 */
export function parseDependencySource(
  path: string,
  text: string,
  context: { goModVersion?: string | null } = {},
): DependencySource | null {
  const kind = getDependencySourceKind(path);
  if (kind === null) return null;
  const ecosystem = ECOSYSTEM[kind];
  const lockfile = (packages: DependencySource['packages']): DependencySource => ({
    file: path,
    ecosystem,
    kind: 'lockfile',
    packages,
    declared: [],
  });
  switch (kind) {
    case 'package.json':
      return {
        file: path,
        ecosystem,
        kind: 'manifest',
        packages: [],
        declared: parsePackageJson(path, text).dependencies,
      };
    case 'package-lock.json':
      return lockfile(parsePackageLock(path, text));
    case 'yarn.lock':
      return lockfile(parseYarnLock(path, text));
    case 'pnpm-lock.yaml':
      return lockfile(parsePnpmLock(path, text));
    case 'pyproject.toml':
      return { file: path, ecosystem, kind: 'manifest', packages: [], declared: parsePyproject(path, text) };
    case 'poetry.lock':
      return lockfile(parsePoetryLock(path, text));
    case 'uv.lock':
      return lockfile(parseUvLock(path, text));
    case 'requirements.txt':
      return lockfile(parseRequirementsTxt(path, text));
    case 'go.mod': {
      const mod = parseGoMod(path, text);
      return {
        file: path,
        ecosystem,
        kind: 'lockfile',
        packages: mod.packages,
        declared: mod.packages
          .filter((p) => p.direct)
          .map((p) => ({ name: p.name, range: p.version ?? '', dev: false })),
      };
    }
    case 'go.sum':
      return lockfile(isPreGo117(context.goModVersion ?? null) ? parseGoSum(path, text) : []);
    case 'pom.xml':
    case 'build.gradle': {
      const packages = kind === 'pom.xml' ? parsePom(path, text) : parseGradleBuild(path, text);
      return {
        file: path,
        ecosystem,
        kind: 'manifest',
        packages: [],
        declared: packages.map((p) => ({ name: p.name, range: p.version ?? '', dev: p.dev })),
      };
    }
    case 'gradle.lockfile':
      return lockfile(parseGradleLockfile(path, text));
  }
}
