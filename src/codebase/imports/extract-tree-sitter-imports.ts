/**
 * Python, Go and Java extraction with web-tree-sitter: one cursor walk over the syntax tree collects the imports,
 * the declared package and the counts behind the cyclomatic figure (see cyclomatic-rationale.md).
 */
import type { Language, Node, Parser, TreeCursor } from 'web-tree-sitter';
import type { ImportSpec } from './types.js';

export type TreeSitterLanguage = 'python' | 'go' | 'java';

/** What the walk has read so far from one file. */
interface WalkState {
  /** Whether the text mentions a dynamic import function at all, so that most calls are skipped unread. */
  readonly mayImportDynamically: boolean;
  readonly imports: ImportSpec[];
  decisions: number;
  declaredPackage: string | undefined;
}

type Handler = (cursor: TreeCursor, state: WalkState) => void;

/** How to read one language: which nodes are functions, decision points, and which carry imports. */
interface LanguageRules {
  readonly functions: readonly string[];
  /** Functions that count only when they have a body (`block` as last child): abstract and external declarations. */
  readonly functionsWithOptionalBody: readonly string[];
  readonly decisions: readonly string[];
  /** Anonymous tokens that are decision points (`&&`, `||`). */
  readonly decisionTokens: readonly string[];
  readonly handlers: Readonly<Record<string, Handler>>;
}

const NONE = 0;
const DECISION = 1;
const FUNCTION = 2;
const FUNCTION_WITH_OPTIONAL_BODY = 3;
const HANDLER = 4;

/** A language's rules turned into a table indexed by node type id, so the walk compares integers only. */
export interface CompiledRules {
  readonly actions: Uint8Array;
  readonly handlers: ReadonlyMap<number, Handler>;
}

function lineOf(cursor: TreeCursor): number {
  return cursor.startPosition.row + 1;
}

function compact(text: string): string {
  return text.replace(/\s+/g, '');
}

// --- Python ---------------------------------------------------------------------------------------------------

function getPythonModuleName(node: Node): string | undefined {
  if (node.type === 'dotted_name') return compact(node.text);
  if (node.type === 'aliased_import') {
    const name = node.childForFieldName('name');
    return name === null ? undefined : compact(name.text);
  }
  return undefined;
}

const PYTHON_IMPORT: Handler = (cursor, state) => {
  const node = cursor.currentNode;
  const line = lineOf(cursor);
  for (const child of node.childrenForFieldName('name')) {
    const specifier = child === null ? undefined : getPythonModuleName(child);
    if (specifier !== undefined) state.imports.push({ specifier, kind: 'static', line });
  }
};

const PYTHON_FROM_IMPORT: Handler = (cursor, state) => {
  const node = cursor.currentNode;
  const module = node.childForFieldName('module_name');
  if (module === null) return;
  const specifier = compact(module.text);
  if (specifier === '') return;
  const names: string[] = [];
  let wildcard = false;
  for (const child of node.namedChildren) {
    if (child === null || child.id === module.id) continue;
    if (child.type === 'wildcard_import') wildcard = true;
    const name = getPythonModuleName(child);
    if (name !== undefined) names.push(name);
  }
  const line = lineOf(cursor);
  state.imports.push(
    wildcard || names.length === 0
      ? { specifier, kind: 'static', line }
      : { specifier, kind: 'static', line, names },
  );
};

const PYTHON_STRING = /^[rRuU]?(['"])([A-Za-z_][\w.]*)\1$/;
const PYTHON_DYNAMIC_CALLEES = new Set(['importlib.import_module', 'import_module', '__import__']);

/** `importlib.import_module('a.b')` and `__import__('a.b')` with a literal name. */
const PYTHON_CALL: Handler = (cursor, state) => {
  if (!state.mayImportDynamically) return;
  const node = cursor.currentNode;
  const callee = node.childForFieldName('function');
  if (callee === null || !PYTHON_DYNAMIC_CALLEES.has(compact(callee.text))) return;
  const first = node.childForFieldName('arguments')?.namedChildren[0];
  const match = first?.type === 'string' ? PYTHON_STRING.exec(first.text) : null;
  if (match !== null) state.imports.push({ specifier: match[2]!, kind: 'dynamic', line: lineOf(cursor) });
};

/** `case _:` is the default of a match statement and adds no path, like `default:` elsewhere. */
const PYTHON_CASE: Handler = (cursor, state) => {
  const pattern = cursor.currentNode.namedChildren[0];
  if (pattern === null || pattern === undefined || compact(pattern.text) !== '_') state.decisions += 1;
};

const PYTHON_RULES: LanguageRules = {
  functions: ['function_definition', 'lambda'],
  functionsWithOptionalBody: [],
  decisions: [
    'if_statement',
    'elif_clause',
    'conditional_expression',
    'for_statement',
    'while_statement',
    'except_clause',
    'except_group_clause',
    'boolean_operator',
    'for_in_clause',
    'if_clause',
  ],
  decisionTokens: [],
  handlers: {
    import_statement: PYTHON_IMPORT,
    import_from_statement: PYTHON_FROM_IMPORT,
    call: PYTHON_CALL,
    case_clause: PYTHON_CASE,
  },
};

// --- Go -------------------------------------------------------------------------------------------------------

const GO_IMPORT: Handler = (cursor, state) => {
  const path = cursor.currentNode.childForFieldName('path');
  if (path === null) return;
  const specifier = path.text.slice(1, -1);
  if (specifier !== '') state.imports.push({ specifier, kind: 'static', line: lineOf(cursor) });
};

const GO_PACKAGE: Handler = (cursor, state) => {
  const name = cursor.currentNode.namedChildren.find((child) => child?.type === 'package_identifier');
  if (name !== undefined && name !== null) state.declaredPackage = name.text;
};

const GO_RULES: LanguageRules = {
  functions: ['method_declaration', 'func_literal'],
  // `func f()` without a body is implemented in assembly.
  functionsWithOptionalBody: ['function_declaration'],
  decisions: ['if_statement', 'for_statement', 'expression_case', 'type_case', 'communication_case'],
  decisionTokens: ['&&', '||'],
  handlers: { import_spec: GO_IMPORT, package_clause: GO_PACKAGE },
};

// --- Java -----------------------------------------------------------------------------------------------------

const JAVA_IMPORT: Handler = (cursor, state) => {
  const node = cursor.currentNode;
  let name: string | undefined;
  let wildcard = false;
  for (const child of node.namedChildren) {
    if (child === null) continue;
    if (child.type === 'scoped_identifier' || child.type === 'identifier') name = compact(child.text);
    else if (child.type === 'asterisk') wildcard = true;
  }
  if (name === undefined) return;
  state.imports.push({ specifier: wildcard ? `${name}.*` : name, kind: 'static', line: lineOf(cursor) });
};

const JAVA_PACKAGE: Handler = (cursor, state) => {
  const name = cursor.currentNode.namedChildren.find(
    (child) => child?.type === 'scoped_identifier' || child?.type === 'identifier',
  );
  if (name !== undefined && name !== null) state.declaredPackage = compact(name.text);
};

/** `case` labels are decision points, `default` is not. */
const JAVA_SWITCH_LABEL: Handler = (cursor, state) => {
  if (cursor.gotoFirstChild()) {
    if (cursor.nodeType === 'case') state.decisions += 1;
    cursor.gotoParent();
  }
};

const JAVA_RULES: LanguageRules = {
  functions: ['constructor_declaration', 'compact_constructor_declaration', 'lambda_expression'],
  // Abstract and interface methods end in `;` instead of a block.
  functionsWithOptionalBody: ['method_declaration'],
  decisions: [
    'if_statement',
    'ternary_expression',
    'for_statement',
    'enhanced_for_statement',
    'while_statement',
    'do_statement',
    'catch_clause',
  ],
  decisionTokens: ['&&', '||'],
  handlers: {
    import_declaration: JAVA_IMPORT,
    package_declaration: JAVA_PACKAGE,
    switch_label: JAVA_SWITCH_LABEL,
  },
};

const RULES: Readonly<Record<TreeSitterLanguage, LanguageRules>> = {
  python: PYTHON_RULES,
  go: GO_RULES,
  java: JAVA_RULES,
};

/**
 * Indexes a language's rules by node type id. Every id of a name is covered, since grammars may alias several
 * symbols to one visible name.
 */
export function compileRules(language: TreeSitterLanguage, grammar: Language): CompiledRules {
  const rules = RULES[language];
  const named = new Map<string, number>();
  for (const type of rules.decisions) named.set(type, DECISION);
  for (const type of rules.functions) named.set(type, FUNCTION);
  for (const type of rules.functionsWithOptionalBody) named.set(type, FUNCTION_WITH_OPTIONAL_BODY);
  for (const type of Object.keys(rules.handlers)) named.set(type, HANDLER);
  const tokens = new Set(rules.decisionTokens);
  const actions = new Uint8Array(grammar.nodeTypeCount);
  const handlers = new Map<number, Handler>();
  for (let id = 0; id < grammar.nodeTypeCount; id += 1) {
    const type = grammar.nodeTypeForId(id);
    if (type === null) continue;
    const action = grammar.nodeTypeIsNamed(id)
      ? (named.get(type) ?? NONE)
      : tokens.has(type)
        ? DECISION
        : NONE;
    actions[id] = action;
    if (action === HANDLER) handlers.set(id, rules.handlers[type]!);
  }
  return { actions, handlers };
}

/** What the walk of one file found. */
export interface TreeScan {
  readonly imports: readonly ImportSpec[];
  readonly functions: number;
  readonly decisions: number;
  readonly parseErrors: number;
  readonly declaredPackage: string | undefined;
}

/** Parses and walks one file. The caller owns `parser`, already set to the file's language. */
export function scanTree(parser: Parser, rules: CompiledRules, text: string): TreeScan {
  const tree = parser.parse(text);
  if (tree === null)
    return { imports: [], functions: 0, decisions: 0, parseErrors: 1, declaredPackage: undefined };
  const state: WalkState = {
    mayImportDynamically: text.includes('import_module') || text.includes('__import__'),
    imports: [],
    decisions: 0,
    declaredPackage: undefined,
  };
  const checkErrors = tree.rootNode.hasError;
  const { actions, handlers } = rules;
  let functions = 0;
  let parseErrors = 0;
  const cursor = tree.walk();
  try {
    for (;;) {
      const id = cursor.nodeTypeId;
      const action = id < actions.length ? actions[id] : NONE;
      if (action === DECISION) state.decisions += 1;
      else if (action === FUNCTION) functions += 1;
      else if (action === FUNCTION_WITH_OPTIONAL_BODY) {
        if (cursor.gotoLastChild()) {
          if (cursor.nodeType === 'block') functions += 1;
          cursor.gotoParent();
        }
      } else if (action === HANDLER) handlers.get(id)!(cursor, state);
      if (checkErrors && (cursor.nodeIsMissing || cursor.nodeType === 'ERROR')) parseErrors += 1;
      if (cursor.gotoFirstChild()) continue;
      let climbing = true;
      while (climbing && !cursor.gotoNextSibling()) climbing = cursor.gotoParent();
      if (!climbing) break;
    }
  } finally {
    cursor.delete();
    tree.delete();
  }
  // A tree with errors always has at least one ERROR or MISSING node; count one if the grammar hid it.
  if (checkErrors && parseErrors === 0) parseErrors = 1;
  return {
    imports: state.imports,
    functions,
    decisions: state.decisions,
    parseErrors,
    declaredPackage: state.declaredPackage,
  };
}
