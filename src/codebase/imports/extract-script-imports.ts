/**
 * TypeScript and JavaScript extraction with oxc-parser: imports from one walk of the ESTree AST, and the counts
 * behind the cyclomatic figure (see cyclomatic-rationale.md) from the same walk.
 */
import { parseSync, visitorKeys } from 'oxc-parser';
import { createLineLocator } from './locate-lines.js';
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

export type ScriptDialect = 'ts' | 'tsx' | 'dts' | 'js';

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
const FUNCTION_TYPES = new Set(['FunctionDeclaration', 'FunctionExpression', 'ArrowFunctionExpression']);
const LOGICAL_ASSIGNMENTS = new Set(['&&=', '||=', '??=']);

function isNode(value: unknown): value is AstNode {
  return (
    typeof value === 'object' && value !== null && typeof (value as { type?: unknown }).type === 'string'
  );
}

/** The text of a string literal or of a template literal without expressions, else undefined. */
function getLiteralText(value: unknown): string | undefined {
  if (!isNode(value)) return undefined;
  if (value.type === 'Literal') return typeof value['value'] === 'string' ? value['value'] : undefined;
  if (value.type === 'TemplateLiteral') {
    const expressions = value['expressions'];
    const quasis = value['quasis'];
    if (!Array.isArray(expressions) || expressions.length > 0 || !Array.isArray(quasis)) return undefined;
    const quasi: unknown = quasis[0];
    if (!isNode(quasi)) return undefined;
    const cooked = (quasi['value'] as { cooked?: unknown } | undefined)?.cooked;
    return typeof cooked === 'string' ? cooked : undefined;
  }
  return undefined;
}

/** `import { type A, type B } from 'x'` is erased like `import type`, so it counts as a type import. */
function isTypeOnlyImport(node: AstNode): boolean {
  if (node['importKind'] === 'type') return true;
  const specifiers = node['specifiers'];
  return (
    Array.isArray(specifiers) &&
    specifiers.length > 0 &&
    specifiers.every((s) => isNode(s) && s.type === 'ImportSpecifier' && s['importKind'] === 'type')
  );
}

interface Found {
  readonly specifier: string;
  readonly kind: ImportKind;
  readonly offset: number;
}

/** The import written by this node, if it is one. */
function getImport(node: AstNode): Found | undefined {
  switch (node.type) {
    case 'ImportDeclaration': {
      const specifier = getLiteralText(node['source']);
      return specifier === undefined
        ? undefined
        : { specifier, kind: isTypeOnlyImport(node) ? 'type' : 'static', offset: node.start };
    }
    case 'ExportNamedDeclaration':
    case 'ExportAllDeclaration': {
      const specifier = getLiteralText(node['source']);
      return specifier === undefined
        ? undefined
        : { specifier, kind: node['exportKind'] === 'type' ? 'type' : 'reexport', offset: node.start };
    }
    case 'ImportExpression': {
      const specifier = getLiteralText(node['source']);
      return specifier === undefined ? undefined : { specifier, kind: 'dynamic', offset: node.start };
    }
    case 'TSImportType': {
      const specifier = getLiteralText(node['source']);
      return specifier === undefined ? undefined : { specifier, kind: 'type', offset: node.start };
    }
    case 'CallExpression': {
      const callee = node['callee'];
      const args = node['arguments'];
      if (!isNode(callee) || callee.type !== 'Identifier' || callee['name'] !== 'require') return undefined;
      if (!Array.isArray(args) || args.length !== 1) return undefined;
      const specifier = getLiteralText(args[0]);
      return specifier === undefined ? undefined : { specifier, kind: 'require', offset: node.start };
    }
    case 'TSImportEqualsDeclaration': {
      const reference = node['moduleReference'];
      if (!isNode(reference) || reference.type !== 'TSExternalModuleReference') return undefined;
      const specifier = getLiteralText(reference['expression']);
      return specifier === undefined
        ? undefined
        : { specifier, kind: node['importKind'] === 'type' ? 'type' : 'require', offset: node.start };
    }
    default:
      return undefined;
  }
}

const STATIC_FORM = /\b(import|export)\s+(type\s+)?(?:[\w$*{}\s,]+?\s+from\s*)?(['"])([^'"\n]+)\3/g;
const CALL_FORM = /\b(require|import)\s*\(\s*(['"`])([^'"`\n$]+)\2\s*\)/g;

/**
 * Imports found by their lexical shape. Used only for a file with syntax errors, where the parser may have
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

const PARSER_LANG: Readonly<Record<ScriptDialect, 'ts' | 'tsx' | 'dts' | 'jsx'>> = {
  ts: 'ts',
  tsx: 'tsx',
  dts: 'dts',
  // JSX is common in .js files and parsing it costs nothing in plain JavaScript, where `<` cannot start an expression.
  js: 'jsx',
};

/**
 * Reads one script. `firstLine` is the line of the script's first character in its file (for `<script>` blocks).
 * Never throws: a syntax error is counted and what the parser recovered is kept.
 */
export function scanScript(
  filename: string,
  text: string,
  dialect: ScriptDialect,
  sourceType: 'module' | 'commonjs' | 'unambiguous' = 'module',
  firstLine = 1,
): ScriptScan {
  const result = parseSync(filename, text, { lang: PARSER_LANG[dialect], sourceType, preserveParens: false });
  const parseErrors = result.errors.length;
  const locate = createLineLocator(text, firstLine);
  const found: Found[] = [];
  let functions = 0;
  let decisions = 0;

  const stack: unknown[] = [result.program];
  while (stack.length > 0) {
    const value = stack.pop();
    if (Array.isArray(value)) {
      for (const item of value) if (typeof item === 'object' && item !== null) stack.push(item);
      continue;
    }
    if (!isNode(value)) continue;
    const type = value.type;
    if (DECISION_TYPES.has(type)) decisions += 1;
    else if (FUNCTION_TYPES.has(type)) {
      if (value['body'] !== null && value['body'] !== undefined) functions += 1;
    } else if (type === 'SwitchCase') {
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
  return { imports, functions, decisions, parseErrors };
}
