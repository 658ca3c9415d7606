/**
 * The dashboard's pages, one per feature. A page is enabled when the server lists its feature in
 * GET /api/v1/meta; the pages of features still to come show in the navigation, disabled, until their API lands.
 */
import type { ComponentType } from 'react';
import { BacklogPage } from './backlog-page';
import { BoardPage } from './board-page';
import { CouplingPage } from './coupling-page';
import { DebtPage } from './debt-page';
import { HotspotsPage } from './hotspots-page';
import { JobsPage } from './jobs-page';
import { KnowledgePage } from './knowledge-page';
import { OverviewPage } from './overview-page';
import { ReviewPage } from './review-page';
import { RoadmapPage } from './roadmap-page';
import { ScanPage } from './scan-page';

export interface PageEntry {
  readonly id: string;
  readonly label: string;
  /** The server feature the page reads. */
  readonly feature: string;
  readonly section: 'Product' | 'Codebase';
  /** Null until the page is built. */
  readonly component: ComponentType | null;
  /** One line on what the page is for (shown as the page's subtitle, or why it is disabled). */
  readonly summary: string;
}

export const PAGES: readonly PageEntry[] = [
  {
    id: 'backlog',
    label: 'Backlog',
    feature: 'items',
    section: 'Product',
    component: BacklogPage,
    summary: 'The backlog ranked with technical judgment.',
  },
  {
    id: 'debt',
    label: 'Debt',
    feature: 'debt',
    section: 'Product',
    component: DebtPage,
    summary: 'Technical debt ranked by the interest the team pays.',
  },
  {
    id: 'review',
    label: 'Review',
    feature: 'review',
    section: 'Product',
    component: ReviewPage,
    summary: 'What a branch or pull request really touches.',
  },
  {
    id: 'roadmap',
    label: 'Roadmap',
    feature: 'plan',
    section: 'Product',
    component: RoadmapPage,
    summary: 'Plan order with likely dates.',
  },
  {
    id: 'board',
    label: 'Board',
    feature: 'cadence',
    section: 'Product',
    component: BoardPage,
    summary: 'The sprint with its burndown, or the Kanban board with WIP limits and aging.',
  },
  {
    id: 'assess',
    label: 'Assess',
    feature: 'assess',
    section: 'Product',
    component: null,
    summary: 'Does the team need a technical product owner?',
  },
  {
    id: 'overview',
    label: 'Overview',
    feature: 'codebase',
    section: 'Codebase',
    component: OverviewPage,
    summary: 'What the repository is made of and who works on it.',
  },
  {
    id: 'hotspots',
    label: 'Hotspots',
    feature: 'codebase',
    section: 'Codebase',
    component: HotspotsPage,
    summary: 'Where complicated code changes often: the costly places to work in.',
  },
  {
    id: 'knowledge',
    label: 'Knowledge',
    feature: 'codebase',
    section: 'Codebase',
    component: KnowledgePage,
    summary: 'How many people know each part of the code, and what only inactive people know.',
  },
  {
    id: 'coupling',
    label: 'Coupling',
    feature: 'codebase',
    section: 'Codebase',
    component: CouplingPage,
    summary: 'Files that change together, whether or not the code says so.',
  },
  {
    id: 'scan',
    label: 'Scan',
    feature: 'scans',
    section: 'Codebase',
    component: ScanPage,
    summary: 'Read the latest history into tpo, and follow its progress.',
  },
  {
    id: 'jobs',
    label: 'Jobs',
    feature: 'jobs',
    section: 'Codebase',
    component: JobsPage,
    summary: "The workspace's repositories and the scan jobs workers take from the queue.",
  },
];

export const DEFAULT_PAGE = 'overview';
