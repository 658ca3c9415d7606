/**
 * Values after the page name in the address (#/backlog?item=T-3): which item, branch or filter a page shows, so
 * the address can be shared and the Back button works.
 */
import { useEffect, useState } from 'react';

/** The query of the address's hash, e.g. { item: 'T-3' } for #/backlog?item=T-3. */
export function readHashQuery(): Record<string, string> {
  const query = window.location.hash.split('?')[1] ?? '';
  return Object.fromEntries(new URLSearchParams(query));
}

/** The hash address of a page with values: #/backlog?item=T-3. */
export function getPageHref(page: string, query: Record<string, string | undefined> = {}): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== '') params.set(k, v);
  const text = params.toString();
  return `#/${page}${text ? `?${text}` : ''}`;
}

/** The hash query, kept current as the address changes. */
export function useHashQuery(): Record<string, string> {
  const [query, setQuery] = useState(readHashQuery);
  useEffect(() => {
    const onHash = (): void => setQuery(readHashQuery());
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, []);
  return query;
}
