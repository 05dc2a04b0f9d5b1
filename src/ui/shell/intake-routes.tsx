/**
 * Routes of the complaint, inquiry, hearing-opinion and tracking screens, on
 * the kiosk (/k/…) and the phone (/m/…). Every screen loads on demand.
 */
import type { VNode } from 'preact';
import { lazyScreen } from './lazy.tsx';

type Surface = 'kiosk' | 'phone';
const ComplaintScreen = lazyScreen<{ surface: Surface }>(() => import('../views/forms/complaint-screen.tsx'));
const InquiryScreen = lazyScreen<{ surface: Surface }>(() => import('../views/forms/inquiry-screen.tsx'));
const OpinionScreen = lazyScreen<{ surface: Surface; id: string }>(() => import('../views/forms/opinion-screen.tsx'));
const TrackScreen = lazyScreen<{ surface: Surface; code?: string }>(() => import('../views/forms/track-screen.tsx'));

export function intakeRoute(path: string): VNode | undefined {
  const m = path.match(/^\/([km])\/(complaint|inquiry|opinion|track)(?:\/([^/]+))?$/);
  if (!m) return undefined;
  const surface: Surface = m[1] === 'k' ? 'kiosk' : 'phone';
  const arg = m[3];
  if (m[2] === 'complaint' && !arg) return <ComplaintScreen surface={surface} />;
  if (m[2] === 'inquiry' && !arg) return <InquiryScreen surface={surface} />;
  if (m[2] === 'opinion' && arg && /^[a-z0-9-]+$/.test(arg)) return <OpinionScreen key={arg} surface={surface} id={arg} />;
  if (m[2] === 'track') return <TrackScreen key={arg ?? ''} surface={surface} {...(arg ? { code: arg } : {})} />;
  return undefined;
}
