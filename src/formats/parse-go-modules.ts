/**
 * Go modules: go.mod lists every module the build needs (since Go 1.17 the indirect ones too, marked
 * `// indirect`); go.sum holds checksums of every version the module graph consulted, which are not all used.
 * Pure; a malformed line throws TpoError('Invalid') with `file:line:`.
 */
import type { ThirdPartyPackage } from '../domain/index.js';
import { createParseError } from './parse-error.js';

export interface GoModFile {
  readonly module: string | null;
  /** The `go` directive (`1.21`), or null. */
  readonly goVersion: string | null;
  readonly packages: readonly ThirdPartyPackage[];
}

function goPackage(source: string, name: string, version: string, direct: boolean): ThirdPartyPackage {
  return { ecosystem: 'go', name, version, unpinned: false, direct, dev: false, license: null, source };
}

/** go.mod: `require` lines and blocks; `// indirect` marks modules only other modules need. */
export function parseGoMod(file: string, text: string): GoModFile {
  let module: string | null = null;
  let goVersion: string | null = null;
  const packages: ThirdPartyPackage[] = [];
  let block: string | null = null;
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('//')) return;
    if (block !== null) {
      if (line === ')') {
        block = null;
        return;
      }
      if (block === 'require') {
        const m = /^(\S+)\s+(\S+)(.*)$/.exec(line);
        if (!m) throw createParseError(file, i + 1, 'expected `module/path v1.2.3` inside require ( … )');
        packages.push(goPackage(file, m[1]!.replace(/^"|"$/g, ''), m[2]!, !/\/\/\s*indirect/.test(m[3]!)));
      }
      return;
    }
    const open = /^(require|replace|exclude|retract|tool|godebug)\s*\($/.exec(line);
    if (open) {
      block = open[1]!;
      return;
    }
    const m = /^(\w+)\s+(.*)$/.exec(line);
    if (!m) throw createParseError(file, i + 1, `unexpected "${line}"; expected a go.mod directive`);
    const [, directive, rest] = m as unknown as [string, string, string];
    if (directive === 'module') module = rest.replace(/^"|"$/g, '').trim();
    else if (directive === 'go') goVersion = rest.trim();
    else if (directive === 'require') {
      const r = /^(\S+)\s+(\S+)(.*)$/.exec(rest);
      if (!r) throw createParseError(file, i + 1, 'expected `require module/path v1.2.3`');
      packages.push(goPackage(file, r[1]!.replace(/^"|"$/g, ''), r[2]!, !/\/\/\s*indirect/.test(r[3]!)));
    }
  });
  if (block !== null) throw createParseError(file, null, `the ${String(block)} ( … ) block is not closed`);
  return { module, goVersion, packages };
}

/** go.sum: module versions whose source was checksummed (lines ending `/go.mod` only hash a manifest). */
export function parseGoSum(file: string, text: string): ThirdPartyPackage[] {
  const out: ThirdPartyPackage[] = [];
  const seen = new Set<string>();
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.trim();
    if (line === '') return;
    const m = /^(\S+)\s+(\S+)\s+h\d+:\S+$/.exec(line);
    if (!m) throw createParseError(file, i + 1, 'expected `module/path v1.2.3 h1:hash=`');
    if (m[2]!.endsWith('/go.mod')) return;
    const key = `${m[1]!}@${m[2]!}`;
    if (seen.has(key)) return;
    seen.add(key);
    out.push(goPackage(file, m[1]!, m[2]!, false));
  });
  return out;
}

/** True when a go directive is older than 1.17, whose go.mod does not list indirect dependencies. */
export function isPreGo117(goVersion: string | null): boolean {
  if (goVersion === null) return true;
  const [major = 0, minor = 0] = goVersion.split('.').map(Number);
  return major < 1 || (major === 1 && minor < 17);
}
