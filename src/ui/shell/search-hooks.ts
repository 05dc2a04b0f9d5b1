/**
 * Search, for the search and archive screens: the index over the current items
 * and the archive, and the query and scope a person left on the search screen
 * (back from an item finds the same results; a session reset forgets them).
 */
import { useState } from 'preact/hooks';
import type { Scope, SearchIndex } from '../../device/search/search-index.ts';
import { searchState } from '../../device/search/search-state.ts';
import { navigate } from './router.ts';
import { useContentVersion, useQuery } from './sync-hooks.ts';

// The index and its pinyin code load with the search screen only: the archive screen, which
// imports this file to open the search, does not need them.
let loader: Promise<typeof import('../../device/search/load.ts')> | undefined;

/** The index for the content now on the device, built again when content changes. Undefined until the first is built. */
export function useSearchIndex(): SearchIndex | undefined {
  const version = useContentVersion();
  loader ??= import('../../device/search/load.ts');
  const load = loader;
  return useQuery(async () => (await load).searchIndex(version), [version]);
}

export interface SearchState {
  query: string;
  scope: Scope;
  setQuery(query: string): void;
  setScope(scope: Scope): void;
}

/** The search screen's query and scope, kept while the person moves between screens. */
export function useSearchState(): SearchState {
  const [query, setQuery] = useState(searchState.query);
  const [scope, setScope] = useState<Scope>(searchState.scope);
  return {
    query,
    scope,
    setQuery: (q) => {
      searchState.query = q;
      setQuery(q);
    },
    setScope: (s) => {
      searchState.scope = s;
      setScope(s);
    },
  };
}

/** Opens the search screen in one scope (the archive's "search the archive"); the query stays. */
export function useOpenSearch(): (scope: Scope) => void {
  return (scope) => {
    searchState.scope = scope;
    navigate('/k/search');
  };
}
