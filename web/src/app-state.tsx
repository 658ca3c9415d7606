/**
 * What every page shares: the server's meta (features, auth), the selected repository, and the data version
 * that moves when a scan finishes so every page reads its figures again.
 */
import { createContext, useContext } from 'react';
import type { Meta } from './api/types';

export interface AppState {
  readonly meta: Meta;
  /** The repository id the pages show (null: the one the server serves). */
  readonly repoId: number | null;
  readonly setRepoId: (id: number | null) => void;
  readonly dataVersion: number;
  /** Tells every page to read its data again (a scan finished). */
  readonly refresh: () => void;
}

export const AppStateContext = createContext<AppState | null>(null);

export function useAppState(): AppState {
  const state = useContext(AppStateContext);
  if (!state) throw new Error('useAppState outside the dashboard');
  return state;
}

/** `{ repo: id }` for query strings, empty for the served repository. */
export function useRepoQuery(): { repo?: number } {
  const { repoId } = useAppState();
  return repoId === null ? {} : { repo: repoId };
}
