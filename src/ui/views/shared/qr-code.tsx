/** A QR code as inline SVG; the encoder loads only with the screens that show one. */

import { useEffect, useState } from 'preact/hooks';
import QRCode from 'qrcode';

export function QrCode({ text, label, size = 240 }: { text: string; label: string; size?: number }) {
  const [svg, setSvg] = useState<string>();
  useEffect(() => {
    void QRCode.toString(text, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 }).then(setSvg);
  }, [text]);
  return (
    <figure class="qr">
      {svg ? (
        // SVG made locally by the QR encoder from our own URL.
        <div role="img" aria-label={label} style={{ width: `${size}px`, height: `${size}px` }} dangerouslySetInnerHTML={{ __html: svg }} />
      ) : (
        <div style={{ width: `${size}px`, height: `${size}px` }} />
      )}
      <figcaption>{label}</figcaption>
    </figure>
  );
}
