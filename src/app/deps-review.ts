/**
 * The dependency review use case (`tpo deps-review`): reads every lockfile and manifest of the scanned commit
 * through git, parses them (formats/), adds licences from installed metadata in the working tree when present
 * (node_modules, a Python virtual environment), and composes the pure review (judgment/) with the external imports
 * the scan recorded. Works offline and says what it could not know.
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { detectModules, readBlobs, readTree, type RepositoryHandle } from '../codebase/index.js';
import {
  isTpoError,
  type DependencyReview,
  type DependencySource,
  type DependencySourceProblem,
} from '../domain/index.js';
import {
  getDependencySourceKind,
  normalizePythonName,
  parseDependencySource,
  parseGoMod,
  renderDependencyReviewMarkdown,
} from '../formats/index.js';
import { reviewDependencies } from '../judgment/index.js';
import { loadExternalImports, loadFiles, type Store } from '../store/index.js';
import { loadScannedRepo, selectCodeFiles } from './code-model.js';

/** Lockfiles above this size are skipped with a problem rather than read into memory (bytes). */
const MAX_SOURCE_BYTES = 50_000_000;

async function readJson(file: string): Promise<Record<string, unknown> | null> {
  try {
    return JSON.parse(await readFile(file, 'utf8')) as Record<string, unknown>;
  } catch {
    return null;
  }
}

function licenseOf(value: unknown): string | null {
  if (typeof value === 'string') return value;
  if (typeof value === 'object' && value !== null && typeof (value as { type?: unknown }).type === 'string')
    return (value as { type: string }).type;
  return null;
}

/**
 * Licences from what is installed in the working tree: `node_modules/<name>/package.json` next to each manifest
 * folder, and the `*.dist-info/METADATA` of a `.venv` or `venv` at the top. Keys are `${ecosystem}:${name}@${version}`.
 */
async function loadInstalledLicenses(
  workTree: string,
  npmNames: readonly string[],
  manifestFolders: readonly string[],
): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const folder of manifestFolders) {
    const base = path.join(workTree, folder, 'node_modules');
    try {
      await readdir(base);
    } catch {
      continue;
    }
    await Promise.all(
      npmNames.map(async (name) => {
        const json = await readJson(path.join(base, name, 'package.json'));
        const license = licenseOf(
          json?.license ?? (Array.isArray(json?.licenses) ? json.licenses[0] : undefined),
        );
        if (json && license && typeof json.version === 'string')
          out.set(`npm:${name}@${json.version}`, license);
      }),
    );
  }
  for (const venv of ['.venv', 'venv']) {
    const lib = path.join(workTree, venv, 'lib');
    let pythons: string[];
    try {
      pythons = await readdir(lib);
    } catch {
      continue;
    }
    for (const py of pythons) {
      const site = path.join(lib, py, 'site-packages');
      let entries: string[];
      try {
        entries = await readdir(site);
      } catch {
        continue;
      }
      for (const entry of entries.filter((e) => e.endsWith('.dist-info'))) {
        let text: string;
        try {
          text = await readFile(path.join(site, entry, 'METADATA'), 'utf8');
        } catch {
          continue;
        }
        const header = text.split(/\r?\n\r?\n/)[0] ?? '';
        const name = /^Name:\s*(.+)$/m.exec(header)?.[1]?.trim();
        const version = /^Version:\s*(.+)$/m.exec(header)?.[1]?.trim();
        const license =
          /^License-Expression:\s*(.+)$/m.exec(header)?.[1]?.trim() ??
          /^Classifier:\s*License :: (?:OSI Approved :: )?(.+)$/m.exec(header)?.[1]?.trim() ??
          /^License:\s*(.{1,80})$/m.exec(header)?.[1]?.trim();
        if (name && version && license && license !== 'UNKNOWN')
          out.set(`pypi:${normalizePythonName(name)}@${version}`, license);
      }
    }
  }
  return out;
}

/**
 * Reviews the third-party packages of the scanned commit.
 *
 * @example
 * await ensureScanned(ws.repo, ws.store, undefined);
 * const review = await getDependencyReview(ws.repo, ws.store);
 * review.packages.filter((p) => p.direct).map((p) => [p.name, p.usage.files]);
 */
export async function getDependencyReview(repo: RepositoryHandle, store: Store): Promise<DependencyReview> {
  const row = await loadScannedRepo(repo, store);
  const commit = row.snapshot_commit!;
  const [tree, files, externalImports] = await Promise.all([
    readTree(repo.gitDir, commit),
    loadFiles(store.db, row.id),
    loadExternalImports(store.db, row.id),
  ]);
  const problems: DependencySourceProblem[] = [];
  const wanted = tree.filter((e) => e.kind === 'file' && getDependencySourceKind(e.path) !== null);
  const paths = new Map<string, string[]>();
  for (const e of wanted) {
    if (e.size > MAX_SOURCE_BYTES) {
      problems.push({
        file: e.path,
        line: null,
        message: `larger than ${MAX_SOURCE_BYTES / 1_000_000} MB: skipped`,
      });
      continue;
    }
    paths.set(e.blob, [...(paths.get(e.blob) ?? []), e.path]);
  }
  const texts = new Map<string, string>();
  await readBlobs(repo.gitDir, [...paths.keys()], (blob, content) => {
    for (const p of paths.get(blob) ?? []) texts.set(p, content.toString('utf8'));
  });
  const goVersions = new Map<string, string | null>();
  for (const [p, text] of texts)
    if (p.endsWith('go.mod'))
      try {
        goVersions.set(path.posix.dirname(p), parseGoMod(p, text).goVersion);
      } catch {
        // Reported when the file itself is parsed below.
      }
  const sources: DependencySource[] = [];
  for (const p of [...texts.keys()].sort()) {
    try {
      const source = parseDependencySource(p, texts.get(p)!, {
        goModVersion: goVersions.get(path.posix.dirname(p)) ?? null,
      });
      if (source) sources.push(source);
    } catch (error) {
      if (!isTpoError(error)) throw error;
      problems.push({
        file: p,
        line: typeof error.context.line === 'number' ? error.context.line : null,
        message: error.message,
      });
    }
  }
  const modules = detectModules(files.map((f) => f.path));
  let installedLicenses: Map<string, string> | undefined;
  if (repo.workTree !== null) {
    const npmNames = [
      ...new Set(
        sources
          .filter((s) => s.ecosystem === 'npm')
          .flatMap((s) => [...s.packages.map((p) => p.name), ...s.declared.map((d) => d.name)]),
      ),
    ];
    const manifestFolders = [
      ...new Set(sources.filter((s) => s.ecosystem === 'npm').map((s) => path.posix.dirname(s.file))),
    ];
    installedLicenses = await loadInstalledLicenses(repo.workTree, npmNames, manifestFolders);
  }
  return reviewDependencies({
    repo: row.name,
    commit,
    sources,
    problems,
    externalImports,
    moduleOf: (p) => modules.moduleOf(p),
    codeFiles: selectCodeFiles(files).length,
    ...(installedLicenses && installedLicenses.size > 0 ? { installedLicenses } : {}),
  });
}

/**
 * The review as Markdown (for a vendor call's notes or a pull-request comment).
 *
 * @example
 * process.stdout.write(renderDependencyReview(await getDependencyReview(ws.repo, ws.store), { limit: 20 }));
 */
export function renderDependencyReview(review: DependencyReview, options: { limit?: number } = {}): string {
  return renderDependencyReviewMarkdown(review, options);
}
