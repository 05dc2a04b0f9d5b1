/**
 * "在手机上继续": a half-filled form rides to the citizen's phone inside a QR
 * code, in the URL fragment (after #), which browsers never send to a server.
 * Made compact so the code stays easy to scan: the draft as a positional JSON
 * array, in UTF-16 (two bytes per Chinese character instead of UTF-8's three),
 * deflated, then written as decimal digits, which QR numeric mode packs at
 * 3.3 bits a digit (base64 in byte mode would cost 8 bits per 6).
 */
import { type Draft, draftToTuple, tupleToDraft } from './drafts.ts';

/** The first digit of the fragment: the encoding's version. */
const VERSION = '1';
/** 7 bytes ↔ 17 digits (2^56 < 10^17); a shorter last chunk uses the fewest digits that hold it. */
const CHUNK = 7;
const DIGITS = [0, 3, 5, 8, 10, 13, 15, 17];
/** Beyond this the QR code gets too dense to scan from a screen reliably (QR version ~25 at level L). */
export const HANDOFF_MAX_DIGITS = 3000;

async function pipe(bytes: Uint8Array<ArrayBuffer>, stream: CompressionStream | DecompressionStream): Promise<Uint8Array<ArrayBuffer>> {
  return new Uint8Array(await new Response(new Blob([bytes]).stream().pipeThrough(stream)).arrayBuffer());
}

function toDigits(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += CHUNK) {
    const chunk = bytes.subarray(i, i + CHUNK);
    let n = 0n;
    for (const b of chunk) n = (n << 8n) | BigInt(b);
    out += n.toString().padStart(DIGITS[chunk.length]!, '0');
  }
  return out;
}

function fromDigits(digits: string): Uint8Array<ArrayBuffer> | undefined {
  const full = Math.floor(digits.length / 17);
  const rest = digits.length - full * 17;
  const lastBytes = DIGITS.indexOf(rest);
  if (lastBytes < 0) return undefined;
  const out = new Uint8Array(full * CHUNK + lastBytes);
  let o = 0;
  for (let i = 0; i < digits.length; ) {
    const len = i + 17 <= digits.length ? 17 : rest;
    const bytes = len === 17 ? CHUNK : lastBytes;
    let n = BigInt(digits.slice(i, i + len));
    if (n >= 1n << BigInt(bytes * 8)) return undefined;
    for (let b = bytes - 1; b >= 0; b--) {
      out[o + b] = Number(n & 255n);
      n >>= 8n;
    }
    o += bytes;
    i += len;
  }
  return out;
}

export async function encodeDraft(d: Draft): Promise<string> {
  const text = JSON.stringify(draftToTuple(d));
  const utf16 = new Uint8Array(text.length * 2);
  for (let i = 0; i < text.length; i++) {
    utf16[2 * i] = text.charCodeAt(i) >> 8;
    utf16[2 * i + 1] = text.charCodeAt(i) & 255;
  }
  const packed = await pipe(utf16, new CompressionStream('deflate-raw'));
  utf16.fill(0);
  return VERSION + toDigits(packed);
}

/** Reads a fragment made by encodeDraft; anything else (a stranger's code, a cut-off scan) gives undefined. */
export async function decodeDraft(fragment: string): Promise<Draft | undefined> {
  const digits = fragment.replace(/^#/, '');
  if (!digits.startsWith(VERSION) || !/^\d+$/.test(digits) || digits.length > 20_000) return undefined;
  const packed = fromDigits(digits.slice(1));
  if (!packed) return undefined;
  try {
    const utf16 = await pipe(packed, new DecompressionStream('deflate-raw'));
    if (utf16.length % 2 !== 0 || utf16.length > 40_000) return undefined;
    let text = '';
    for (let i = 0; i < utf16.length; i += 2) text += String.fromCharCode((utf16[i]! << 8) | utf16[i + 1]!);
    return tupleToDraft(JSON.parse(text));
  } catch {
    return undefined;
  }
}
