/** The idle countdown ("还在使用吗?") and the attract screen that invites the next person. */
import { useEffect, useRef } from 'preact/hooks';
import { t } from '../../i18n/index.ts';
import { COUNTDOWN_SECONDS } from '../../shell/idle.ts';
import { useDialogFocus } from '../shared/dialog-focus.ts';

export function IdleWarning({ left, onStay }: { left: number; onStay: () => void }) {
  const box = useRef<HTMLDivElement>(null);
  // 继续使用 has the focus; Escape also means "still here"; the focus then goes back where it was.
  useDialogFocus(box, onStay);
  return (
    <div ref={box} class="idle-warning" role="alertdialog" aria-modal="true" aria-labelledby="idle-title" aria-describedby="idle-text">
      <div class="idle-box">
        <h2 id="idle-title">{t('stillThere')}</h2>
        <p id="idle-text">
          <span class="idle-count" data-testid="idle-count">
            {left}
          </span>{' '}
          {t('idleCountdown', { n: left })}
        </p>
        <div class="idle-bar" aria-hidden="true">
          <span style={{ width: `${(left / COUNTDOWN_SECONDS) * 100}%` }} />
        </div>
        <button type="button" class="primary" onClick={onStay}>
          {t('keepUsing')}
        </button>
      </div>
    </div>
  );
}

export function Attract({ title, onStart }: { title: string; onStart: () => void }) {
  const button = useRef<HTMLButtonElement>(null);
  useEffect(() => button.current?.focus(), []);
  return (
    <main class="attract">
      <button ref={button} type="button" class="attract-button" onClick={onStart}>
        <span class="attract-site">{title}</span>
        <span class="attract-hand" aria-hidden="true">
          ☝
        </span>
        <span class="attract-title">{t('attractTitle')}</span>
        <span class="attract-hint">{t('attractHint')}</span>
      </button>
    </main>
  );
}
