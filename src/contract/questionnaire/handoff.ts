/**
 * "在手机上继续": the answers so far ride to the phone in the URL fragment,
 * which browsers never send to a server. Compressed (deflate-raw) where the
 * browser can, so a page of text still fits a QR code a phone can read.
 */
import { fromBase64Url, toBase64Url } from '../signing.ts';
import type { Answers } from './form.ts';

export interface Handoff {
  answers: Answers;
  /** The page the citizen was on. */
  page: number;
}

/** Longest URL we put in a QR code: beyond this the code gets too dense to scan from a screen. */
export const HANDOFF_MAX_URL = 1800;

async function pipe(bytes: Uint8Array<ArrayBuffer>, stream: CompressionStream | DecompressionStream): Promise<Uint8Array<ArrayBuffer>> {
  const out = new Response(new Blob([bytes]).stream().pipeThrough(stream));
  return new Uint8Array(await out.arrayBuffer());
}

/** `z` + deflate-raw + base64url, or `j` + base64url of the JSON where CompressionStream is missing. */
export async function encodeHandoff(h: Handoff): Promise<string> {
  const json = new TextEncoder().encode(JSON.stringify({ v: 1, p: h.page, a: h.answers }));
  if (typeof CompressionStream === 'function') return `z${toBase64Url(await pipe(json, new CompressionStream('deflate-raw')))}`;
  return `j${toBase64Url(json)}`;
}

/** The handoff in a fragment (`#a=…`), or undefined if there is none or it cannot be read. */
export async function decodeHandoff(fragment: string): Promise<Handoff | undefined> {
  const m = /^#?a=([zj][A-Za-z0-9_-]+)$/.exec(fragment);
  if (!m) return undefined;
  try {
    let bytes = fromBase64Url(m[1]!.slice(1));
    if (m[1]![0] === 'z') bytes = await pipe(bytes, new DecompressionStream('deflate-raw'));
    const data = JSON.parse(new TextDecoder().decode(bytes)) as { v?: unknown; p?: unknown; a?: unknown };
    if (data.v !== 1 || !data.a || typeof data.a !== 'object' || Array.isArray(data.a)) return undefined;
    return { answers: data.a as Answers, page: typeof data.p === 'number' && Number.isInteger(data.p) && data.p >= 0 ? data.p : 0 };
  } catch {
    return undefined;
  }
}

export function phoneSurveyPath(id: string): string {
  return `/m/survey/${id}`;
}
