/**
 * The on-screen keyboard: pinyin with character and phrase candidates (from
 * the vocabulary the publisher built out of the feed's own text), Latin
 * letters, and a digit pad for phone numbers and codes. It types into the
 * field that opened it; the field keeps its focus, so its caret stays put.
 */
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { Candidate } from '../../device/pinyin/vocab-index.ts';
import { t } from '../i18n/index.ts';
import { useVocabIndex } from '../shell/keyboard-hooks.ts';
import { prefs as currentPrefs, type Prefs, subscribePrefs } from '../shell/prefs.ts';
import { useSessionReset } from '../shell/session-hooks.ts';
import { deleteBackward, insertText, layoutFor, type TextField } from './edit.ts';

type Layout = 'pinyin' | 'latin' | 'digits';

const LETTER_ROWS = ['qwertyuiop', 'asdfghjkl', 'zxcvbnm'];
const DIGIT_ROWS = ['123', '456', '789'];
const PUNCTUATION_ZH = ['，', '。', '？', '！', '、', '：', '（', '）'];
const PUNCTUATION_EN = [',', '.', '?', '!', '@', '-', '(', ')'];
const PAGE = 8;

function isTextField(el: Element | null): el is TextField {
  return el instanceof HTMLInputElement || el instanceof HTMLTextAreaElement;
}

export function Keyboard({ first }: { first: TextField }) {
  const [target, setTarget] = useState<TextField | undefined>(first);
  const [layout, setLayout] = useState<Layout>(() => layoutFor(first));
  const [composition, setComposition] = useState('');
  const [page, setPage] = useState(0);
  const [shift, setShift] = useState(false);
  const { vocab, reload: reloadVocab } = useVocabIndex();
  const [, setPrefs] = useState<Prefs>(currentPrefs());
  const panel = useRef<HTMLElement>(null);

  useEffect(() => subscribePrefs(setPrefs), []);

  const close = () => {
    setTarget(undefined);
    setComposition('');
  };

  useEffect(() => {
    const onOpen = (e: Event) => {
      const field = (e as CustomEvent<TextField>).detail;
      setTarget((prev) => {
        if (prev !== field) {
          setLayout(layoutFor(field));
          setComposition('');
          setPage(0);
        }
        return field;
      });
      reloadVocab();
    };
    // Focus moving anywhere but a text field or the keyboard puts the keyboard away.
    const onFocusOut = () =>
      setTimeout(() => {
        const now = document.activeElement;
        if (!isTextField(now) && !panel.current?.contains(now)) close();
      }, 0);
    addEventListener('zwgk:keyboard', onOpen);
    addEventListener('focusout', onFocusOut);
    return () => {
      removeEventListener('zwgk:keyboard', onOpen);
      removeEventListener('focusout', onFocusOut);
    };
  }, []);
  useSessionReset(close);

  // The page makes room for the keyboard, and the field stays in view above it.
  useEffect(() => {
    const root = document.documentElement;
    root.classList.toggle('keyboard-open', target !== undefined);
    if (!target || !panel.current) return;
    root.style.setProperty('--keyboard-height', `${panel.current.offsetHeight}px`);
    target.scrollIntoView({ block: 'center' });
  }, [target, layout]);

  const candidates: Candidate[] = useMemo(() => (vocab && composition ? vocab.candidates(composition, 96) : []), [vocab, composition]);
  if (!target) return null;

  const pinyin = layout === 'pinyin' && vocab !== undefined;
  const shown = candidates.slice(page * PAGE, page * PAGE + PAGE);
  const type = (text: string) => insertText(target, text);

  const pick = (c: Candidate) => {
    type(c.text);
    setComposition(composition.slice(c.letters));
    setPage(0);
  };
  const letter = (ch: string) => {
    if (pinyin) {
      if (composition.length < 30) setComposition(composition + ch);
      setPage(0);
    } else type(shift ? ch.toUpperCase() : ch);
  };
  const backspace = () => {
    if (composition) {
      setComposition(composition.slice(0, -1));
      setPage(0);
    } else deleteBackward(target);
  };
  const space = () => {
    if (composition) {
      const first = candidates[0];
      if (first) pick(first);
      else {
        type(composition);
        setComposition('');
      }
    } else type(' ');
  };
  const switchTo = (l: Layout) => {
    // Letters typed but not turned into characters go in as they are.
    if (composition) type(composition);
    setComposition('');
    setPage(0);
    setLayout(l);
  };

  const key = (label: string, onPress: () => void, cls = '', name?: string) => (
    <button type="button" class={`key ${cls}`} aria-label={name} onClick={onPress}>
      {label}
    </button>
  );

  return (
    <section
      ref={panel}
      class={`keyboard layout-${layout}`}
      aria-label={t('keyboard')}
      // Keeps the focus (and the caret) in the field while keys are pressed.
      onMouseDown={(e) => e.preventDefault()}
    >
      {layout === 'pinyin' && (
        <div class="candidate-bar">
          {!vocab && <p class="kb-note">{t('kbNoVocab')}</p>}
          {vocab && (
            <>
              <span class="composition" data-testid="composition" aria-live="polite">
                {composition ? vocab.split(composition).join("'") : ''}
              </span>
              {/* biome-ignore lint/a11y/useSemanticElements: a row of buttons, not a form group */}
              <div class="candidates" role="group" aria-label={t('kbCandidates')}>
                {shown.map((c) => (
                  <button key={c.text} type="button" class="candidate" onClick={() => pick(c)}>
                    {c.text}
                  </button>
                ))}
              </div>
              {candidates.length > PAGE && (
                <span class="pager">
                  <button
                    type="button"
                    class="key pager-key"
                    disabled={page === 0}
                    onClick={() => setPage(page - 1)}
                    aria-label={t('kbPrev')}
                  >
                    ‹
                  </button>
                  <button
                    type="button"
                    class="key pager-key"
                    disabled={(page + 1) * PAGE >= candidates.length}
                    onClick={() => setPage(page + 1)}
                    aria-label={t('kbNext')}
                  >
                    ›
                  </button>
                </span>
              )}
            </>
          )}
        </div>
      )}
      {layout === 'digits' ? (
        <div class="keys digits">
          {DIGIT_ROWS.map((row) => (
            <div class="key-row" key={row}>
              {[...row].map((d) => key(d, () => type(d), 'digit'))}
            </div>
          ))}
          <div class="key-row">
            {key('-', () => type('-'), 'digit')}
            {key('0', () => type('0'), 'digit')}
            {key(t('kbDelete'), backspace, 'digit wide-label')}
          </div>
        </div>
      ) : (
        <div class="keys letters">
          {LETTER_ROWS.map((row, i) => (
            <div class="key-row" key={row}>
              {i === 2 && layout === 'latin' && (
                <button type="button" class="key shift" aria-pressed={shift} onClick={() => setShift(!shift)}>
                  {t('kbShift')}
                </button>
              )}
              {[...row].map((ch) => key(shift && layout === 'latin' ? ch.toUpperCase() : ch, () => letter(ch), 'letter'))}
              {i === 2 && key(t('kbDelete'), backspace, 'wide')}
            </div>
          ))}
          <div class="key-row punctuation">
            {(layout === 'pinyin' ? PUNCTUATION_ZH : PUNCTUATION_EN).map((p) =>
              key(
                p,
                () => {
                  if (composition) space();
                  type(p);
                },
                'punct',
              ),
            )}
          </div>
        </div>
      )}
      <div class="key-row modes">
        <button type="button" class="key mode" aria-pressed={layout === 'pinyin'} onClick={() => switchTo('pinyin')}>
          {t('kbPinyin')}
        </button>
        <button type="button" class="key mode" aria-pressed={layout === 'latin'} onClick={() => switchTo('latin')}>
          {t('kbLatin')}
        </button>
        <button type="button" class="key mode" aria-pressed={layout === 'digits'} onClick={() => switchTo('digits')}>
          {t('kbDigits')}
        </button>
        {layout !== 'digits' && key(t('kbSpace'), space, 'space')}
        <button
          type="button"
          class="key done"
          onClick={() => {
            if (composition) type(composition);
            close();
          }}
        >
          {t('kbDone')}
        </button>
      </div>
    </section>
  );
}
