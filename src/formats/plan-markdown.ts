/**
 * The plan as Markdown, for a planning page or an issue: the order, what runs in parallel, and the suggested
 * dependencies with their reasons.
 */
import type { Plan } from '../judgment/index.js';
import { markdownTable } from './export-backlog.js';

function figure(n: number | null): string {
  return n === null ? '' : String(Math.round(n * 100) / 100);
}

/** A Markdown page of the plan. */
export function renderPlanMarkdown(plan: Plan): string {
  const label = plan.scheme.toUpperCase();
  const lines = [
    `# Plan: ${plan.items.length} open items, WIP ${plan.wip}, by ${label}`,
    '',
    markdownTable(
      ['#', 'id', 'title', 'status', 'lane', 'starts after', 'effort (person-weeks)', 'weight', label, 'why'],
      plan.items.map((p) => [
        String(p.position),
        p.id,
        p.title,
        p.status,
        String(p.lane),
        p.startsAfter.join(', '),
        `${figure(p.effortWeeks)}${p.effortAssumed ? ' (assumed)' : ''}`,
        figure(p.weight),
        figure(p.adjustedScore),
        [...p.reasons.map((r) => r.text), ...(p.weightReason ? [p.weightReason] : [])].join('; '),
      ]),
    ),
  ];
  if (plan.suggested.length > 0) {
    lines.push('', '## Suggested dependencies', '');
    lines.push('Not applied to the order above; accept one with `tpo block <blocker> <blocked>`.', '');
    for (const s of plan.suggested)
      lines.push(`- **${s.blocker} before ${s.blocked}** (${s.kind}): ${s.reason}`);
  }
  if (plan.notices.length > 0) {
    lines.push('', '## Notices', '');
    for (const n of plan.notices) lines.push(`- ${n}`);
  }
  lines.push(
    '',
    `Order: explicit dependencies first, then ${label} (tech-adjusted where items were judged); see src/judgment/plan-rationale.md.`,
    '',
  );
  return lines.join('\n');
}
