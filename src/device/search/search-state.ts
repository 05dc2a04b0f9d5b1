/**
 * What the search screen shows, kept while the person moves between screens
 * (back from an item finds the same results) and forgotten on session reset.
 */
import { onSessionReset } from '../session.ts';
import type { Scope } from './search-index.ts';

export const searchState: { query: string; scope: Scope } = { query: '', scope: 'all' };

onSessionReset(() => {
  searchState.query = '';
  searchState.scope = 'all';
});
