/**
 * Python manifests and lockfiles: pyproject.toml (PEP 621 `[project]`, PEP 735 `[dependency-groups]`, Poetry's
 * `[tool.poetry]`), poetry.lock, uv.lock and requirements.txt (pip-compile's `# via` comments mark transitive
 * pins). Names are normalised as PEP 503 says (lowercase, runs of `-_.` as `-`). Pure; a malformed file throws
 * TpoError('Invalid') with `file:line:`.
 */
import { parse as parseToml, TomlError } from 'smol-toml';
import type { DeclaredDependency, ThirdPartyPackage } from '../domain/index.js';
import { asRecord, asString, createParseError } from './parse-error.js';

/** PEP 503 normalised name. */
export function normalizePythonName(name: string): string {
  return name.toLowerCase().replace(/[-_.]+/g, '-');
}

function readToml(file: string, text: string): Record<string, unknown> {
  try {
    return parseToml(text);
  } catch (error) {
    const line = error instanceof TomlError ? error.line : null;
    throw createParseError(file, line, `not valid TOML (${(error as Error).message.split('\n')[0]})`);
  }
}

function pythonPackage(
  source: string,
  name: string,
  version: string | null,
  extra: Partial<Pick<ThirdPartyPackage, 'direct' | 'dev' | 'license'>> = {},
): ThirdPartyPackage {
  const pinned = version !== null && /^[\w.!+-]+$/.test(version);
  return {
    ecosystem: 'pypi',
    name: normalizePythonName(name),
    version,
    unpinned: !pinned,
    direct: extra.direct ?? false,
    dev: extra.dev ?? false,
    license: extra.license ?? null,
    source,
  };
}

/** `requests[socks]>=2.0; python_version < "3.8"` -> name and version spec. */
function parseRequirement(spec: string): { name: string; range: string } | null {
  const m = /^\s*([A-Za-z0-9][A-Za-z0-9._-]*)\s*(\[[^\]]*\])?\s*(\([^)]*\)|[^;@]*)?/.exec(spec);
  if (!m) return null;
  return { name: m[1]!, range: (m[3] ?? '').replace(/[()]/g, '').trim() };
}

/** pyproject.toml: direct dependencies (PEP 621 project and optional dependencies, dependency groups, Poetry). */
export function parsePyproject(file: string, text: string): DeclaredDependency[] {
  const toml = readToml(file, text);
  const out: DeclaredDependency[] = [];
  const addSpecs = (list: unknown, dev: boolean): void => {
    if (!Array.isArray(list)) return;
    for (const item of list) {
      const parsed = typeof item === 'string' ? parseRequirement(item) : null;
      if (parsed) out.push({ name: normalizePythonName(parsed.name), range: parsed.range, dev });
    }
  };
  const project = asRecord(toml.project);
  addSpecs(project.dependencies, false);
  for (const list of Object.values(asRecord(project['optional-dependencies']))) addSpecs(list, false);
  for (const [group, list] of Object.entries(asRecord(toml['dependency-groups'])))
    addSpecs(list, group === 'dev' || group === 'test' || group === 'lint' || group === 'docs');
  const poetry = asRecord(asRecord(toml.tool).poetry);
  const addPoetry = (table: unknown, dev: boolean): void => {
    for (const [name, value] of Object.entries(asRecord(table))) {
      if (name.toLowerCase() === 'python') continue;
      const range = asString(value) ?? asString(asRecord(value).version) ?? '';
      out.push({ name: normalizePythonName(name), range, dev });
    }
  };
  addPoetry(poetry.dependencies, false);
  addPoetry(poetry['dev-dependencies'], true);
  for (const [group, value] of Object.entries(asRecord(poetry.group)))
    addPoetry(asRecord(value).dependencies, group !== 'main');
  return out;
}

/** poetry.lock: every `[[package]]` with its exact version; old lockfiles mark dev packages with `category`. */
export function parsePoetryLock(file: string, text: string): ThirdPartyPackage[] {
  const toml = readToml(file, text);
  const packages = toml.package;
  if (!Array.isArray(packages))
    throw createParseError(file, null, 'no [[package]] tables; expected a poetry.lock');
  return packages.map((p) => {
    const entry = asRecord(p);
    const name = asString(entry.name);
    if (name === null) throw createParseError(file, null, 'a [[package]] has no name');
    return pythonPackage(file, name, asString(entry.version), { dev: entry.category === 'dev' });
  });
}

/**
 * uv.lock: every `[[package]]`; the project's own packages (source `editable`, `virtual` or a workspace member)
 * are left out, and what they depend on is direct (their `dev-dependencies` as dev).
 */
export function parseUvLock(file: string, text: string): ThirdPartyPackage[] {
  const toml = readToml(file, text);
  const packages = Array.isArray(toml.package) ? toml.package.map(asRecord) : [];
  const direct = new Map<string, boolean>();
  const own = new Set<string>();
  for (const entry of packages) {
    const source = asRecord(entry.source);
    if (source.editable === undefined && source.virtual === undefined && source.workspace === undefined)
      continue;
    own.add(normalizePythonName(asString(entry.name) ?? ''));
    const add = (list: unknown, dev: boolean): void => {
      if (!Array.isArray(list)) return;
      for (const d of list) {
        const name = normalizePythonName(asString(asRecord(d).name) ?? '');
        if (name !== '') direct.set(name, (direct.get(name) ?? true) && dev);
      }
    };
    add(entry.dependencies, false);
    for (const list of Object.values(asRecord(entry['optional-dependencies']))) add(list, false);
    for (const list of Object.values(asRecord(entry['dev-dependencies']))) add(list, true);
  }
  const out: ThirdPartyPackage[] = [];
  for (const entry of packages) {
    const name = asString(entry.name);
    if (name === null || own.has(normalizePythonName(name))) continue;
    const normalized = normalizePythonName(name);
    out.push(
      pythonPackage(file, name, asString(entry.version), {
        direct: direct.has(normalized),
        dev: direct.get(normalized) === true,
      }),
    );
  }
  return out;
}

/**
 * requirements.txt (and requirements-*.txt): one requirement a line. Options (`-r`, `-e`, `--hash`), URLs and
 * comments are skipped; a line continued with `\` is joined. A pin followed by pip-compile's `# via` comments that
 * name only packages is transitive; everything else is direct.
 */
export function parseRequirementsTxt(file: string, text: string): ThirdPartyPackage[] {
  const out: { pkg: ThirdPartyPackage; via: string[] }[] = [];
  const dev = /(dev|test|lint|doc)/i.test(file.split('/').pop() ?? '');
  const lines = text.replace(/\\\r?\n/g, ' ').split(/\r?\n/);
  let last: { pkg: ThirdPartyPackage; via: string[] } | null = null;
  let inVia = false;
  for (const raw of lines) {
    const trimmed = raw.trim();
    const via = /^#\s+via\s*(.*)$/.exec(trimmed);
    if (via && last) {
      inVia = true;
      if (via[1]) last.via.push(via[1].trim());
      continue;
    }
    if (inVia && /^#\s+\S/.test(trimmed) && last) {
      last.via.push(trimmed.replace(/^#\s+/, ''));
      continue;
    }
    inVia = false;
    const line = trimmed.replace(/\s+#.*$/, '');
    if (line === '' || line.startsWith('#') || line.startsWith('-') || /^[a-z+]+:\/\//i.test(line)) continue;
    const parsed = parseRequirement(line.split(/\s+--/)[0]!);
    if (!parsed) continue;
    const pin = /^===?\s*([^\s,;]+)$/.exec(parsed.range);
    const version = pin ? pin[1]! : parsed.range === '' ? null : parsed.range;
    last = { pkg: pythonPackage(file, parsed.name, version, { direct: true, dev }), via: [] };
    out.push(last);
  }
  return out.map(({ pkg, via }) =>
    via.length > 0 && via.every((v) => !v.startsWith('-')) ? { ...pkg, direct: false } : pkg,
  );
}
