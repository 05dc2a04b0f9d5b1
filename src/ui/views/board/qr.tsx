/**
 * The QR code on every slide, drawn synchronously as one SVG path (no async
 * step that could leave a slide without it). Modules are whole pixels with a
 * four-module quiet zone, so a phone reads it from 1.5 m: at 8 px a module on a
 * 43-55" 1080p panel it is 16-20 cm wide, above the distance ÷ 10 rule of thumb.
 */
import QRCode from 'qrcode';

interface Matrix {
  size: number;
  d: string;
}

// One entry per slide URL; cleared when the playlist has moved on to many others.
const cache = new Map<string, Matrix>();

function matrix(text: string): Matrix {
  const hit = cache.get(text);
  if (hit) return hit;
  const { modules } = QRCode.create(text, { errorCorrectionLevel: 'M' });
  let d = '';
  // One rectangle per horizontal run of dark modules.
  for (let y = 0; y < modules.size; y++)
    for (let x = 0; x < modules.size; x++) {
      if (!modules.get(x, y)) continue;
      let run = 1;
      while (x + run < modules.size && modules.get(x + run, y)) run++;
      d += `M${x + 4} ${y + 4}h${run}v1h-${run}z`;
      x += run - 1;
    }
  const m = { size: modules.size + 8, d };
  if (cache.size > 200) cache.clear();
  cache.set(text, m);
  return m;
}

/** `maxPx`: the largest square it may take; it uses the largest whole module size that fits. */
export function BoardQr({ url, label, maxPx }: { url: string; label: string; maxPx: number }) {
  const m = matrix(url);
  const px = Math.max(2, Math.floor(maxPx / m.size)) * m.size;
  return (
    <svg
      class="board-qr"
      role="img"
      aria-label={label}
      width={px}
      height={px}
      viewBox={`0 0 ${m.size} ${m.size}`}
      shape-rendering="crispEdges"
      data-url={url}
    >
      <rect width={m.size} height={m.size} fill="#fff" />
      <path d={m.d} fill="#000" />
    </svg>
  );
}
