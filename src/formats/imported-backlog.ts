/**
 * What every importer produces: items as the source states them, with where each came from, and references
 * to other items that the app resolves against the file and the stored backlog.
 */
import type { ItemDraft, ItemId, StatusChange } from '../domain/index.js';
import type { SourceLocation } from './format-error.js';

export type ImportFormat = 'json' | 'csv' | 'github' | 'jira' | 'linear';
export const IMPORT_FORMATS: readonly ImportFormat[] = ['json', 'csv', 'github', 'jira', 'linear'];

/**
 * Another item, named by its key in a tracker (`PROJ-7` in jira, `acme/shop#7` in github) or by our id (T-7).
 * The app looks a reference up in the file, then in the backlog: by the tracker's key first, then by id.
 */
export interface ItemRef {
  readonly key: string;
  /** The tracker the key belongs to; null for a reference that can only be one of our ids. */
  readonly tracker: string | null;
}

/** A sprint (Jira) or cycle (Linear) an item was in, as the source names it; dates when the source has them. */
export interface ImportedSprintRef {
  readonly name: string;
  /** YYYY-MM-DD, or null when the source does not say (Jira's CSV names sprints only). */
  readonly start: string | null;
  readonly end: string | null;
}

export interface ImportedItem {
  readonly location: SourceLocation;
  /** Our own id, when the source carries one (tpo's JSON, a CSV with an id column). */
  readonly id: ItemId | null;
  /** The fields the source states; fields it does not carry are absent and stay as they are on re-import. */
  readonly fields: ItemDraft;
  /** Items this one waits for; absent when the source says nothing about dependencies. */
  readonly blockedBy?: readonly ItemRef[];
  /** Items that wait for this one. */
  readonly blocks?: readonly ItemRef[];
  /** The whole status history, when the source knows it (oldest first). */
  readonly history?: readonly StatusChange[];
  readonly createdAt?: number;
  readonly updatedAt?: number;
  /** Only tpo's own JSON carries versions. */
  readonly version?: number;
  /** Sprints or cycles the item was committed to; absent when the source has no such column. */
  readonly sprints?: readonly ImportedSprintRef[];
}

export interface ImportedBacklog {
  readonly format: ImportFormat;
  readonly file: string;
  readonly items: readonly ImportedItem[];
  /** Things a person should know that did not stop the import (ignored columns, for example). */
  readonly notices: readonly string[];
}

/** How to read a source; each importer uses what applies to it. */
export interface ImportOptions {
  /** Field -> column name overrides for CSV sources (`--map effort="Estimate (weeks)"`). */
  readonly map?: Readonly<Record<string, string>>;
  /** Source status name -> tpo status, for workflow states tpo does not know (`--status-map "QA=in-progress"`). */
  readonly statusMap?: Readonly<Record<string, string>>;
  /** Tracker name for the external references of a generic CSV (default: csv). */
  readonly tracker?: string;
  /** Base address to build links from keys (Jira: https://acme.atlassian.net). */
  readonly baseUrl?: string;
}
