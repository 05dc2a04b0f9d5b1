/**
 * The input vocabulary reaches the device like everything else: the signed
 * head names it by sha256 and size; it is stored (IndexedDB meta) only after
 * both match and it parses, so the on-screen keyboard and search work offline.
 */
import { sha256Hex } from '../../contract/signing.ts';
import { parseVocab, VOCAB_LIMITS, type Vocab, type VocabRef } from '../../contract/vocab.ts';
import { appendLog, getMeta, openStore, putMeta } from '../store/db.ts';

/** Fetches the vocabulary the head names, if this device does not have it yet. */
export async function refreshVocab(feedBase: string, ref: VocabRef | undefined): Promise<void> {
  if (!ref) return;
  const db = await openStore();
  const have = await getMeta(db, 'vocab');
  if (have?.sha256 === ref.sha256) return;
  let bytes: ArrayBuffer;
  try {
    const res = await fetch(new URL(ref.href, feedBase));
    if (!res.ok) throw new Error(`HTTP ${res.status}`);
    bytes = await res.arrayBuffer();
  } catch (e) {
    // Offline: the next sync round tries again; the old vocabulary stays.
    await appendLog({ level: 'error', code: 'network', message: `输入词库暂未下载:${(e as Error).message}` });
    return;
  }
  const refuse = (why: string) => appendLog({ level: 'reject', code: 'hash-mismatch', message: `输入词库 ${ref.href} ${why},已拒绝` });
  if (bytes.byteLength !== ref.bytes || bytes.byteLength > VOCAB_LIMITS.bytes) return refuse('大小与签名记录不符');
  if ((await sha256Hex(bytes)) !== ref.sha256) return refuse('的 sha256 与签名记录不符');
  let parsed: ReturnType<typeof parseVocab>;
  try {
    parsed = parseVocab(JSON.parse(new TextDecoder().decode(bytes)));
  } catch {
    return refuse('不是合法 JSON');
  }
  if (!parsed.ok) return refuse(`格式错误(${parsed.problem})`);
  await putMeta(db, 'vocab', { sha256: ref.sha256, vocab: parsed.vocab });
}

/** The vocabulary this device has, if any. */
export async function readVocab(): Promise<Vocab | undefined> {
  const db = await openStore();
  return (await getMeta(db, 'vocab'))?.vocab;
}
