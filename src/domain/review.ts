/**
 * The nouns of a review of a branch or pull request: what changed, what it risks, who should look.
 * Complexity is indentation complexity (complexity-rationale.md); confidences are shares in [0, 1].
 */
import type { ChangeStatus } from './code-model.js';
import type { DebtMarkerKind, HealthBand } from './debt.js';

export type RiskLevel = 'low' | 'medium' | 'high';
export const RISK_LEVELS: readonly RiskLevel[] = ['low', 'medium', 'high'];

/** Measures of one version of a file. */
export interface FileMeasures {
  readonly loc: number;
  readonly complexity: number;
  readonly cyclomatic: number | null;
}

export interface NewMarker {
  readonly path: string;
  /** 1-based line at the head of the change. */
  readonly line: number;
  readonly kind: DebtMarkerKind;
  readonly text: string;
}

/** A file that usually changes with one of the changed files but is not among them. */
export interface MissingCoChange {
  readonly path: string;
  /** The changed file whose history predicts it (the rule with the highest confidence). */
  readonly because: string;
  /** confidence(because -> path) = shared / revisions, in [0, 1]. */
  readonly confidence: number;
  readonly shared: number;
  readonly revisions: number;
  /** "changed together in 9 of 11 past change sets that touched src/a.ts". */
  readonly evidence: string;
}

export interface ReviewedFile {
  readonly path: string;
  readonly oldPath: string | null;
  readonly status: ChangeStatus;
  /** True for a file in a programming language (complexity of prose, data and configuration is not judged). */
  readonly isCode: boolean;
  readonly added: number | null;
  readonly deleted: number | null;
  /** Measures at the base and at the head; null where the file does not exist or is not measured. */
  readonly before: FileMeasures | null;
  readonly after: FileMeasures | null;
  /** after - before indentation complexity (a new file counts all of it, a deleted one its loss). */
  readonly complexityAdded: number;
  readonly cyclomaticAdded: number | null;
  /** Health and hotspot rank at the scanned commit, when the file is known there. */
  readonly health: number | null;
  readonly band: HealthBand | null;
  readonly hotspotRank: number | null;
}

export interface SuggestedReviewer {
  readonly name: string;
  /** Touched files this person is an author of. */
  readonly files: number;
  /** Sum over the touched files of this person's share of added lines. */
  readonly weight: number;
  readonly reason: string;
}

/** A backlog item the change serves (filled in when the backlog and localization are present). */
export interface ServedItem {
  readonly id: string;
  readonly title: string;
  /** How the link was found: `--item`, a reference in a branch name or message, or localization. */
  readonly via: 'option' | 'reference' | 'localization';
  /** The item's predicted (or explicit) area: files; empty when unknown. */
  readonly area: readonly string[];
}

export interface RiskReason {
  readonly points: number;
  readonly reason: string;
}

export interface ReviewRisk {
  readonly level: RiskLevel;
  readonly points: number;
  readonly reasons: readonly RiskReason[];
}

export interface ReviewReport {
  readonly base: string;
  readonly head: string;
  /** The commit the change is compared against: the merge base of base and head. */
  readonly mergeBase: string;
  /** Authors of the change's commits (after .mailmap). */
  readonly authors: readonly string[];
  readonly files: readonly ReviewedFile[];
  readonly hotspotsTouched: readonly ReviewedFile[];
  /** Sum of complexityAdded over the code files (isCode). */
  readonly complexityAdded: number;
  /** Files whose complexity grew by at least 20 and a quarter of what they had, most growth first. */
  readonly complexityFlagged: readonly string[];
  readonly newMarkers: readonly NewMarker[];
  readonly missingCoChanges: readonly MissingCoChange[];
  /** Modules of the changed files and of every file that reaches them through imports, with the files reached. */
  readonly modulesReached: readonly { readonly module: string; readonly files: number }[];
  readonly reviewers: readonly SuggestedReviewer[];
  readonly items: readonly ServedItem[];
  /** Changed files outside the predicted area of the items served (scope creep); empty without items. */
  readonly outsideArea: readonly string[];
  readonly risk: ReviewRisk;
  readonly notices: readonly string[];
}
