/**
 * The dependency review as Markdown: totals, the packages with the most of our code importing them (the blast
 * radius of replacing each), duplicates, undeclared imports, and what could not be known offline.
 */
import type { DependencyReview } from '../domain/index.js';

function cell(text: string | number): string {
  return String(text).replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

function table(headers: readonly string[], rows: readonly (readonly (string | number)[])[]): string[] {
  return [
    `| ${headers.join(' | ')} |`,
    `| ${headers.map(() => '---').join(' | ')} |`,
    ...rows.map((r) => `| ${r.map(cell).join(' | ')} |`),
  ];
}

/** Renders the review; `limit` caps every list (default 50). */
export function renderDependencyReviewMarkdown(
  review: DependencyReview,
  options: { limit?: number } = {},
): string {
  const limit = options.limit ?? 50;
  const t = review.totals;
  const out = [
    `## Dependency review of ${review.repo} at \`${review.commit.slice(0, 12)}\``,
    '',
    `${t.packages} third-party packages (${t.direct} direct, ${t.transitive} transitive) from ${review.sources.length} lockfiles and manifests; ${t.duplicates} at more than one version; ${t.withLicense} with a known licence.`,
    '',
    '### Sources',
    '',
    ...table(
      ['file', 'ecosystem', 'kind', 'packages'],
      review.sources.slice(0, limit).map((s) => [`\`${s.file}\``, s.ecosystem, s.kind, s.packages]),
    ),
  ];
  if (review.sources.length > limit) out.push('', `… and ${review.sources.length - limit} more sources.`);
  const direct = review.packages.filter((p) => p.direct);
  out.push('', '### Direct dependencies and their blast radius', '');
  out.push(
    ...table(
      ['package', 'version', 'licence', 'files importing', 'share of code', 'modules'],
      direct.slice(0, limit).map((p) => [
        `${p.name}${p.dev ? ' (dev)' : ''}`,
        p.versions.join(', ') || '-',
        p.licenses.join(', ') || 'unknown',
        p.usage.files,
        `${Math.round(p.usage.shareOfCode * 100)} %`,
        p.usage.modules
          .slice(0, 3)
          .map((m) => `${m.module} (${m.files})`)
          .join(', ') || '-',
      ]),
    ),
  );
  if (direct.length > limit)
    out.push('', `… and ${direct.length - limit} more direct dependencies (see --json).`);
  if (review.duplicates.length > 0) {
    out.push('', '### Packages at several versions', '');
    out.push(
      ...table(
        ['package', 'versions'],
        review.duplicates.slice(0, limit).map((d) => [`${d.name} (${d.ecosystem})`, d.versions.join(', ')]),
      ),
    );
  }
  if (review.undeclared.length > 0) {
    out.push('', '### Imported but declared by no manifest', '');
    out.push(
      ...table(
        ['package', 'files importing'],
        review.undeclared.slice(0, limit).map((u) => [`${u.name} (${u.ecosystem})`, u.files]),
      ),
    );
  }
  out.push('', '### What tpo could not know offline', '', ...review.unknowns.map((u) => `- ${u}`));
  if (review.problems.length > 0)
    out.push('', '### Files that could not be read', '', ...review.problems.map((p) => `- ${p.message}`));
  return `${out.join('\n')}\n`;
}
