/** Builds the search index from what this device stores, once per content version. */

import { itemBodyText } from '../../contract/item-text.ts';
import { VocabIndex } from '../pinyin/vocab-index.ts';
import { allRevisions, type Revision } from '../store/queries.ts';
import { readVocab } from '../sync/vocab.ts';
import { type SearchDoc, SearchIndex } from './search-index.ts';

let cached: { version: number; index: Promise<SearchIndex>; vocab: boolean } | undefined;

export function toDoc({ item, state }: Revision): SearchDoc {
  return {
    id: item.id,
    rev: item.rev,
    kind: item.kind,
    title: item.title,
    body: itemBodyText(item),
    department: item.department,
    publishedAt: item.publishedAt,
    state,
    ...(item.search ? { pinyin: item.search.pinyin } : {}),
  };
}

// Lets the screen paint between chunks of a big archive.
const pause = () => new Promise<void>((r) => setTimeout(r, 0));

/** The index for this content version (built again if the vocabulary arrived since). */
export function searchIndex(version: number): Promise<SearchIndex> {
  if (cached?.version !== version || !cached.vocab) {
    const entry = { version, vocab: false, index: Promise.resolve(undefined as unknown as SearchIndex) };
    entry.index = (async () => {
      performance.mark('zwgk:search-index:start');
      const [revisions, vocab] = await Promise.all([allRevisions(), readVocab()]);
      entry.vocab = vocab !== undefined;
      const index = await SearchIndex.build(revisions.map(toDoc), vocab ? new VocabIndex(vocab) : undefined, pause);
      performance.measure('zwgk:search-index', { start: 'zwgk:search-index:start', detail: { docs: revisions.length } });
      return index;
    })();
    cached = entry;
  }
  return cached.index;
}
