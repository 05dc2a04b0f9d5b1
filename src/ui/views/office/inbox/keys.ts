/**
 * The office's private keys in this browser (issue 13, item 1: keys stay with people). The
 * 办理密钥 (content) and 保密密钥 (identity) are imported once from the files `npm start` or
 * `npm run office -- keygen` writes, or made here, and kept in IndexedDB as WebCrypto key pairs
 * whose private half is non-extractable: it opens sealed parts in this browser and cannot be
 * read back out, not even by this app. Kept in their own database (not the kiosk's), under the
 * signed-in person's id: another person signing in on the same PC does not get them, and they
 * are used only while the hub says the session is signed in (the inbox loads them after it has).
 */
import { type DBSchema, type IDBPDatabase, openDB } from 'idb';
import type { KeyLookup } from '../../../../contract/case-open.ts';
import type { Role } from '../../../../contract/roles.ts';
import { generateNonExtractableKeyPair, importOfficeKeyPair, type PartName } from '../../../../contract/sealing.ts';
import { fromBase64Url, sha256Hex } from '../../../../contract/signing.ts';

export interface StoredKey {
  /** `${owner}:${keyId}` */
  key: string;
  owner: string;
  id: string;
  role: PartName;
  publicKey: string;
  pair: CryptoKeyPair;
  addedAt: string;
  origin: 'file' | 'browser';
}

interface OfficeKeysDb extends DBSchema {
  keys: { key: string; value: StoredKey; indexes: { owner: string } };
}

const DB_NAME = 'zwgk-office-keys';
let db: Promise<IDBPDatabase<OfficeKeysDb>> | undefined;
const open = () =>
  (db ??= openDB<OfficeKeysDb>(DB_NAME, 1, {
    upgrade(d) {
      d.createObjectStore('keys', { keyPath: 'key' }).createIndex('owner', 'owner');
    },
  }));

export async function listKeys(owner: string): Promise<StoredKey[]> {
  return (await open()).getAllFromIndex('keys', 'owner', owner);
}

/** Which key a role may hold: the 保密密钥 only with the confidential role (《政务公开投诉制度》第四条). */
export function mayHold(roles: readonly Role[], part: PartName): boolean {
  if (part === 'identity') return roles.includes('confidential');
  return roles.some((r) => r === 'secretary' || r === 'drafter' || r === 'confidential' || r === 'admin');
}

const ROLE_ZH: Record<PartName, string> = { identity: '保密密钥', content: '办理密钥' };

/** Imports a key file (JSON with role, id, publicKey, privateKey). The file's text is not kept. */
export async function importKeyFile(owner: string, roles: readonly Role[], text: string): Promise<StoredKey> {
  let f: { role?: unknown; id?: unknown; publicKey?: unknown; privateKey?: unknown };
  try {
    f = JSON.parse(text);
  } catch {
    throw new Error('这不是密钥文件(应为 JSON)');
  }
  if (
    (f.role !== 'identity' && f.role !== 'content') ||
    typeof f.id !== 'string' ||
    typeof f.publicKey !== 'string' ||
    typeof f.privateKey !== 'string'
  )
    throw new Error('这不是本办的密钥文件(缺少 role、id、publicKey 或 privateKey)');
  if (!/^[A-Za-z0-9._-]{1,64}$/.test(f.id)) throw new Error('密钥编号格式无效');
  if (!mayHold(roles, f.role)) throw new Error(`您的角色不能持有${ROLE_ZH[f.role]}:保密密钥只交给保密人员(《政务公开投诉制度》第四条)`);
  const pair = await importOfficeKeyPair(f.privateKey, f.publicKey);
  const stored: StoredKey = {
    key: `${owner}:${f.id}`,
    owner,
    id: f.id,
    role: f.role,
    publicKey: f.publicKey,
    pair,
    addedAt: new Date().toISOString(),
    origin: 'file',
  };
  await (await open()).put('keys', stored);
  return stored;
}

/** Makes a new key pair here; the public half goes to IT for the hub's office-public.json. */
export async function makeKey(owner: string, roles: readonly Role[], role: PartName): Promise<StoredKey> {
  if (!mayHold(roles, role)) throw new Error(`您的角色不能持有${ROLE_ZH[role]}`);
  const { pair, publicKey } = await generateNonExtractableKeyPair();
  const id = `${role}-${(await sha256Hex(fromBase64Url(publicKey))).slice(0, 12)}`;
  const stored: StoredKey = {
    key: `${owner}:${id}`,
    owner,
    id,
    role,
    publicKey,
    pair,
    addedAt: new Date().toISOString(),
    origin: 'browser',
  };
  await (await open()).put('keys', stored);
  return stored;
}

export async function removeKey(owner: string, id: string): Promise<void> {
  await (await open()).delete('keys', `${owner}:${id}`);
}

/** The lookup the opening module uses; an identity key is offered only to a confidential person. */
export function lookupFrom(keys: readonly StoredKey[], roles: readonly Role[]): KeyLookup {
  return (part, keyId) => {
    if (!mayHold(roles, part)) return undefined;
    return keys.find((k) => k.role === part && k.id === keyId)?.pair;
  };
}
