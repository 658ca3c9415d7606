/**
 * npm-family manifests and lockfiles: package.json, package-lock.json (lockfile versions 1, 2 and 3, and
 * npm-shrinkwrap.json), yarn.lock (classic v1 and berry), pnpm-lock.yaml (lockfile versions 5, 6 and 9).
 * Pure: text in, packages out; a malformed file throws TpoError('Invalid') with `file:line:`. See
 * docs/dependency-review.md for what each file records.
 */
import { parse as parseYaml } from 'yaml';
import type { DeclaredDependency, ThirdPartyPackage } from '../domain/index.js';
import { asRecord, asString, createParseError, parseJsonText } from './parse-error.js';

export interface PackageManifest {
  readonly name: string | null;
  readonly license: string | null;
  readonly dependencies: readonly DeclaredDependency[];
}

function readLicense(value: unknown): string | null {
  if (typeof value === 'string') return value;
  const record = asRecord(value);
  if (typeof record.type === 'string') return record.type;
  if (Array.isArray(value))
    return (
      value
        .map((v) => readLicense(v))
        .filter((v): v is string => v !== null)
        .join(' OR ') || null
    );
  return null;
}

/** package.json: the dependencies it declares (dependencies, optional, peer; devDependencies as dev). */
export function parsePackageJson(file: string, text: string): PackageManifest {
  const json = asRecord(parseJsonText(file, text));
  const dependencies: DeclaredDependency[] = [];
  for (const [field, dev] of [
    ['dependencies', false],
    ['optionalDependencies', false],
    ['peerDependencies', false],
    ['devDependencies', true],
  ] as const) {
    for (const [name, range] of Object.entries(asRecord(json[field])))
      if (typeof range === 'string') dependencies.push({ name, range, dev });
  }
  return { name: asString(json.name), license: readLicense(json.license ?? json.licenses), dependencies };
}

/** True for versions that point inside the repository (workspaces, links, files) rather than at a registry. */
function isLocal(version: string): boolean {
  return /^(link:|file:|workspace:|portal:)/.test(version);
}

function npmPackage(
  source: string,
  name: string,
  version: string | null,
  extra: Partial<Pick<ThirdPartyPackage, 'direct' | 'dev' | 'license'>> = {},
): ThirdPartyPackage {
  return {
    ecosystem: 'npm',
    name,
    version,
    unpinned: version === null,
    direct: extra.direct ?? false,
    dev: extra.dev ?? false,
    license: extra.license ?? null,
    source,
  };
}

/**
 * package-lock.json / npm-shrinkwrap.json. Versions 2 and 3 list every installed package under `packages` (keys
 * `node_modules/a/node_modules/b`), with its licence when the registry gave one, and the root and workspace
 * manifests, so direct dependencies are known. Version 1 nests `dependencies`; direct ones come from package.json.
 */
export function parsePackageLock(file: string, text: string): ThirdPartyPackage[] {
  const json = asRecord(parseJsonText(file, text));
  const out: ThirdPartyPackage[] = [];
  const packages = asRecord(json.packages);
  if (Object.keys(packages).length > 0) {
    const direct = new Map<string, boolean>();
    for (const [key, value] of Object.entries(packages)) {
      if (key.includes('node_modules/')) continue;
      // The root ("") and workspace folders: their manifests name the direct dependencies.
      const entry = asRecord(value);
      for (const [field, dev] of [
        ['dependencies', false],
        ['optionalDependencies', false],
        ['peerDependencies', false],
        ['devDependencies', true],
      ] as const)
        for (const name of Object.keys(asRecord(entry[field])))
          direct.set(name, (direct.get(name) ?? true) && dev);
    }
    for (const [key, value] of Object.entries(packages)) {
      const at = key.lastIndexOf('node_modules/');
      if (at === -1) continue;
      const entry = asRecord(value);
      if (entry.link === true) continue;
      const name = asString(entry.name) ?? key.slice(at + 'node_modules/'.length);
      const version = asString(entry.version);
      if (version !== null && isLocal(version)) continue;
      const topLevel = at === 0;
      out.push(
        npmPackage(file, name, version, {
          direct: topLevel && direct.has(name),
          dev: entry.dev === true || entry.devOptional === true,
          license: readLicense(entry.license),
        }),
      );
    }
    return out;
  }
  const walk = (deps: Record<string, unknown>, depth: number): void => {
    for (const [name, value] of Object.entries(deps)) {
      const entry = asRecord(value);
      const version = asString(entry.version);
      if (version !== null && !isLocal(version))
        out.push(npmPackage(file, name, version, { dev: entry.dev === true, direct: false }));
      walk(asRecord(entry.dependencies), depth + 1);
    }
  };
  walk(asRecord(json.dependencies), 0);
  return out;
}

/** The package name of a yarn descriptor (`@scope/name@^1.0.0`, `name@npm:^1.0.0`). */
function descriptorName(descriptor: string): string {
  const at = descriptor.indexOf('@', 1);
  return at === -1 ? descriptor : descriptor.slice(0, at);
}

/**
 * yarn.lock. Classic (v1) is yarn's own format: entries `"a@^1.0.0", "a@^1.1.0":` with an indented
 * `version "1.2.0"`. Berry (v2+) is YAML with `__metadata`; its `resolution` names the package, and workspace,
 * link and patch entries are left out (a patch repeats the package it patches). Neither records licences nor
 * which dependencies are direct (package.json says).
 */
export function parseYarnLock(file: string, text: string): ThirdPartyPackage[] {
  if (/^__metadata:/m.test(text)) {
    let doc: unknown;
    try {
      doc = parseYaml(text, { uniqueKeys: false });
    } catch (error) {
      const pos = (error as { linePos?: { line: number }[] }).linePos?.[0];
      throw createParseError(
        file,
        pos?.line ?? null,
        `not valid YAML (${(error as Error).message.split('\n')[0]})`,
      );
    }
    const out: ThirdPartyPackage[] = [];
    for (const [key, value] of Object.entries(asRecord(doc))) {
      if (key === '__metadata') continue;
      const entry = asRecord(value);
      const resolution = asString(entry.resolution) ?? key.split(',')[0]!.trim();
      const name = descriptorName(resolution);
      const protocol = resolution.slice(name.length + 1);
      if (/^(workspace|link|portal|file|patch):/.test(protocol)) continue;
      out.push(npmPackage(file, name, asString(entry.version) ?? null));
    }
    return out;
  }
  const out: ThirdPartyPackage[] = [];
  const lines = text.split('\n');
  let current: string | null = null;
  let currentLine = 0;
  let version: string | null = null;
  const flush = (): void => {
    if (current === null) return;
    if (version === null) throw createParseError(file, currentLine, `entry "${current}" has no version line`);
    out.push(npmPackage(file, current, version));
    current = null;
    version = null;
  };
  lines.forEach((raw, i) => {
    const line = raw.replace(/\r$/, '');
    if (line === '' || line.startsWith('#')) return;
    if (!line.startsWith(' ')) {
      flush();
      if (!line.endsWith(':'))
        throw createParseError(
          file,
          i + 1,
          'expected an entry header such as `"name@^1.0.0", "name@^1.1.0":`',
        );
      const first = line.slice(0, -1).split(',')[0]!.trim().replace(/^"|"$/g, '');
      const name = descriptorName(first);
      const rest = first.slice(name.length + 1);
      // Local packages (`file:`, `link:`) are not from a registry.
      current = /^(file|link|workspace):/.test(rest) ? null : name;
      currentLine = i + 1;
      return;
    }
    const match = /^ {2}version:? "?([^"\s]+)"?$/.exec(line);
    if (match && current !== null) version = match[1]!;
  });
  flush();
  return out;
}

/** `name@1.2.3(peer@1)`, `/name@1.2.3`, `/name/1.2.3_peerhash`: name and version of a pnpm package key. */
function parsePnpmKey(key: string): { name: string; version: string } | null {
  const clean = key.replace(/^\//, '').replace(/\(.*$/, '');
  const at = clean.indexOf('@', 1);
  if (at !== -1) return { name: clean.slice(0, at), version: clean.slice(at + 1) };
  // Lockfile v5: /name/version or /@scope/name/version.
  const slash = clean.lastIndexOf('/');
  if (slash <= 0) return null;
  return { name: clean.slice(0, slash), version: clean.slice(slash + 1).replace(/_.*$/, '') };
}

/**
 * pnpm-lock.yaml. `importers` (the root and each workspace package; a v5 lockfile of a single package has the
 * root's lists at the top level) name the direct dependencies with their resolved versions; `packages` lists
 * every package (`/name/1.0.0` in v5, `/name@1.0.0` in v6, `name@1.0.0` in v9). No licences.
 */
export function parsePnpmLock(file: string, text: string): ThirdPartyPackage[] {
  let doc: Record<string, unknown>;
  try {
    doc = asRecord(parseYaml(text, { uniqueKeys: false }));
  } catch (error) {
    const pos = (error as { linePos?: { line: number }[] }).linePos?.[0];
    throw createParseError(
      file,
      pos?.line ?? null,
      `not valid YAML (${(error as Error).message.split('\n')[0]})`,
    );
  }
  if (doc.lockfileVersion === undefined)
    throw createParseError(file, 1, 'no lockfileVersion; expected a pnpm lockfile');
  const importers =
    Object.keys(asRecord(doc.importers)).length > 0 ? Object.values(asRecord(doc.importers)) : [doc];
  const direct = new Map<string, { dev: boolean; versions: Set<string> }>();
  for (const importer of importers) {
    const record = asRecord(importer);
    for (const [field, dev] of [
      ['dependencies', false],
      ['optionalDependencies', false],
      ['devDependencies', true],
    ] as const) {
      for (const [name, value] of Object.entries(asRecord(record[field]))) {
        const version = (asString(value) ?? asString(asRecord(value).version) ?? '').replace(/[(_].*$/, '');
        if (version === '' || isLocal(version)) continue;
        const entry = direct.get(name) ?? { dev: true, versions: new Set<string>() };
        entry.dev &&= dev;
        entry.versions.add(version);
        direct.set(name, entry);
      }
    }
  }
  const out: ThirdPartyPackage[] = [];
  const seen = new Set<string>();
  for (const [key, value] of Object.entries(asRecord(doc.packages))) {
    const parsed = parsePnpmKey(key);
    if (parsed === null || isLocal(parsed.version)) continue;
    const id = `${parsed.name}@${parsed.version}`;
    if (seen.has(id)) continue;
    seen.add(id);
    const declared = direct.get(parsed.name);
    const entry = asRecord(value);
    out.push(
      npmPackage(file, parsed.name, parsed.version, {
        direct: declared?.versions.has(parsed.version) ?? false,
        dev: declared ? declared.dev : entry.dev === true,
      }),
    );
  }
  return out;
}
