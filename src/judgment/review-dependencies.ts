/**
 * The dependency review, pure: third-party packages across every lockfile and manifest of the repository (direct
 * or transitive, versions, duplicates, licences), and how much of our code imports each (the blast radius of
 * replacing a vendor). The app passes the parsed sources, the external imports of the scan and the module map in
 * as data. Definitions and limits: ../../docs/dependency-review.md.
 */
import type {
  DependencyReview,
  DependencySource,
  ExternalImportRef,
  PackageEcosystem,
  ReviewedPackage,
  ThirdPartyPackage,
} from '../domain/index.js';

/** Python distributions whose import name is not their normalised name (the common cases). */
const PYTHON_IMPORT_NAMES: Readonly<Record<string, readonly string[]>> = {
  pyyaml: ['yaml'],
  beautifulsoup4: ['bs4'],
  pillow: ['PIL'],
  'scikit-learn': ['sklearn'],
  'scikit-image': ['skimage'],
  'python-dateutil': ['dateutil'],
  'opencv-python': ['cv2'],
  'opencv-python-headless': ['cv2'],
  protobuf: ['google'],
  'google-cloud-storage': ['google'],
  pymysql: ['pymysql'],
  mysqlclient: ['MySQLdb'],
  'python-dotenv': ['dotenv'],
  'typing-extensions': ['typing_extensions'],
  attrs: ['attr', 'attrs'],
  pyjwt: ['jwt'],
  'psycopg2-binary': ['psycopg2'],
  'msgpack-python': ['msgpack'],
  pyzmq: ['zmq'],
  pycryptodome: ['Crypto'],
  djangorestframework: ['rest_framework'],
};

/** Import names a Python distribution is likely to provide. */
function pythonImportNames(name: string): string[] {
  const names = new Set([
    name.replace(/-/g, '_'),
    name.replace(/-/g, ''),
    ...(PYTHON_IMPORT_NAMES[name] ?? []),
  ]);
  if (name.startsWith('python-')) names.add(name.slice(7).replace(/-/g, '_'));
  if (name.startsWith('py') && name.length > 4) names.add(name.slice(2).replace(/-/g, '_'));
  return [...names].map((n) => n.toLowerCase());
}

/**
 * The Maven artifacts a JVM package most likely comes from: those whose groupId shares the most leading segments
 * with it, at least two (`com.google.common.collect` -> `com.google.guava:*`; `org.apache.commons.lang3` ->
 * `org.apache.commons:*`). JDK packages match nothing.
 */
function matchMavenArtifacts(
  javaPackage: string,
  groups: readonly string[],
  artifactsOf: ReadonlyMap<string, readonly string[]>,
): string[] {
  if (/^(java|javax|jdk|sun|kotlin|scala)\./.test(javaPackage)) return [];
  const segments = javaPackage.split('.');
  let best = 1;
  let out: string[] = [];
  for (const group of groups) {
    const parts = group.split('.');
    let shared = 0;
    while (shared < parts.length && shared < segments.length && parts[shared] === segments[shared])
      shared += 1;
    if (shared > best) {
      best = shared;
      out = [...artifactsOf.get(group)!];
    } else if (shared === best && shared >= 2) out.push(...artifactsOf.get(group)!);
  }
  return out;
}

/** True when a declared version is one exact version rather than a range. */
function isExactVersion(ecosystem: PackageEcosystem, version: string): boolean {
  if (version === '') return false;
  if (ecosystem === 'maven') return !/[[(,)\]]|\$\{|\+|latest/i.test(version);
  if (ecosystem === 'pypi') return /^===?\s*[\w.!+-]+$/.test(version);
  return /^v?\d+(\.\d+)*([-+][\w.-]+)?$/.test(version);
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export interface ReviewDependenciesInput {
  readonly repo: string;
  readonly commit: string;
  readonly sources: readonly DependencySource[];
  readonly problems?: DependencyReview['problems'];
  readonly externalImports: readonly ExternalImportRef[];
  readonly moduleOf: (path: string) => string;
  /** Code files of the repository (for the share of code importing a package). */
  readonly codeFiles: number;
  /** Licences from installed metadata, by `${ecosystem}:${name}@${version}` or `${ecosystem}:${name}`. */
  readonly installedLicenses?: ReadonlyMap<string, string>;
}

interface Accumulator {
  ecosystem: PackageEcosystem;
  name: string;
  versions: Set<string>;
  direct: boolean;
  devOnly: boolean;
  licenses: Set<string>;
  sources: Set<string>;
  pinned: boolean;
}

/**
 * Builds the review; packages come direct first, runtime before dev, then by importing files. A package is direct when a lockfile says so or any manifest of its ecosystem names it; dev
 * when every mention is dev. Packages a manifest names but no lockfile pins are listed with their declared range.
 * Imports are matched to packages by ecosystem: npm by package name, Python by the distribution's likely import
 * names, Go by the longest module path prefix, JVM packages by the groupIds sharing the most leading segments (at least two).
 *
 * @example
 * const review = reviewDependencies({ repo: 'shop', commit, sources, externalImports, moduleOf, codeFiles: 120 });
 * review.packages[0]; // { name: 'react', direct: true, usage: { files: 42, shareOfCode: 0.35, ... }, ... }
 */
export function reviewDependencies(input: ReviewDependenciesInput): DependencyReview {
  const byKey = new Map<string, Accumulator>();
  const lockedEcosystems = new Set(
    input.sources.filter((s) => s.kind === 'lockfile' && s.packages.length > 0).map((s) => s.ecosystem),
  );
  const declaredNames = new Map<string, { dev: boolean; ranges: Set<string>; sources: Set<string> }>();
  for (const s of input.sources)
    for (const d of s.declared) {
      const key = `${s.ecosystem}:${d.name}`;
      const entry = declaredNames.get(key) ?? {
        dev: true,
        ranges: new Set<string>(),
        sources: new Set<string>(),
      };
      entry.dev &&= d.dev;
      if (d.range !== '') entry.ranges.add(d.range);
      entry.sources.add(s.file);
      declaredNames.set(key, entry);
    }
  const add = (p: ThirdPartyPackage): void => {
    const key = `${p.ecosystem}:${p.name}`;
    let acc = byKey.get(key);
    if (acc === undefined) {
      acc = {
        ecosystem: p.ecosystem,
        name: p.name,
        versions: new Set(),
        direct: false,
        devOnly: true,
        licenses: new Set(),
        sources: new Set(),
        pinned: false,
      };
      byKey.set(key, acc);
    }
    if (p.version !== null) acc.versions.add(p.version);
    acc.direct ||= p.direct;
    acc.devOnly &&= p.dev;
    if (p.license) acc.licenses.add(p.license);
    acc.sources.add(p.source);
    acc.pinned ||= !p.unpinned;
  };
  for (const s of input.sources) for (const p of s.packages) add(p);
  for (const [key, declared] of declaredNames) {
    const acc = byKey.get(key);
    if (acc) {
      acc.direct = true;
      for (const file of declared.sources) acc.sources.add(file);
      if (!declared.dev) acc.devOnly = false;
      continue;
    }
    const [ecosystem, ...rest] = key.split(':');
    const eco = ecosystem as PackageEcosystem;
    const ranges = [...declared.ranges];
    add({
      ecosystem: eco,
      name: rest.join(':'),
      version: ranges[0] ?? null,
      unpinned: !(ranges.length === 1 && isExactVersion(eco, ranges[0]!)),
      direct: true,
      dev: declared.dev,
      license: null,
      source: [...declared.sources][0]!,
    });
    const added = byKey.get(key)!;
    for (const r of ranges.slice(1)) added.versions.add(r);
    for (const file of declared.sources) added.sources.add(file);
  }
  for (const acc of byKey.values()) {
    if (acc.licenses.size > 0 || input.installedLicenses === undefined) continue;
    for (const v of acc.versions) {
      const license = input.installedLicenses.get(`${acc.ecosystem}:${acc.name}@${v}`);
      if (license) acc.licenses.add(license);
    }
    const any = input.installedLicenses.get(`${acc.ecosystem}:${acc.name}`);
    if (acc.licenses.size === 0 && any) acc.licenses.add(any);
  }

  // Imports to packages.
  const npm = new Map<string, string>();
  const python = new Map<string, string[]>();
  const goModules: string[] = [];
  const mavenGroups = new Map<string, string[]>();
  for (const [key, acc] of byKey) {
    if (acc.ecosystem === 'npm') npm.set(acc.name, key);
    else if (acc.ecosystem === 'pypi')
      for (const n of pythonImportNames(acc.name)) python.set(n, [...(python.get(n) ?? []), key]);
    else if (acc.ecosystem === 'go') goModules.push(acc.name);
    else {
      const group = acc.name.split(':')[0]!;
      mavenGroups.set(group, [...(mavenGroups.get(group) ?? []), key]);
    }
  }
  goModules.sort((a, b) => b.length - a.length);
  const groups = [...mavenGroups.keys()];
  const usage = new Map<string, { files: Set<string>; imports: number }>();
  const undeclared = new Map<string, { ecosystem: PackageEcosystem; files: Set<string> }>();
  const hasNpm = input.sources.some((s) => s.ecosystem === 'npm');
  const hasGo = input.sources.some((s) => s.ecosystem === 'go');
  for (const imp of input.externalImports) {
    const name = imp.packageName;
    if (name.startsWith('node:') || /^[a-z][\w+.-]*:/i.test(name)) continue;
    const ext = imp.from.slice(imp.from.lastIndexOf('.') + 1).toLowerCase();
    let keys: readonly string[] = [];
    if (ext === 'py' || ext === 'pyi') keys = python.get(name.split('.')[0]!.toLowerCase()) ?? [];
    else if (ext === 'go') {
      const module = goModules.find((m) => name === m || name.startsWith(`${m}/`));
      if (module) keys = [`go:${module}`];
      else if (hasGo && name.split('/')[0]!.includes('.')) {
        const u = undeclared.get(`go:${name}`) ?? { ecosystem: 'go', files: new Set() };
        u.files.add(imp.from);
        undeclared.set(`go:${name}`, u);
      }
    } else if (ext === 'java' || ext === 'kt' || ext === 'scala') {
      keys = matchMavenArtifacts(name, groups, mavenGroups);
    } else {
      const key = npm.get(name);
      if (key) keys = [key];
      else if (hasNpm) {
        const u = undeclared.get(`npm:${name}`) ?? { ecosystem: 'npm', files: new Set() };
        u.files.add(imp.from);
        undeclared.set(`npm:${name}`, u);
      }
    }
    for (const key of keys) {
      const u = usage.get(key) ?? { files: new Set<string>(), imports: 0 };
      u.files.add(imp.from);
      u.imports += 1;
      usage.set(key, u);
    }
  }

  const packages: ReviewedPackage[] = [...byKey].map(([key, acc]) => {
    const u = usage.get(key);
    const files = u ? [...u.files].sort() : [];
    const modules = new Map<string, number>();
    for (const f of files) modules.set(input.moduleOf(f), (modules.get(input.moduleOf(f)) ?? 0) + 1);
    return {
      ecosystem: acc.ecosystem,
      name: acc.name,
      versions: [...acc.versions].sort(),
      direct: acc.direct,
      dev: acc.devOnly,
      licenses: [...acc.licenses].sort(),
      sources: [...acc.sources].sort(),
      unpinned: !acc.pinned,
      usage: {
        files: files.length,
        imports: u?.imports ?? 0,
        modules: [...modules]
          .map(([module, n]) => ({ module, files: n }))
          .sort((a, b) => b.files - a.files || compareText(a.module, b.module)),
        shareOfCode: input.codeFiles === 0 ? 0 : files.length / input.codeFiles,
        examples: files.slice(0, 3),
      },
    };
  });
  packages.sort(
    (a, b) =>
      Number(b.direct) - Number(a.direct) ||
      Number(a.dev) - Number(b.dev) ||
      b.usage.files - a.usage.files ||
      compareText(a.ecosystem, b.ecosystem) ||
      compareText(a.name, b.name),
  );
  const duplicates = packages
    .filter((p) => !p.unpinned && p.versions.length > 1 && lockedEcosystems.has(p.ecosystem))
    .map((p) => ({ ecosystem: p.ecosystem, name: p.name, versions: p.versions }))
    .sort((a, b) => b.versions.length - a.versions.length || compareText(a.name, b.name));
  const direct = packages.filter((p) => p.direct).length;
  return {
    repo: input.repo,
    commit: input.commit,
    sources: input.sources.map((s) => ({
      file: s.file,
      ecosystem: s.ecosystem,
      kind: s.kind,
      packages: s.kind === 'lockfile' ? s.packages.length : s.declared.length,
    })),
    packages,
    duplicates,
    undeclared: [...undeclared]
      .map(([key, u]) => ({
        ecosystem: u.ecosystem,
        name: key.slice(key.indexOf(':') + 1),
        files: u.files.size,
      }))
      .sort((a, b) => b.files - a.files || compareText(a.name, b.name)),
    totals: {
      packages: packages.length,
      direct,
      transitive: packages.length - direct,
      withLicense: packages.filter((p) => p.licenses.length > 0).length,
      duplicates: duplicates.length,
    },
    unknowns: describeUnknowns(input.sources, packages, lockedEcosystems),
    problems: input.problems ?? [],
  };
}

/** What could not be known without a registry (or an install), said in plain words with the files concerned. */
function describeUnknowns(
  sources: readonly DependencySource[],
  packages: readonly ReviewedPackage[],
  locked: ReadonlySet<PackageEcosystem>,
): string[] {
  const out: string[] = [];
  const noLicense = packages.filter((p) => p.licenses.length === 0);
  if (noLicense.length > 0)
    out.push(
      `Licences of ${noLicense.length} of ${packages.length} packages: their lockfiles do not record one (only package-lock.json v2+ does) and no installed metadata was found; a registry or an install would tell.`,
    );
  const ecosystems = new Set(sources.map((s) => s.ecosystem));
  for (const eco of ecosystems) {
    if (locked.has(eco)) continue;
    const files = sources.filter((s) => s.ecosystem === eco).map((s) => s.file);
    out.push(
      `Transitive ${eco} dependencies and exact versions: no lockfile (${files.slice(0, 3).join(', ')}${files.length > 3 ? ' …' : ''} declare ranges only); resolving them needs the registry.`,
    );
  }
  const unpinned = packages.filter((p) => p.unpinned && locked.has(p.ecosystem));
  if (unpinned.length > 0)
    out.push(
      `${unpinned.length} packages are named by a manifest but pinned by no lockfile: their installed version is unknown.`,
    );
  if (ecosystems.has('pypi'))
    out.push(
      'Python imports are matched to distributions by name (and a few known aliases such as PyYAML -> yaml); a distribution whose import name differs otherwise shows no importers.',
    );
  if (ecosystems.has('maven'))
    out.push(
      'Java imports are matched to Maven artifacts by groupId prefix: artifacts that share a groupId share its importers.',
    );
  out.push(
    'Newer versions, known vulnerabilities, deprecations, download counts and maintainer activity need a registry or an advisory database: not checked (tpo works offline).',
  );
  return out;
}
