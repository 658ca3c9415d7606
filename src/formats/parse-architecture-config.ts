/**
 * Reads a declared architecture from `tpo.config.yaml|yml|json` (under the key `architecture`) or from
 * `.tpo/architecture.yaml` (the same content, with or without that key). Pure: text in, a validated
 * ArchitectureConfig out, or one TpoError('Invalid') whose message starts with `file:line:column:` and says what
 * was expected. JSON is read by the YAML parser (JSON is YAML), so both report positions the same way.
 *
 * ```yaml
 * architecture:
 *   modules:                       # or `layers`; first match wins
 *     - name: ui
 *       paths: [src/ui/**]
 *     - name: domain
 *       paths: [src/domain/**]
 *   rules:
 *     - name: domain-is-pure       # optional, derived from the rule otherwise
 *       from: domain               # a module, a list, or "*"
 *       mayImport: []              # allow-list; or mustNotImport: [ui] (deny-list)
 *     - from: ui                   # rules on third-party packages: globs of package names
 *       mustNotImportPackages: ['@aws-sdk/*', pg]
 *       reason: the UI reaches AWS and the database through the API
 *       reason: the domain is shared by every face and must stay free of them
 *       severity: error            # or warn; default error
 *   ignore: ["**\/*.test.ts"]       # files left out of the review
 *   cycles: warn                   # import cycles between modules: error, warn or off (default off)
 * ```
 */
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node } from 'yaml';
import {
  TpoError,
  type ArchitectureConfig,
  type ArchitectureRule,
  type DeclaredModule,
  type RuleSeverity,
} from '../domain/index.js';

interface Located {
  readonly file: string;
  readonly lines: LineCounter;
}

function invalid(
  where: Located,
  node: Node | null | undefined,
  message: string,
  expected?: string,
): TpoError {
  const offset = node?.range?.[0];
  const pos = offset === undefined ? null : where.lines.linePos(offset);
  const at = pos ? `${where.file}:${pos.line}:${pos.col}` : where.file;
  return new TpoError(
    'Invalid',
    `${at}: ${message}${expected ? `; expected ${expected}` : ''}. Fix the architecture configuration and run again.`,
    { file: where.file, line: pos?.line ?? null, column: pos?.col ?? null },
  );
}

/** Keys compared without case, spaces, dashes or underscores: `mayImport`, `may-import`, `may import`. */
function normalizeKey(key: string): string {
  return key.toLowerCase().replace(/[\s_-]/g, '');
}

function entries(where: Located, node: Node | null | undefined, what: string): [string, Node, Node][] {
  if (!isMap(node)) throw invalid(where, node, `${what} is not a mapping`, 'key: value pairs');
  return node.items.map((pair) => {
    const key = pair.key as Node;
    if (!isScalar(key)) throw invalid(where, key, `a key of ${what} is not a plain name`);
    return [normalizeKey(String(key.value)), pair.value as Node, key];
  });
}

function readString(where: Located, node: Node | null | undefined, what: string): string {
  if (!isScalar(node) || typeof node.value !== 'string' || node.value.trim() === '')
    throw invalid(where, node, `${what} is missing or empty`, 'a non-empty text');
  return node.value.trim();
}

function readStrings(where: Located, node: Node | null | undefined, what: string): [string, Node][] {
  if (isScalar(node)) return [[readString(where, node, what), node]];
  if (!isSeq(node)) throw invalid(where, node, `${what} is not a list`, 'a text or a list of texts');
  return node.items.map((item, i) => [readString(where, item as Node, `${what}[${i}]`), item as Node]);
}

function readModules(where: Located, node: Node): DeclaredModule[] {
  if (!isSeq(node)) throw invalid(where, node, 'modules is not a list', 'a list of { name, paths } entries');
  const seen = new Set<string>();
  return node.items.map((item, i) => {
    const pairs = entries(where, item as Node, `modules[${i}]`);
    for (const [k, , keyNode] of pairs)
      if (k !== 'name' && k !== 'paths')
        throw invalid(where, keyNode, `modules[${i}] has an unknown key "${k}"`, 'name and paths');
    const fields = new Map(pairs.map(([k, v]) => [k, v]));
    const name = readString(where, fields.get('name'), `modules[${i}].name`);
    if (name === '*' || name.startsWith('('))
      throw invalid(where, fields.get('name'), `modules[${i}].name "${name}" is reserved`, 'another name');
    if (seen.has(name))
      throw invalid(where, fields.get('name'), `module "${name}" is declared twice`, 'unique names');
    seen.add(name);
    if (!fields.has('paths'))
      throw invalid(
        where,
        item as Node,
        `modules[${i}] (${name}) has no paths`,
        'paths: a glob or a list of globs',
      );
    const paths = readStrings(where, fields.get('paths'), `modules[${i}].paths`).map(([p]) => p);
    if (paths.length === 0)
      throw invalid(where, fields.get('paths'), `modules[${i}].paths is empty`, 'at least one glob');
    return { name, paths };
  });
}

function readRules(where: Located, node: Node, modules: ReadonlySet<string>): ArchitectureRule[] {
  if (!isSeq(node)) throw invalid(where, node, 'rules is not a list', 'a list of rules');
  const names = new Set<string>();
  const checkModules = (list: [string, Node][], what: string): string[] =>
    list.map(([name, at]) => {
      if (name !== '*' && !modules.has(name))
        throw invalid(
          where,
          at,
          `${what} names "${name}", which is not a declared module`,
          `one of ${[...modules].join(', ') || '(no modules declared)'}, or *`,
        );
      return name;
    });
  return node.items.map((item, i) => {
    const what = `rules[${i}]`;
    const fields = new Map<string, Node>();
    for (const [k, v, keyNode] of entries(where, item as Node, what)) {
      if (
        ![
          'name',
          'from',
          'mayimport',
          'mustnotimport',
          'mayimportpackages',
          'mustnotimportpackages',
          'reason',
          'severity',
        ].includes(k)
      )
        throw invalid(
          where,
          keyNode,
          `${what} has an unknown key "${k}"`,
          'name, from, mayImport or mustNotImport (or mayImportPackages or mustNotImportPackages), reason, severity',
        );
      fields.set(k, v);
    }
    if (!fields.has('from'))
      throw invalid(where, item as Node, `${what} has no "from"`, 'from: a module name');
    const from = checkModules(readStrings(where, fields.get('from'), `${what}.from`), `${what}.from`);
    const given = (
      [
        ['mayimport', 'may-import', 'modules', 'mayImport'],
        ['mustnotimport', 'must-not-import', 'modules', 'mustNotImport'],
        ['mayimportpackages', 'may-import', 'packages', 'mayImportPackages'],
        ['mustnotimportpackages', 'must-not-import', 'packages', 'mustNotImportPackages'],
      ] as const
    ).filter(([k]) => fields.has(k));
    if (given.length !== 1)
      throw invalid(
        where,
        item as Node,
        `${what} needs exactly one of mayImport, mustNotImport, mayImportPackages and mustNotImportPackages`,
        'mayImport: [modules] (only these), mustNotImport: [modules] (never these), or the same with package names',
      );
    const [field, kind, on, key] = given[0]!;
    const targetsNode = fields.get(field)!;
    // An empty flow list (`mayImport: []`) is a sequence with no items; a bare `mayImport:` is null.
    const listed =
      isSeq(targetsNode) && targetsNode.items.length === 0
        ? []
        : readStrings(where, targetsNode, `${what}.${key}`);
    const targets = on === 'modules' ? checkModules(listed, `${what}.${key}`) : listed.map(([t]) => t);
    if (!fields.has('reason'))
      throw invalid(
        where,
        item as Node,
        `${what} has no reason`,
        'reason: why the rule exists, for whoever breaks it',
      );
    const reason = readString(where, fields.get('reason'), `${what}.reason`);
    let severity: RuleSeverity = 'error';
    if (fields.has('severity')) {
      const s = readString(where, fields.get('severity'), `${what}.severity`);
      if (s !== 'error' && s !== 'warn')
        throw invalid(where, fields.get('severity'), `${what}.severity is "${s}"`, 'error or warn');
      severity = s;
    }
    const name = fields.has('name')
      ? readString(where, fields.get('name'), `${what}.name`)
      : `${from.join('+')}-${kind === 'may-import' ? 'may-only-import' : 'must-not-import'}${on === 'packages' ? '-packages' : ''}-${targets.join('+') || 'nothing'}`;
    if (names.has(name))
      throw invalid(
        where,
        fields.get('name') ?? (item as Node),
        `rule "${name}" is declared twice`,
        'unique names',
      );
    names.add(name);
    return { name, from, kind, on, targets, reason, severity };
  });
}

/**
 * Parses an architecture configuration. Returns null when a `tpo.config.*` file has no `architecture` key (the
 * file may configure other things).
 *
 * @param file the path shown in messages (relative to the repository root).
 * @param wrapped true for `tpo.config.*` (the architecture sits under `architecture:`), false for
 *   `.tpo/architecture.yaml` (either form).
 */
export function parseArchitectureConfig(
  file: string,
  text: string,
  wrapped: boolean,
): ArchitectureConfig | null {
  const lines = new LineCounter();
  const where: Located = { file, lines };
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    const error = doc.errors[0]!;
    const pos = lines.linePos(error.pos[0]);
    throw new TpoError(
      'Invalid',
      `${file}:${pos.line}:${pos.col}: ${error.message.replace(/ at line \d+, column \d+:?[\s\S]*$/, '')}. Fix the architecture configuration and run again.`,
      { file, line: pos.line, column: pos.col },
    );
  }
  let root = doc.contents as Node | null;
  if (root === null) {
    if (wrapped) return null;
    throw invalid(where, null, 'the file is empty', 'modules and rules');
  }
  const top = entries(where, root, 'the file');
  const architecture = top.find(([k]) => k === 'architecture');
  if (architecture) root = architecture[1];
  else if (wrapped) return null;
  let modules: DeclaredModule[] = [];
  let rulesNode: Node | null = null;
  let ignore: string[] = [];
  let cycles: RuleSeverity | 'off' = 'off';
  for (const [key, value, keyNode] of entries(where, root, 'architecture')) {
    if (key === 'modules' || key === 'layers') modules = readModules(where, value);
    else if (key === 'rules') rulesNode = value;
    else if (key === 'ignore') ignore = readStrings(where, value, 'ignore').map(([g]) => g);
    else if (key === 'cycles') {
      const c = readString(where, value, 'cycles');
      if (c !== 'error' && c !== 'warn' && c !== 'off')
        throw invalid(where, value, `cycles is "${c}"`, 'error, warn or off');
      cycles = c;
    } else
      throw invalid(
        where,
        keyNode,
        `unknown key "${key}" in architecture`,
        'modules (or layers), rules, ignore, cycles',
      );
  }
  if (modules.length === 0 && rulesNode !== null)
    throw invalid(
      where,
      rulesNode,
      'rules are given but no modules are declared',
      'modules: [{ name, paths }]',
    );
  const rules = rulesNode === null ? [] : readRules(where, rulesNode, new Set(modules.map((m) => m.name)));
  return { modules, rules, ignore, cycles };
}
