/**
 * The QR code that carries a half-filled form to the citizen's phone. The
 * URL's path goes in byte mode, the draft's digits in numeric mode (3.3 bits a
 * digit), at error-correction level L: a screen is not a torn poster, and a
 * lower version scans more easily.
 */
import { useEffect, useState } from 'preact/hooks';
import QRCode from 'qrcode';
import { ti } from '../../i18n/intake.ts';

export function HandoffView({ path, fragment, onDone }: { path: string; fragment: string; onDone: () => void }) {
  const [svg, setSvg] = useState<string>();
  useEffect(() => {
    const url = new URL(path, location.origin).href;
    const bytes = new TextEncoder().encode(fragment ? `${url}#` : url);
    const segments: QRCode.QRCodeSegment[] = fragment
      ? [
          { data: bytes, mode: 'byte' },
          { data: fragment, mode: 'numeric' },
        ]
      : [{ data: bytes, mode: 'byte' }];
    void QRCode.toString(segments, { type: 'svg', errorCorrectionLevel: 'L', margin: 3 }).then(setSvg);
  }, [path, fragment]);
  return (
    <div class="handoff">
      <p>{fragment ? ti('handoffHint') : ti('handoffEmpty')}</p>
      <figure class="qr handoff-qr">
        {svg ? (
          // SVG made locally by the QR encoder from our own URL.
          <div role="img" aria-label={ti('handoffHeading')} data-testid="handoff-qr" dangerouslySetInnerHTML={{ __html: svg }} />
        ) : (
          <div />
        )}
      </figure>
      <div class="form-actions">
        <button type="button" class="primary" onClick={onDone}>
          {ti('handoffDone')}
        </button>
      </div>
    </div>
  );
}
