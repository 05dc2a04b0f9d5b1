/**
 * The office's signing key. In development the hub makes one on first run,
 * outside git (var/keys/), and trusts it in the configs it serves. A real
 * office keeps its key offline: see docs/keys.md.
 */
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { TrustedKey } from '../src/contract/config.ts';
import { fromBase64Url, sha256Hex, toBase64Url } from '../src/contract/signing.ts';

export interface SigningKey {
  id: string;
  privateKey: CryptoKey;
  trusted: TrustedKey;
}

interface KeyFile {
  id: string;
  publicKey: string;
  privateKeyPkcs8: string;
  createdAt: string;
}

export async function generateKeyFile(idPrefix = 'dev'): Promise<KeyFile> {
  const pair = (await crypto.subtle.generateKey('Ed25519', true, ['sign', 'verify'])) as CryptoKeyPair;
  const pub = new Uint8Array(await crypto.subtle.exportKey('raw', pair.publicKey));
  const priv = new Uint8Array(await crypto.subtle.exportKey('pkcs8', pair.privateKey));
  return {
    id: `${idPrefix}-${(await sha256Hex(pub)).slice(0, 12)}`,
    publicKey: toBase64Url(pub),
    privateKeyPkcs8: toBase64Url(priv),
    createdAt: new Date().toISOString(),
  };
}

export async function importKeyFile(file: KeyFile): Promise<SigningKey> {
  const privateKey = await crypto.subtle.importKey('pkcs8', fromBase64Url(file.privateKeyPkcs8), 'Ed25519', false, ['sign']);
  return { id: file.id, privateKey, trusted: { id: file.id, publicKey: file.publicKey } };
}

/** A key file that is not where the clerk said it is: a plain-Chinese error, never a new key. */
export class MissingKeyError extends Error {
  constructor(readonly path: string) {
    super(`找不到签名密钥 ${path}。请检查路径(U 盘是否已插好),不会自动新建密钥:用新密钥签名的内容,全县设备都会拒收(见 docs/keys.md)。`);
    this.name = 'MissingKeyError';
  }
}

/**
 * Loads the key at `path`; a missing file is a MissingKeyError. Used by the
 * publisher and the office CLI: a key is never created implicitly there.
 */
export async function loadKey(path: string): Promise<SigningKey> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') throw new MissingKeyError(path);
    throw e;
  }
  try {
    return await importKeyFile(JSON.parse(text) as KeyFile);
  } catch {
    throw new Error(`签名密钥文件 ${path} 无法读取(不是有效的密钥文件)。请确认选的是本办的签名密钥(signing.json)。`);
  }
}

/** Loads the key at `path`, creating a development key there if there is none (only `npm start`'s demo hub and its intake keys). */
export async function loadOrCreateKey(path: string, idPrefix = 'dev'): Promise<{ key: SigningKey; created: boolean }> {
  try {
    return { key: await importKeyFile(JSON.parse(await readFile(path, 'utf8')) as KeyFile), created: false };
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
  }
  const file = await generateKeyFile(idPrefix);
  await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  await writeFile(path, `${JSON.stringify(file, null, 2)}\n`, { mode: 0o600, flag: 'wx' });
  await chmod(path, 0o600);
  return { key: await importKeyFile(file), created: true };
}
