/**
 * Reads an API resource for a component, again whenever the data version moves (after a scan).
 */
import { useCallback, useEffect, useState } from 'react';
import { ApiError, getJson } from './client';
import { useAppState } from '../app-state';

export interface ApiResult<T> {
  readonly data: T | null;
  readonly error: ApiError | null;
  readonly loading: boolean;
  reload(): void;
}

/** GETs `path` (null: nothing yet) and keeps the last good answer while it reloads. */
export function useApi<T>(path: string | null): ApiResult<T> {
  const { dataVersion } = useAppState();
  const [state, setState] = useState<{ data: T | null; error: ApiError | null; loading: boolean }>({
    data: null,
    error: null,
    loading: path !== null,
  });
  const [nonce, setNonce] = useState(0);
  useEffect(() => {
    if (path === null) return;
    const controller = new AbortController();
    setState((s) => ({ ...s, loading: true }));
    getJson<T>(path, controller.signal).then(
      (data) => setState({ data, error: null, loading: false }),
      (error: unknown) => {
        if (controller.signal.aborted) return;
        setState((s) => ({
          data: s.data,
          error:
            error instanceof ApiError ? error : new ApiError(0, 'Network', 'the server cannot be reached'),
          loading: false,
        }));
      },
    );
    return () => controller.abort();
  }, [path, dataVersion, nonce]);
  const reload = useCallback(() => setNonce((n) => n + 1), []);
  return { ...state, reload };
}
