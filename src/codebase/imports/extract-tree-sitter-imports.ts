/**
 * Python, Go and Java extraction with web-tree-sitter: from one parse, the imports, the declared package and the
 * counts behind the cyclomatic figure (see cyclomatic-rationale.md).
 *
 * The nodes that matter are collected inside WebAssembly (`descendantsOfType`) instead of walking every node with a
 * cursor from JavaScript: each cursor step crosses into WebAssembly, and a file has about 60 times more nodes than
 * it has functions, branches and imports.
 */
import type { Language, Node, Parser } from 'web-tree-sitter';
import type { ImportSpec } from './types.js';

/** The languages read with tree-sitter grammars. */
export type TreeSitterLanguage = 'python' | 'go' | 'java';

/** What the walk has read so far from one file. */
interface WalkState {
  readonly imports: ImportSpec[];
  decisions: number;
  declaredPackage: string | undefined;
}

type Handler = (node: Node, state: WalkState) => void;

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

function lineOf(node: Node): number {
  return node.startPosition.row + 1;
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

const PYTHON_IMPORT: Handler = (node, state) => {
  const line = lineOf(node);
  for (const child of node.childrenForFieldName('name')) {
    const specifier = child === null ? undefined : getPythonModuleName(child);
    if (specifier !== undefined) state.imports.push({ specifier, kind: 'static', line });
  }
};

const PYTHON_FROM_IMPORT: Handler = (node, state) => {
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
  const line = lineOf(node);
  state.imports.push(
    wildcard || names.length === 0
      ? { specifier, kind: 'static', line }
      : { specifier, kind: 'static', line, names },
  );
};

const PYTHON_STRING = /^[rRuU]?(['"])([A-Za-z_][\w.]*)\1$/;
const PYTHON_DYNAMIC_CALLEES = new Set(['importlib.import_module', 'import_module', '__import__']);

/** `importlib.import_module('a.b')` and `__import__('a.b')` with a literal name. */
const PYTHON_CALL: Handler = (node, state) => {
  const callee = node.childForFieldName('function');
  if (callee === null || !PYTHON_DYNAMIC_CALLEES.has(compact(callee.text))) return;
  const first = node.childForFieldName('arguments')?.namedChildren[0];
  const match = first?.type === 'string' ? PYTHON_STRING.exec(first.text) : null;
  if (match !== null) state.imports.push({ specifier: match[2]!, kind: 'dynamic', line: lineOf(node) });
};

/** `case _:` is the default of a match statement and adds no path, like `default:` elsewhere. */
const PYTHON_CASE: Handler = (node, state) => {
  const pattern = node.namedChildren[0];
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

const GO_IMPORT: Handler = (node, state) => {
  const path = node.childForFieldName('path');
  if (path === null) return;
  const specifier = path.text.slice(1, -1);
  if (specifier !== '') state.imports.push({ specifier, kind: 'static', line: lineOf(node) });
};

const GO_PACKAGE: Handler = (node, state) => {
  const name = node.namedChildren.find((child) => child?.type === 'package_identifier');
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

const JAVA_IMPORT: Handler = (node, state) => {
  let name: string | undefined;
  let wildcard = false;
  for (const child of node.namedChildren) {
    if (child === null) continue;
    if (child.type === 'scoped_identifier' || child.type === 'identifier') name = compact(child.text);
    else if (child.type === 'asterisk') wildcard = true;
  }
  if (name === undefined) return;
  state.imports.push({ specifier: wildcard ? `${name}.*` : name, kind: 'static', line: lineOf(node) });
};

const JAVA_PACKAGE: Handler = (node, state) => {
  const name = node.namedChildren.find(
    (child) => child?.type === 'scoped_identifier' || child?.type === 'identifier',
  );
  if (name !== undefined && name !== null) state.declaredPackage = compact(name.text);
};

/** `case` labels are decision points, `default` is not. */
const JAVA_SWITCH_LABEL: Handler = (node, state) => {
  if (node.firstChild?.type === 'case') state.decisions += 1;
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

type Action = 'decision' | 'function' | 'function-with-optional-body' | 'handler';

/** A language's rules prepared for one grammar. */
export interface CompiledRules {
  /** Node types to collect; `call` (Python's dynamic imports) only when the text may need it. */
  readonly types: readonly string[];
  readonly typesWithCalls: readonly string[];
  readonly actions: ReadonlyMap<string, Action>;
  /** Names given both to a node and to a token (Python's `lambda` is both): the wanted one is checked per node. */
  readonly ambiguous: ReadonlySet<string>;
  readonly handlers: ReadonlyMap<string, Handler>;
}

/** Prepares a language's rules for its grammar. */
export function compileRules(language: TreeSitterLanguage, grammar: Language): CompiledRules {
  const rules = RULES[language];
  const actions = new Map<string, Action>();
  for (const type of rules.decisions) actions.set(type, 'decision');
  for (const type of rules.decisionTokens) actions.set(type, 'decision');
  for (const type of rules.functions) actions.set(type, 'function');
  for (const type of rules.functionsWithOptionalBody) actions.set(type, 'function-with-optional-body');
  for (const type of Object.keys(rules.handlers)) actions.set(type, 'handler');
  const named = new Set<string>();
  const anonymous = new Set<string>();
  for (let id = 0; id < grammar.nodeTypeCount; id += 1) {
    const type = grammar.nodeTypeForId(id);
    if (type !== null) (grammar.nodeTypeIsNamed(id) ? named : anonymous).add(type);
  }
  const ambiguous = new Set([...actions.keys()].filter((t) => named.has(t) && anonymous.has(t)));
  const typesWithCalls = [...actions.keys()];
  return {
    types: typesWithCalls.filter((t) => t !== 'call'),
    typesWithCalls,
    actions,
    ambiguous,
    handlers: new Map(Object.entries(rules.handlers)),
  };
}

const TOKENS = new Set(['&&', '||']);

/** What the walk of one file found. */
export interface TreeScan {
  readonly imports: readonly ImportSpec[];
  readonly functions: number;
  readonly decisions: number;
  readonly parseErrors: number;
  readonly declaredPackage: string | undefined;
}

/** ERROR and MISSING nodes, found by a full walk; only run on a tree that has errors. */
function countErrors(root: Node): number {
  let errors = 0;
  const cursor = root.walk();
  try {
    for (;;) {
      if (cursor.nodeIsMissing || cursor.nodeType === 'ERROR') errors += 1;
      if (cursor.gotoFirstChild()) continue;
      let climbing = true;
      while (climbing && !cursor.gotoNextSibling()) climbing = cursor.gotoParent();
      if (!climbing) break;
    }
  } finally {
    cursor.delete();
  }
  // A tree with errors has at least one; count one if the grammar hid it.
  return Math.max(1, errors);
}

/** Parses and reads one file. The caller owns `parser`, already set to the file's language. */
export function scanTree(parser: Parser, rules: CompiledRules, text: string): TreeScan {
  const tree = parser.parse(text);
  if (tree === null)
    return { imports: [], functions: 0, decisions: 0, parseErrors: 1, declaredPackage: undefined };
  try {
    const state: WalkState = { imports: [], decisions: 0, declaredPackage: undefined };
    const root = tree.rootNode;
    const mayImportDynamically = text.includes('import_module') || text.includes('__import__');
    let functions = 0;
    for (const node of root.descendantsOfType([
      ...(mayImportDynamically ? rules.typesWithCalls : rules.types),
    ])) {
      if (node === null) continue;
      const type = node.type;
      if (rules.ambiguous.has(type) && node.isNamed === TOKENS.has(type)) continue;
      switch (rules.actions.get(type)) {
        case 'decision':
          state.decisions += 1;
          break;
        case 'function':
          functions += 1;
          break;
        case 'function-with-optional-body':
          if (node.lastChild?.type === 'block') functions += 1;
          break;
        case 'handler':
          rules.handlers.get(type)!(node, state);
          break;
        default:
      }
    }
    return {
      imports: state.imports,
      functions,
      decisions: state.decisions,
      parseErrors: root.hasError ? countErrors(root) : 0,
      declaredPackage: state.declaredPackage,
    };
  } finally {
    tree.delete();
  }
}
