/**
 * The module diagram of an architecture review as Mermaid (`flowchart LR`), for Markdown renderers that draw it
 * (GitHub, GitLab, most wikis): modules as boxes, imports as arrows labelled with their count, rule violations in
 * red, hidden dependencies (co-change without imports) as dotted lines.
 */
import type { ModuleCoupling, ModuleEdge, ModuleInstability } from '../domain/index.js';

export interface ModuleDiagramInput {
  readonly modules: readonly ModuleInstability[];
  readonly edges: readonly ModuleEdge[];
  readonly couplings: readonly ModuleCoupling[];
  /** Module pairs (`from`, `to`) with at least one violation not in the baseline. */
  readonly violating: readonly { readonly from: string; readonly to: string }[];
  /** Largest number of modules drawn (default 40): the most connected ones. */
  readonly maxModules?: number;
}

export interface ModuleDiagram {
  readonly mermaid: string;
  /** Modules left out to keep the diagram readable. */
  readonly omittedModules: number;
}

/** A label safe inside Mermaid's double quotes. */
function label(text: string): string {
  return text.replace(/"/g, '#quot;');
}

/**
 * Renders the diagram. Node ids are `m0`, `m1` … in the order of `modules`, so names with any characters are safe.
 *
 * @example
 * renderModuleDiagram({ modules, edges, couplings, violating: [] }).mermaid;
 * // flowchart LR
 * //   m0["app<br/>12 files, I = 0.40"]
 * //   m0 -->|3| m1
 */
export function renderModuleDiagram(input: ModuleDiagramInput): ModuleDiagram {
  const max = input.maxModules ?? 40;
  const degree = new Map<string, number>();
  for (const e of input.edges) {
    degree.set(e.from, (degree.get(e.from) ?? 0) + e.imports);
    degree.set(e.to, (degree.get(e.to) ?? 0) + e.imports);
  }
  for (const c of input.couplings)
    if (c.hidden) for (const m of [c.a, c.b]) degree.set(m, (degree.get(m) ?? 0) + c.shared);
  const chosen = new Set(
    [...input.modules]
      .sort((a, b) => (degree.get(b.module) ?? 0) - (degree.get(a.module) ?? 0) || b.files - a.files)
      .slice(0, max)
      .map((m) => m.module),
  );
  const ids = new Map<string, string>();
  const lines = ['flowchart LR'];
  input.modules.forEach((m) => {
    if (!chosen.has(m.module)) return;
    const id = `m${ids.size}`;
    ids.set(m.module, id);
    const instability = m.instability === null ? '' : `, I = ${m.instability.toFixed(2)}`;
    lines.push(
      `  ${id}["${label(m.module)}<br/>${m.files} ${m.files === 1 ? 'file' : 'files'}${instability}"]`,
    );
  });
  const bad = new Set(input.violating.map((v) => `${v.from}\0${v.to}`));
  const red: number[] = [];
  let link = 0;
  for (const e of input.edges) {
    const from = ids.get(e.from);
    const to = ids.get(e.to);
    if (from === undefined || to === undefined) continue;
    lines.push(`  ${from} -->|${e.imports}| ${to}`);
    if (bad.has(`${e.from}\0${e.to}`)) red.push(link);
    link += 1;
  }
  const hidden: number[] = [];
  for (const c of input.couplings) {
    const a = ids.get(c.a);
    const b = ids.get(c.b);
    if (!c.hidden || a === undefined || b === undefined) continue;
    lines.push(`  ${a} -.-|"changes with: ${Math.round(c.degree * 100)} %"| ${b}`);
    hidden.push(link);
    link += 1;
  }
  if (red.length > 0) lines.push(`  linkStyle ${red.join(',')} stroke:#d62728,stroke-width:2px`);
  if (hidden.length > 0) lines.push(`  linkStyle ${hidden.join(',')} stroke:#ff7f0e,stroke-dasharray:4 4`);
  return { mermaid: lines.join('\n'), omittedModules: input.modules.length - chosen.size };
}
