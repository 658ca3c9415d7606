/**
 * The architecture baseline: the violations a team knows and accepts for now, committed next to the code
 * (`tpo.arch-baseline.json` at the repository root) so that CI fails only on new ones. A violation is known by its
 * rule, importing file and imported file (not its line, so edits above an import do not make it new).
 */
import { TpoError, type BaselineEntry } from '../domain/index.js';

/** The file name of the baseline, at the repository root. */
export const ARCHITECTURE_BASELINE_FILE = 'tpo.arch-baseline.json';

interface BaselineDocument {
  readonly $comment?: string;
  readonly version: 1;
  readonly commit?: string;
  readonly violations: readonly BaselineEntry[];
}

/** Reads a baseline file; throws TpoError('Invalid') naming the file and the entry that is wrong. */
export function parseArchitectureBaseline(file: string, text: string): BaselineEntry[] {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (error) {
    throw new TpoError(
      'Invalid',
      `${file}: not valid JSON (${(error as Error).message}); rewrite it with "tpo arch --baseline".`,
      { file },
    );
  }
  const violations = (doc as Partial<BaselineDocument> | null)?.violations;
  if (typeof doc !== 'object' || doc === null || !Array.isArray(violations))
    throw new TpoError(
      'Invalid',
      `${file}: expected an object with a "violations" list; rewrite it with "tpo arch --baseline".`,
      { file },
    );
  return violations.map((v: unknown, i) => {
    const entry = v as Partial<BaselineEntry> | null;
    if (
      typeof entry !== 'object' ||
      entry === null ||
      typeof entry.rule !== 'string' ||
      typeof entry.from !== 'string' ||
      typeof entry.to !== 'string'
    )
      throw new TpoError(
        'Invalid',
        `${file}: violations[${i}] is not { "rule", "from", "to" } texts; rewrite the file with "tpo arch --baseline".`,
        { file, index: i },
      );
    return { rule: entry.rule, from: entry.from, to: entry.to };
  });
}

/** The baseline file's text: entries sorted and deduplicated, so rewriting an unchanged baseline changes nothing. */
export function renderArchitectureBaseline(entries: readonly BaselineEntry[], commit: string): string {
  const seen = new Set<string>();
  const unique: BaselineEntry[] = [];
  for (const e of entries) {
    const key = `${e.rule}\0${e.from}\0${e.to}`;
    if (seen.has(key)) continue;
    seen.add(key);
    unique.push({ rule: e.rule, from: e.from, to: e.to });
  }
  unique.sort((a, b) =>
    a.rule + '\0' + a.from + '\0' + a.to < b.rule + '\0' + b.from + '\0' + b.to ? -1 : 1,
  );
  const doc: BaselineDocument = {
    $comment:
      'Known architecture violations, recorded by "tpo arch --baseline". "tpo arch --fail-on error" fails only on violations not listed here. Fix some, then run "tpo arch --baseline" again to shrink the list.',
    version: 1,
    commit,
    violations: unique,
  };
  return `${JSON.stringify(doc, null, 2)}\n`;
}
