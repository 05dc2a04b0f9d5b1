/** One feed file, as bytes, or why it could not be had. */
export type Download = { ok: true; bytes: ArrayBuffer } | { ok: false; message: string };

export async function download(url: string): Promise<Download> {
  try {
    const r = await fetch(url);
    return r.ok ? { ok: true, bytes: await r.arrayBuffer() } : { ok: false, message: `HTTP ${r.status}` };
  } catch (e) {
    return { ok: false, message: (e as Error).message };
  }
}
