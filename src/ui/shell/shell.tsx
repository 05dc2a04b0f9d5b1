/** Picks the screen for the path: kiosk (/ and /k/…), phone (/m/…), wall board (/board, or a config with mode "board"). */
import { KioskFrame } from '../views/kiosk/frame.tsx';
import { Home } from '../views/kiosk/home.tsx';
import { useBoardWatchdog } from './board-watchdog.ts';
import { intakeRoute } from './intake-routes.tsx';
import { lazyScreen } from './lazy.tsx';
import { useLocale } from './prefs.ts';
import { usePath } from './router.ts';
import { useApp } from './sync-hooks.ts';

const ItemScreen = lazyScreen(() => import('../views/kiosk/item-screen.tsx'));
const ListScreen = lazyScreen(() => import('../views/kiosk/list-screen.tsx'));
const ArchiveScreen = lazyScreen(() => import('../views/kiosk/archive-screen.tsx'));
const DiagnosticsScreen = lazyScreen(() => import('../views/kiosk/diagnostics-screen.tsx'));
const SearchScreen = lazyScreen(() => import('../views/kiosk/search-screen.tsx'));
const PhoneItem = lazyScreen(() => import('../views/phone/phone-item.tsx'));
const SurveyScreen = lazyScreen(() => import('../views/survey/survey-screen.tsx'));
const PhoneSurvey = lazyScreen(() => import('../views/survey/phone-survey.tsx'));
const BoardScreen = lazyScreen(() => import('../views/board/board-screen.tsx'));

/** The wall board has no kiosk frame; its watchdog runs before its chunk has even arrived. */
function Board() {
  useBoardWatchdog(useApp().config.board.watchdogSeconds);
  return <BoardScreen />;
}

function route(path: string) {
  let m = path.match(/^\/k\/item\/([a-z0-9-]+)(?:\/(\d+))?$/);
  if (m) return <ItemScreen id={m[1]!} {...(m[2] ? { rev: Number(m[2]) } : {})} />;
  m = path.match(/^\/k\/list\/([a-z0-9-]+)$/);
  if (m) return <ListScreen filter={m[1]!} />;
  m = path.match(/^\/k\/survey\/([a-z0-9-]+)$/);
  if (m) return <SurveyScreen id={m[1]!} />;
  if (path === '/k/archive') return <ArchiveScreen />;
  if (path === '/k/diagnostics') return <DiagnosticsScreen />;
  const intake = intakeRoute(path);
  if (intake) return intake;
  if (path === '/k/search') return <SearchScreen />;
  return <Home />;
}

export function Shell() {
  const path = usePath();
  // A new language draws every screen again.
  const locale = useLocale();
  const { config } = useApp();
  const m = path.match(/^\/m\/item\/([a-z0-9-]+)$/);
  if (m) return <PhoneItem id={m[1]!} />;
  if (path.startsWith('/m/')) {
    const intake = intakeRoute(path);
    if (intake) return intake;
  }
  const survey = path.match(/^\/m\/survey\/([a-z0-9-]+)$/);
  if (survey) return <PhoneSurvey id={survey[1]!} />;
  // A board device still opens /k/diagnostics for IT.
  if (path === '/board' || (config.mode === 'board' && !path.startsWith('/k/'))) return <Board />;
  return <KioskFrame locale={locale}>{route(path)}</KioskFrame>;
}
