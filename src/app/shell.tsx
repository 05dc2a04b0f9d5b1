/** Picks the screen for the path: kiosk (/ and /k/…), board (/board), phone (/m/…). */
import { lazy, Suspense } from 'preact/compat';
import { KioskFrame } from '../views/kiosk/frame.tsx';
import { Home } from '../views/kiosk/home.tsx';
import { usePath } from './router.ts';

const ItemScreen = lazy(() => import('../views/kiosk/item-screen.tsx'));
const ListScreen = lazy(() => import('../views/kiosk/list-screen.tsx'));
const ArchiveScreen = lazy(() => import('../views/kiosk/archive-screen.tsx'));
const DiagnosticsScreen = lazy(() => import('../views/kiosk/diagnostics-screen.tsx'));
const PhoneItem = lazy(() => import('../views/phone/phone-item.tsx'));

function route(path: string) {
  let m = path.match(/^\/k\/item\/([a-z0-9-]+)(?:\/(\d+))?$/);
  if (m) return <ItemScreen id={m[1]!} {...(m[2] ? { rev: Number(m[2]) } : {})} />;
  m = path.match(/^\/k\/list\/([a-z0-9-]+)$/);
  if (m) return <ListScreen filter={m[1]!} />;
  if (path === '/k/archive') return <ArchiveScreen />;
  if (path === '/k/diagnostics') return <DiagnosticsScreen />;
  return <Home />;
}

export function Shell() {
  const path = usePath();
  const m = path.match(/^\/m\/item\/([a-z0-9-]+)$/);
  if (m)
    return (
      <Suspense fallback={null}>
        <PhoneItem id={m[1]!} />
      </Suspense>
    );
  return (
    <KioskFrame>
      <Suspense fallback={<div class="loading" />}>{route(path)}</Suspense>
    </KioskFrame>
  );
}
