/**
 * 朗读: reads an item (or a form's questions) aloud with the browser's speech
 * synthesis and a Chinese voice, one sentence at a time, highlighting the
 * sentence being read (CSS Custom Highlight API, so the sanitized body is never
 * rewritten). A device without a Chinese voice says so on the button.
 *
 *   const article = useRef<HTMLElement>(null);
 *   <ReadAloud target={article} />
 */
import type { RefObject } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { t } from '../../i18n/index.ts';
import { useActivity, useSessionReset } from '../../shell/session-hooks.ts';

type VoiceState = 'checking' | 'ready' | 'none';

const HIGHLIGHT = 'read-aloud';
/** Elders follow better a little slower than the default. */
const RATE = 0.9;

function chineseVoice(): SpeechSynthesisVoice | undefined {
  const voices = globalThis.speechSynthesis?.getVoices() ?? [];
  const zh = voices.filter((v) => /^(zh|cmn)/i.test(v.lang));
  return zh.find((v) => /^zh[-_]CN/i.test(v.lang)) ?? zh.find((v) => /^(zh[-_]Hans|cmn)/i.test(v.lang)) ?? zh[0];
}

/** Voices load asynchronously in Chromium: wait for `voiceschanged` a moment before saying there is none. */
function useChineseVoice(): [VoiceState, SpeechSynthesisVoice | undefined, () => SpeechSynthesisVoice | undefined] {
  const [voice, setVoice] = useState(chineseVoice);
  const [state, setState] = useState<VoiceState>(voice ? 'ready' : 'checking');
  useEffect(() => {
    const synth = globalThis.speechSynthesis;
    if (!synth) {
      setState('none');
      return;
    }
    const look = () => {
      const v = chineseVoice();
      setVoice(v);
      if (v) setState('ready');
    };
    synth.addEventListener('voiceschanged', look);
    const giveUp = setTimeout(() => setState((s) => (s === 'checking' ? 'none' : s)), 1500);
    return () => {
      synth.removeEventListener('voiceschanged', look);
      clearTimeout(giveUp);
    };
  }, []);
  // Asked again on a tap, so a tap never waits for the timer.
  const now = () => {
    const v = chineseVoice();
    setVoice(v);
    setState(v ? 'ready' : 'none');
    return v;
  };
  return [state, voice, now];
}

export interface Sentence {
  text: string;
  range: Range;
}

// Controls, QR codes and the kind line are not read; the reading starts at the title.
// A form's list of departments is not read out either: its label and hint are.
const SKIP = 'button, figure, .kind, [aria-hidden="true"], .links, select';

/** The sentences of an element's visible text, each with the DOM range it covers. */
export function sentencesOf(root: HTMLElement): Sentence[] {
  const nodes: { node: Text; start: number }[] = [];
  let text = '';
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT, {
    acceptNode: (n) => (n.parentElement?.closest(SKIP) ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT),
  });
  // The block a text is in: a change of block (a question's title, then a choice) ends a sentence.
  const blockOf = (n: Node) => {
    let e = n.parentElement;
    while (e && e !== root && getComputedStyle(e).display.startsWith('inline')) e = e.parentElement;
    return e;
  };
  let block: Element | null | undefined;
  for (let n = walker.nextNode() as Text | null; n; n = walker.nextNode() as Text | null) {
    const here = blockOf(n);
    if (block !== undefined && here !== block && !text.endsWith('\n')) text += '\n';
    block = here;
    nodes.push({ node: n, start: text.length });
    text += n.data;
    // Block boundaries end a sentence too (a heading, a table cell).
    if (n.parentElement && getComputedStyle(n.parentElement).display !== 'inline') text += '\n';
  }
  const at = (offset: number): [Text, number] => {
    let i = nodes.length - 1;
    while (i > 0 && nodes[i]!.start > offset) i--;
    const { node, start } = nodes[i]!;
    return [node, Math.min(offset - start, node.length)];
  };
  const out: Sentence[] = [];
  for (const m of text.matchAll(/[^。！？!?；;\n]+[。！？!?；;]*/g)) {
    const s = m[0].trim();
    if (!/[\p{L}\p{N}]/u.test(s)) continue;
    const lead = m[0].length - m[0].trimStart().length;
    const range = document.createRange();
    range.setStart(...at(m.index + lead));
    range.setEnd(...at(m.index + lead + s.length));
    out.push({ text: s, range });
  }
  return out;
}

function highlight(range: Range | undefined): void {
  const registry = (globalThis.CSS as { highlights?: Map<string, unknown> } | undefined)?.highlights;
  if (!registry) return;
  if (!range) registry.delete(HIGHLIGHT);
  else registry.set(HIGHLIGHT, new (globalThis as unknown as { Highlight: new (r: Range) => unknown }).Highlight(range));
}

/** Each start is a new run: events of a cancelled run (fired late by the engine) are ignored. */
let runNow: object | undefined;

function stopSpeaking(): void {
  globalThis.speechSynthesis?.cancel();
  highlight(undefined);
}

/** The one button reading now: a questionnaire page has one per question, and only one speaks. */
let active: { owner: object; reset: () => void } | undefined;

export function ReadAloud({ target }: { target: RefObject<HTMLElement | null> }) {
  const [state, , voiceNow] = useChineseVoice();
  const [speaking, setSpeaking] = useState(false);
  const [current, setCurrent] = useState(-1);
  const self = useRef({});
  const mine = () => active?.owner === self.current;
  const noteActivity = useActivity();

  useSessionReset(stopSpeaking);
  // Leaving the screen (or the question) stops its reading.
  useEffect(
    () => () => {
      if (mine()) {
        active = undefined;
        stopSpeaking();
      }
    },
    [],
  );

  const reset = () => {
    setSpeaking(false);
    setCurrent(-1);
  };
  const stop = () => {
    if (mine()) active = undefined;
    stopSpeaking();
    reset();
  };

  const start = () => {
    const root = target.current;
    const synth = globalThis.speechSynthesis;
    const voice = voiceNow();
    if (!root || !synth || !voice) return;
    // Another button that was reading goes back to 朗读.
    active?.reset();
    synth.cancel();
    const run = {};
    active = { owner: self.current, reset };
    const live = () => mine() && runNow === run;
    runNow = run;
    const sentences = sentencesOf(root);
    sentences.forEach((s, i) => {
      const u = new SpeechSynthesisUtterance(s.text);
      u.lang = voice.lang;
      u.voice = voice;
      u.rate = RATE;
      u.onstart = () => {
        if (!live()) return;
        // Someone is listening: the idle reset waits.
        noteActivity();
        setCurrent(i);
        highlight(s.range);
        const box = s.range.getBoundingClientRect();
        if (box.top < 0 || box.bottom > innerHeight * 0.7) scrollBy({ top: box.top - innerHeight / 3 });
      };
      u.onend = () => {
        if (live() && i === sentences.length - 1) stop();
      };
      // Chromium reports a cancelled utterance as an error: only this button's own reading stops here.
      u.onerror = () => {
        if (live()) stop();
      };
      synth.speak(u);
    });
    setSpeaking(sentences.length > 0);
  };

  if (state === 'none')
    return (
      <div class="read-aloud">
        <button type="button" class="no-voice" aria-disabled="true" data-testid="read-aloud" data-voice="none">
          {t('readNoVoice')}
        </button>
      </div>
    );
  return (
    <div class="read-aloud">
      <button
        type="button"
        aria-pressed={speaking}
        data-testid="read-aloud"
        data-voice={state}
        data-sentence={current}
        onClick={speaking ? stop : start}
      >
        <span aria-hidden="true">{speaking ? '■ ' : '▶ '}</span>
        {speaking ? t('readStop') : t('readAloud')}
      </button>
    </div>
  );
}
