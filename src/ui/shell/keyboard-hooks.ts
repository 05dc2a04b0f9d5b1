/**
 * The on-screen keyboard's door to the device: the pinyin vocabulary the
 * publisher built from the feed's text, indexed once per page. Imported by the
 * keyboard only, so it loads with it (src/ui/shell/keyboard-loader.ts).
 */
import { useCallback, useEffect, useState } from 'preact/hooks';
import { VocabIndex } from '../../device/pinyin/vocab-index.ts';
import { readVocab } from '../../device/sync/vocab.ts';

let vocabIndex: Promise<VocabIndex | undefined> | undefined;
function loadVocab(): Promise<VocabIndex | undefined> {
  vocabIndex ??= readVocab().then((v) => (v ? new VocabIndex(v) : undefined));
  // Not there yet (first sync still running): try again next time the keyboard opens.
  void vocabIndex.then((v) => {
    if (!v) vocabIndex = undefined;
  });
  return vocabIndex;
}

/** The vocabulary index, loaded on mount; `reload` each time the keyboard opens, in case a first sync has since brought one. */
export function useVocabIndex(): { vocab: VocabIndex | undefined; reload: () => void } {
  const [vocab, setVocab] = useState<VocabIndex>();
  const reload = useCallback(() => void loadVocab().then(setVocab), []);
  useEffect(reload, []);
  return { vocab, reload };
}
