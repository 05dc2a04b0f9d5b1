/** Decodes a QR code from a PNG screenshot with a standard decoder (jsQR). */
import jsQR from 'jsqr';
import { PNG } from 'pngjs';

export function decodeQrFromPng(png: Buffer, scale = 1): string | undefined {
  const img = PNG.sync.read(png);
  let { width, height, data } = img;
  if (scale !== 1) {
    const w = Math.round(width * scale);
    const h = Math.round(height * scale);
    const out = Buffer.alloc(w * h * 4);
    for (let y = 0; y < h; y++)
      for (let x = 0; x < w; x++) {
        const sx = Math.min(width - 1, Math.floor(x / scale));
        const sy = Math.min(height - 1, Math.floor(y / scale));
        data.copy(out, (y * w + x) * 4, (sy * width + sx) * 4, (sy * width + sx) * 4 + 4);
      }
    width = w;
    height = h;
    data = out;
  }
  return jsQR(new Uint8ClampedArray(data.buffer, data.byteOffset, data.byteLength), width, height)?.data;
}
