/**
 * The draft as the public will see it, beside the form: the kiosk's item screen, a 1920×1080
 * board slide (scaled to fit) and the phone page. Rendered by the real view components —
 * ItemDetail (src/ui/views/shared/item-detail.tsx, which the kiosk and the phone both use) and the
 * board's SlideView (src/ui/views/board/slides.tsx) — with the kiosk's and the board's own styles,
 * so what the clerk checks here is what the screens show.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import type { Approval, Attachment, Item } from '../../../../contract/feed.ts';
import type { Slide, SlideKind } from '../../board/playlist.ts';
import { SlideView } from '../../board/slides.tsx';
import { ItemDetail } from '../../shared/item-detail.tsx';
import { QrCode } from '../../shared/qr-code.tsx';
import '../../kiosk/kiosk.css';
import '../../board/board.css';

export type PreviewMode = 'kiosk' | 'board' | 'phone';
const MODES: { id: PreviewMode; label: string }[] = [
  { id: 'kiosk', label: '触摸屏' },
  { id: 'board', label: '公示大屏 1920×1080' },
  { id: 'phone', label: '手机' },
];

const slideKind = (i: Item): SlideKind =>
  i.kind === 'notice'
    ? i.notice.type === 'emergency'
      ? 'emergency'
      : 'notice'
    : i.kind === 'hearing'
      ? 'hearing'
      : i.kind === 'questionnaire'
        ? 'survey'
        : i.kind === 'answer'
          ? 'answer'
          : 'new';

/** Attachments are shown from the hub's draft store (they reach the feed only when signed). */
const resolveDraftAttachment = async (a: Attachment) => `/api/office/v1/workflow/files/${a.href.slice('files/'.length)}`;

export function Preview({ item, approval, stale }: { item: Item | undefined; approval?: Approval | undefined; stale: boolean }) {
  const [mode, setMode] = useState<PreviewMode>('kiosk');
  return (
    <section class="wf-preview" aria-labelledby="wf-preview-h">
      <div class="wf-preview-head">
        <h2 id="wf-preview-h">预览</h2>
        <div class="wf-tabs" role="tablist" aria-label="预览的屏幕">
          {MODES.map((m) => (
            <button
              key={m.id}
              type="button"
              role="tab"
              id={`wf-tab-${m.id}`}
              aria-selected={mode === m.id}
              aria-controls="wf-preview-panel"
              tabIndex={mode === m.id ? 0 : -1}
              onClick={() => setMode(m.id)}
              onKeyDown={(e) => {
                const i = MODES.findIndex((x) => x.id === mode);
                const next =
                  e.key === 'ArrowRight'
                    ? MODES[(i + 1) % MODES.length]
                    : e.key === 'ArrowLeft'
                      ? MODES[(i + MODES.length - 1) % MODES.length]
                      : undefined;
                if (next) {
                  e.preventDefault();
                  setMode(next.id);
                  document.getElementById(`wf-tab-${next.id}`)?.focus();
                }
              }}
            >
              {m.label}
            </button>
          ))}
        </div>
      </div>
      {/* biome-ignore lint/a11y/noNoninteractiveTabindex: the WAI-ARIA tabs pattern focuses the panel; a scrolling panel needs keyboard access (axe scrollable-region-focusable) */}
      <div id="wf-preview-panel" role="tabpanel" aria-labelledby={`wf-tab-${mode}`} class="wf-preview-panel" tabIndex={0}>
        {!item ? (
          <p class="office-help">把必填的内容填完后,这里显示触摸屏、公示大屏和手机上的样子。</p>
        ) : (
          <>
            {stale && <p class="wf-stale">预览为上一次内容完整时的样子;请先改正左侧标出的问题。</p>}
            {!approval && <p class="wf-stale">样张:此稿尚未预审、签发,签发前不会出现在任何屏幕上。</p>}
            {mode === 'kiosk' && <KioskPreview item={item} approval={approval} />}
            {mode === 'board' && <BoardPreview item={item} />}
            {mode === 'phone' && <PhonePreview item={item} approval={approval} />}
          </>
        )}
      </div>
    </section>
  );
}

function KioskPreview({ item, approval }: { item: Item; approval?: Approval | undefined }) {
  return (
    <div class="wf-kiosk" data-testid="preview-kiosk">
      <div class="item-screen">
        <div class="item-layout">
          <ItemDetail item={item} {...(approval ? { approval } : {})} resolveAttachment={resolveDraftAttachment} />
          <aside class="item-aside">
            {item.channel === 'public' && (
              <QrCode text={new URL(`/m/item/${item.id}`, location.origin).href} label="扫码在手机上阅读" size={160} />
            )}
          </aside>
        </div>
      </div>
    </div>
  );
}

/** The slide at its real size (1920×1080, 1 unit = 1 px), scaled down to the pane's width. */
function BoardPreview({ item }: { item: Item }) {
  const box = useRef<HTMLDivElement>(null);
  const [scale, setScale] = useState(0.3);
  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const resize = () => setScale(el.clientWidth / 1920);
    resize();
    const ro = new ResizeObserver(resize);
    ro.observe(el);
    return () => ro.disconnect();
  }, []);
  const slide: Slide = { key: `${item.id}@${item.rev}`, kind: slideKind(item), item };
  return (
    <div class="wf-board-box" ref={box} style={{ height: `${1080 * scale}px` }} data-testid="preview-board">
      <div class="wf-board-scale" style={{ transform: `scale(${scale})` }}>
        <div class="board layout-landscape wf-board" style={{ '--u': '1px' }}>
          <header class="board-header">
            <h2 class="board-title">政务公开栏</h2>
          </header>
          <main class="board-main">
            <SlideView slide={slide} page={0} pages={1} at={Date.now()} layout="landscape" unit={1} onMeasured={() => {}} />
          </main>
        </div>
      </div>
    </div>
  );
}

function PhonePreview({ item, approval }: { item: Item; approval?: Approval | undefined }) {
  return (
    <div class="wf-phone" data-testid="preview-phone">
      <div class="phone">
        <header class="topbar">
          <p class="site-title">清原满族自治县政务公开</p>
        </header>
        <div class="content">
          <ItemDetail item={item} {...(approval ? { approval } : {})} resolveAttachment={resolveDraftAttachment} />
        </div>
        <footer class="phone-footer">政务公开监督电话 53034645</footer>
      </div>
    </div>
  );
}
