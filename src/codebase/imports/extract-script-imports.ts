/**
 * TypeScript and JavaScript extraction with oxc-parser: the imports of a script and the counts behind its cyclomatic
 * figure (see cyclomatic-rationale.md), from one parse.
 *
 * Two readers give the same result. `scanScriptFromAst` walks the ESTree objects of the public API; it is the
 * reference. `scanScriptFromJson` reads the same parse without building those objects: imports from oxc's module
 * record, the rest from the AST's JSON text, where a node type can be counted by its `"type":"X"` key because the
 * JSON escapes every quote inside string values. Building the objects (`JSON.parse` of about 20 bytes of JSON per
 * byte of source) is three quarters of the cost of the reference reader, so the JSON reader is about four times
 * faster. It depends on how oxc orders a few keys, so `chooseScriptScanner` runs both on a probe covering every
 * counted construct and uses the JSON reader only when they agree.
 */
import { parseSync, visitorKeys } from 'oxc-parser';
import { parseSync as parseToJson } from 'oxc-parser/src-js/bindings';
import { createLineLocator, type LineLocator } from './locate-lines.js';
import type { ImportKind, ImportSpec } from './types.js';

/** What one script (a file, or one `<script>` block of a .vue/.svelte file) contributes. */
export interface ScriptScan {
  readonly imports: readonly ImportSpec[];
  /** Functions with a body: declarations, expressions, arrows, methods, accessors. */
  readonly functions: number;
  /** Decision points, see cyclomatic-rationale.md. */
  readonly decisions: number;
  readonly parseErrors: number;
}

/** How oxc should read a script: TypeScript, TSX, a declaration file, or JavaScript with JSX. */
export type ScriptDialect = 'ts' | 'tsx' | 'dts' | 'js';
/** ESM, CommonJS, or decided by the content (plain .js). */
export type ScriptSourceType = 'module' | 'commonjs' | 'unambiguous';

/**
 * Reads one script. `firstLine` is the line of the script's first character in its file (for `<script>` blocks).
 * Never throws on bad input: a syntax error is counted and what the parser recovered is kept.
 */
export type ScriptScanner = (
  filename: string,
  text: string,
  dialect: ScriptDialect,
  sourceType?: ScriptSourceType,
  firstLine?: number,
) => ScriptScan;

const PARSER_LANG: Readonly<Record<ScriptDialect, 'ts' | 'tsx' | 'dts' | 'jsx'>> = {
  ts: 'ts',
  tsx: 'tsx',
  dts: 'dts',
  // JSX is common in .js files and parsing it costs nothing in plain JavaScript, where `<` cannot start an expression.
  js: 'jsx',
};

/** An import found at a character offset of the script. */
interface Found {
  readonly specifier: string;
  readonly kind: ImportKind;
  readonly offset: number;
}

const STATIC_FORM = /\b(import|export)\s+(type\s+)?(?:[\w$*{}\s,]+?\s+from\s*)?(['"])([^'"\n]+)\3/g;
const CALL_FORM = /\b(require|import)\s*\(\s*(['"`])([^'"`\n$]+)\2\s*\)/g;

/**
 * Imports found by their lexical shape. Used only for a script with syntax errors, where the parser may have
 * dropped the statements after the error; a comment that looks like an import can then be counted too.
 */
function scanImportsLexically(text: string): Found[] {
  const found: Found[] = [];
  for (const match of text.matchAll(STATIC_FORM)) {
    const kind: ImportKind = match[2] !== undefined ? 'type' : match[1] === 'export' ? 'reexport' : 'static';
    found.push({ specifier: match[4]!, kind, offset: match.index });
  }
  for (const match of text.matchAll(CALL_FORM)) {
    found.push({
      specifier: match[3]!,
      kind: match[1] === 'require' ? 'require' : 'dynamic',
      offset: match.index,
    });
  }
  return found;
}

/**
 * The relative specifiers (`./x`, `../y`, `..`) a script imports, found by their lexical shape without parsing:
 * cheap enough to run on every past version of every file in a history replay. A comment or string that looks like
 * an import counts too; package imports are left out.
 * @example scanRelativeImportSpecifiers("const r = require('./reply')\nimport x from 'x'") // ['./reply']
 */
export function scanRelativeImportSpecifiers(text: string): string[] {
  const out = new Set<string>();
  for (const { specifier } of scanImportsLexically(text))
    if (specifier === '.' || specifier === '..' || specifier.startsWith('./') || specifier.startsWith('../'))
      out.add(specifier);
  return [...out];
}

/** Imports in source order with their lines, one per line and specifier; the lexical ones added after an error. */
function toImports(found: Found[], text: string, locate: LineLocator, parseErrors: number): ImportSpec[] {
  const imports: ImportSpec[] = [];
  const seen = new Set<string>();
  const add = (spec: Found): void => {
    const line = locate(spec.offset);
    const key = `${line}\0${spec.specifier}`;
    if (seen.has(key)) return;
    seen.add(key);
    imports.push({ specifier: spec.specifier, kind: spec.kind, line });
  };
  found.sort((a, b) => a.offset - b.offset).forEach(add);
  if (parseErrors > 0) {
    const before = imports.length;
    scanImportsLexically(text).forEach(add);
    if (imports.length > before) imports.sort((a, b) => a.line - b.line);
  }
  return imports;
}

// --- Reference reader: the ESTree objects ----------------------------------------------------------------------

/** The AST as plain objects; only the fields read here are typed. */
interface AstNode {
  readonly type: string;
  readonly start: number;
  readonly [key: string]: unknown;
}

const DECISION_TYPES = new Set([
  'IfStatement',
  'ConditionalExpression',
  'ForStatement',
  'ForInStatement',
  'ForOfStatement',
  'WhileStatement',
  'DoWhileStatement',
  'CatchClause',
  'LogicalExpression',
]);
// Functions without a body have their own types (TSDeclareFunction, TSEmptyBodyFunctionExpression), not counted.
const FUNCTION_TYPES = new Set(['FunctionDeclaration', 'FunctionExpression', 'ArrowFunctionExpression']);
const LOGICAL_ASSIGNMENTS = new Set(['&&=', '||=', '??=']);

function isNode(value: unknown): value is AstNode {
  return (
    typeof value === 'object' && value !== null && typeof (value as { type?: unknown }).type === 'string'
  );
}

function isStringLiteral(value: unknown): value is AstNode & { readonly value: string } {
  return isNode(value) && value.type === 'Literal' && typeof value['value'] === 'string';
}

/** The text of a string literal or of a template literal without expressions, else undefined. */
function getStaticText(value: unknown): string | undefined {
  if (isStringLiteral(value)) return value.value;
  if (!isNode(value) || value.type !== 'TemplateLiteral') return undefined;
  const expressions = value['expressions'];
  const quasis = value['quasis'];
  if (!Array.isArray(expressions) || expressions.length > 0 || !Array.isArray(quasis)) return undefined;
  const quasi: unknown = quasis[0];
  const cooked = isNode(quasi) ? (quasi['value'] as { cooked?: unknown } | undefined)?.cooked : undefined;
  return typeof cooked === 'string' ? cooked : undefined;
}

/**
 * `import { type A, type B } from 'x'` is erased like `import type`, so it counts as a type import; the same for
 * `export { type A } from 'x'`.
 */
function isTypeOnly(node: AstNode, kindKey: 'importKind' | 'exportKind'): boolean {
  if (node[kindKey] === 'type') return true;
  const specifiers = node['specifiers'];
  return (
    Array.isArray(specifiers) &&
    specifiers.length > 0 &&
    specifiers.every((s) => isNode(s) && s[kindKey] === 'type')
  );
}

/** The import this node writes, if it is one. Statements are placed at their start, calls at their specifier. */
function getImport(node: AstNode): Found | undefined {
  switch (node.type) {
    case 'ImportDeclaration': {
      const source = node['source'];
      if (!isStringLiteral(source)) return undefined;
      return {
        specifier: source.value,
        kind: isTypeOnly(node, 'importKind') ? 'type' : 'static',
        offset: node.start,
      };
    }
    case 'ExportNamedDeclaration':
    case 'ExportAllDeclaration': {
      const source = node['source'];
      // `export {} from 'x'` re-exports nothing; oxc's module record leaves it out too.
      const specifiers = node['specifiers'];
      if (!isStringLiteral(source) || (Array.isArray(specifiers) && specifiers.length === 0))
        return undefined;
      return {
        specifier: source.value,
        kind: isTypeOnly(node, 'exportKind') ? 'type' : 'reexport',
        offset: node.start,
      };
    }
    case 'ImportExpression': {
      const specifier = getStaticText(node['source']);
      return specifier === undefined ? undefined : { specifier, kind: 'dynamic', offset: node.start };
    }
    case 'TSImportType': {
      const source = node['source'];
      return isStringLiteral(source)
        ? { specifier: source.value, kind: 'type', offset: source.start }
        : undefined;
    }
    case 'CallExpression': {
      const callee = node['callee'];
      const args = node['arguments'];
      if (!isNode(callee) || callee.type !== 'Identifier' || callee['name'] !== 'require') return undefined;
      if (!Array.isArray(args) || args.length !== 1 || !isStringLiteral(args[0])) return undefined;
      return { specifier: args[0].value, kind: 'require', offset: node.start };
    }
    case 'TSExternalModuleReference': {
      // `import x = require('y')`.
      const expression = node['expression'];
      return isStringLiteral(expression)
        ? { specifier: expression.value, kind: 'require', offset: expression.start }
        : undefined;
    }
    default:
      return undefined;
  }
}

/** Imports and counts from the ESTree objects of one parse. */
function readProgram(program: unknown, text: string, parseErrors: number, firstLine: number): ScriptScan {
  const found: Found[] = [];
  let functions = 0;
  let decisions = 0;
  const stack: unknown[] = [program];
  while (stack.length > 0) {
    const value = stack.pop();
    if (Array.isArray(value)) {
      for (const item of value) if (typeof item === 'object' && item !== null) stack.push(item);
      continue;
    }
    if (!isNode(value)) continue;
    const type = value.type;
    if (DECISION_TYPES.has(type)) decisions += 1;
    else if (FUNCTION_TYPES.has(type)) functions += 1;
    else if (type === 'SwitchCase') {
      if (value['test'] !== null) decisions += 1;
    } else if (type === 'AssignmentExpression') {
      if (LOGICAL_ASSIGNMENTS.has(value['operator'] as string)) decisions += 1;
    } else {
      const spec = getImport(value);
      if (spec !== undefined) found.push(spec);
    }
    const keys = visitorKeys[type];
    if (keys === undefined) continue;
    for (const key of keys) {
      const child = value[key];
      if (typeof child === 'object' && child !== null) stack.push(child);
    }
  }
  const imports = toImports(found, text, createLineLocator(text, firstLine), parseErrors);
  return { imports, functions, decisions, parseErrors };
}

/** The reference reader: walks the ESTree objects of oxc's public API. */
export const scanScriptFromAst: ScriptScanner = (
  filename,
  text,
  dialect,
  sourceType = 'module',
  firstLine = 1,
) => {
  const result = parseSync(filename, text, { lang: PARSER_LANG[dialect], sourceType, preserveParens: false });
  return readProgram(result.program, text, result.errors.length, firstLine);
};

// --- Fast reader: oxc's module record and the AST's JSON text ---------------------------------------------------

const COUNTED_NODE =
  /"type":"(IfStatement|ConditionalExpression|ForStatement|ForInStatement|ForOfStatement|WhileStatement|DoWhileStatement|CatchClause|LogicalExpression|FunctionDeclaration|FunctionExpression|ArrowFunctionExpression|SwitchCase|AssignmentExpression|CallExpression|TSImportType|TSExternalModuleReference)"/g;
const JSON_STRING = '"(?:[^"\\\\]|\\\\.)*"';
const LITERAL = `\\{"type":"Literal","value":(${JSON_STRING}),"raw":${JSON_STRING},"start":(\\d+),"end":\\d+\\}`;
/** Sticky patterns, tried right after the `"type":"X"` they follow. */
const DEFAULT_CASE = /,"test":null/y;
const LOGICAL_ASSIGNMENT = /,"operator":"(?:&&=|\|\|=|\?\?=)"/y;
const REQUIRE_CALL = new RegExp(
  `,"callee":\\{"type":"Identifier",(?:"decorators":\\[\\],)?"name":"require",[^{}]*?"start":(\\d+),"end":\\d+\\},` +
    `(?:"typeArguments":null,)?"arguments":\\[${LITERAL}\\]`,
  'y',
);
const IMPORT_TYPE_SOURCE = new RegExp(`,"source":${LITERAL}`, 'y');
const MODULE_REFERENCE = new RegExp(`,"expression":${LITERAL}`, 'y');
/** `import type {} from 'x'`, which loads types only and has no entry to say so. */
const EMPTY_TYPE_IMPORT = /^import\s+type\s*\{/;
const QUOTED = /^(['"])([^\\\n]*)\1$|^`([^`$\\]*)`$/;

function followedBy(pattern: RegExp, json: string, at: number): RegExpExecArray | null {
  pattern.lastIndex = at;
  return pattern.exec(json);
}

/** The fast reader: the same facts as `scanScriptFromAst`, without building the AST's objects. */
export const scanScriptFromJson: ScriptScanner = (
  filename,
  text,
  dialect,
  sourceType = 'module',
  firstLine = 1,
) => {
  const result = parseToJson(filename, text, {
    lang: PARSER_LANG[dialect],
    sourceType,
    preserveParens: false,
  });
  // Every getter moves its value out of native memory; reading them all frees it now rather than after a GC.
  const json = result.program;
  const module = result.module;
  void result.comments;
  const parseErrors = result.errors.length;

  // oxc's module record leaves out the imports inside `declare module 'x' { … }` and namespaces; such files
  // (mostly .d.ts shims) are read from their objects.
  if (json.includes('"type":"TSModuleDeclaration"')) {
    return readProgram((JSON.parse(json) as { node: unknown }).node, text, parseErrors, firstLine);
  }

  const found: Found[] = [];
  for (const statement of module.staticImports) {
    const typeOnly =
      statement.entries.length > 0
        ? statement.entries.every((e) => e.isType)
        : EMPTY_TYPE_IMPORT.test(text.slice(statement.start, statement.moduleRequest.start));
    found.push({
      specifier: statement.moduleRequest.value,
      kind: typeOnly ? 'type' : 'static',
      offset: statement.start,
    });
  }
  for (const statement of module.staticExports) {
    const reexports = statement.entries.filter((e) => e.moduleRequest !== null);
    if (reexports.length === 0) continue;
    const kind = reexports.every((e) => e.isType) ? 'type' : 'reexport';
    found.push({ specifier: reexports[0]!.moduleRequest!.value, kind, offset: statement.start });
  }
  for (const dynamic of module.dynamicImports) {
    // Only a literal names a module; escapes are left out (no import path needs them).
    const match = QUOTED.exec(text.slice(dynamic.moduleRequest.start, dynamic.moduleRequest.end));
    const specifier = match === null ? undefined : (match[2] ?? match[3]);
    if (specifier !== undefined) found.push({ specifier, kind: 'dynamic', offset: dynamic.start });
  }

  let functions = 0;
  let decisions = 0;
  for (const match of json.matchAll(COUNTED_NODE)) {
    const at = match.index + match[0].length;
    switch (match[1]) {
      case 'FunctionDeclaration':
      case 'FunctionExpression':
      case 'ArrowFunctionExpression':
        functions += 1;
        break;
      case 'SwitchCase':
        if (followedBy(DEFAULT_CASE, json, at) === null) decisions += 1;
        break;
      case 'AssignmentExpression':
        if (followedBy(LOGICAL_ASSIGNMENT, json, at) !== null) decisions += 1;
        break;
      case 'CallExpression': {
        const call = followedBy(REQUIRE_CALL, json, at);
        if (call !== null)
          found.push({ specifier: JSON.parse(call[2]!) as string, kind: 'require', offset: +call[1]! });
        break;
      }
      case 'TSImportType':
      case 'TSExternalModuleReference': {
        const pattern = match[1] === 'TSImportType' ? IMPORT_TYPE_SOURCE : MODULE_REFERENCE;
        const source = followedBy(pattern, json, at);
        if (source !== null) {
          const kind = match[1] === 'TSImportType' ? 'type' : 'require';
          found.push({ specifier: JSON.parse(source[1]!) as string, kind, offset: +source[2]! });
        }
        break;
      }
      default:
        decisions += 1;
    }
  }
  const imports = toImports(found, text, createLineLocator(text, firstLine), parseErrors);
  return { imports, functions, decisions, parseErrors };
};

/** Every construct either reader counts or reads, once or more, in TypeScript and in JSX. */
const PROBES: readonly (readonly [string, ScriptDialect, string])[] = [
  [
    'probe.ts',
    'ts',
    [
      "import d, { a } from './a'; import type { T } from './t'; import { type U, type V } from './u';",
      "import { type W, w } from './w'; import './side'; import type * as NS from './ns';",
      "export * from './all'; export type * from './all-types'; export { x as y } from './named';",
      "export type { Z } from './z'; export const local = 1; export { local as again };",
      "const c = require('./c'); const n = obj.require('./not'); const e = import('./e'); const f = import(`./f`);",
      "const g = import(name); type L = typeof import('./lazy'); import legacy = require('./legacy');",
      'function fn(p?: number) { if (p) {} else if (p === 0) {} for (;;) {} for (const k in o) {} for (const v of l) {}',
      '  while (a) {} do {} while (b); try {} catch {} const t = a ? b : c; const l = (a && b) || (c ?? d);',
      '  switch (p) { case 1: break; default: } x ||= 1; y &&= 2; z ??= 3; w += 4; }',
      'const arrow = () => 1; const expr = function () {}; class K { m() {} get g() { return 1; } }',
      'abstract class A { abstract m(): void; } declare function decl(): void; function over(a: string): void;',
      "const s = \"require('./in-string')\"; // require('./in-comment')",
    ].join('\n'),
  ],
  ['probe.jsx', 'js', "const r = require('./r');\nexport default () => <div>{cond ? <a /> : null}</div>;\n"],
];

let chosen: ScriptScanner | undefined;

/**
 * The fast reader when it agrees with the reference on the probes (it does for the oxc-parser version tpo pins),
 * else the reference. Decided once per process.
 */
export function chooseScriptScanner(): ScriptScanner {
  if (chosen !== undefined) return chosen;
  let agree: boolean;
  try {
    agree = PROBES.every(([filename, dialect, text]) => {
      const reference = JSON.stringify(scanScriptFromAst(filename, text, dialect));
      return JSON.stringify(scanScriptFromJson(filename, text, dialect)) === reference;
    });
  } catch {
    agree = false;
  }
  chosen = agree ? scanScriptFromJson : scanScriptFromAst;
  return chosen;
}
