/**
 * The intake's keys (docs/intake-keys.md):
 * - the office's two X25519 key pairs, 保密密钥 (identity) and 办理密钥
 *   (content). Their private halves live where the office chooses; the hub
 *   only ever holds the public halves (`var/keys/office-public.json`);
 * - the hub's Ed25519 receipt key (`var/keys/receipt.json`), online, because
 *   the hub signs a receipt for every submission it stores;
 * - the endorsed intake block for device configs (`var/keys/intake-config.json`):
 *   the public keys, vouched for by the office's feed signing key.
 * In development the hub makes all of them on first run, as it does the
 * signing key; it writes the private halves once and never reads them.
 */
import { chmod, mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { IntakeConfig } from '../../src/contract/config.ts';
import { generateOfficeKeyPair, HPKE_SUITE } from '../../src/contract/sealing.ts';
import { fromBase64Url, sha256Hex, signEnvelope } from '../../src/contract/signing.ts';
import { intakeKeysStatement } from '../../src/contract/submission.ts';
import { loadOrCreateKey, type SigningKey } from '../keys.ts';
import type { IntakeLimits } from './rate-limit.ts';

export type OfficeKeyRole = 'identity' | 'content';

/** A private office key file, kept by the office (never on the hub in production). */
export interface OfficeKeyFile {
  role: OfficeKeyRole;
  id: string;
  suite: string;
  publicKey: string;
  privateKey: string;
  createdAt: string;
}

/** The public halves the hub accepts; the first of each role is the current one, the rest are kept for rotation. */
export interface OfficePublicKeys {
  identity: { id: string; publicKey: string }[];
  content: { id: string; publicKey: string }[];
}

export interface IntakeOptions {
  receiptKey: SigningKey;
  /** Key ids a sealed part may name; anything else is refused (422). */
  acceptedKeys: { identity: string[]; content: string[] };
  /** Added to served configs that list no `intake` of their own. */
  configBlock?: IntakeConfig;
  limits?: Partial<IntakeLimits>;
}

export async function generateOfficeKeyFile(role: OfficeKeyRole, prefix: string = role): Promise<OfficeKeyFile> {
  const pair = await generateOfficeKeyPair();
  return {
    role,
    id: `${prefix}-${(await sha256Hex(fromBase64Url(pair.publicKey))).slice(0, 12)}`,
    suite: HPKE_SUITE,
    publicKey: pair.publicKey,
    privateKey: pair.privateKey,
    createdAt: new Date().toISOString(),
  };
}

async function writeSecret(path: string, text: string): Promise<void> {
  await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  await writeFile(path, text, { mode: 0o600, flag: 'wx' });
  await chmod(path, 0o600);
}

/** Writes a new pair of office keys into `dir` (mode 0600) and returns their public halves. */
export async function writeOfficeKeys(dir: string): Promise<OfficePublicKeys> {
  const identity = await generateOfficeKeyFile('identity');
  const content = await generateOfficeKeyFile('content');
  for (const k of [identity, content]) await writeSecret(join(dir, `${k.id}.json`), `${JSON.stringify(k, null, 2)}\n`);
  return { identity: [{ id: identity.id, publicKey: identity.publicKey }], content: [{ id: content.id, publicKey: content.publicKey }] };
}

/** Every office key file in `dir` (the office's tools; the hub never calls this). */
export async function readOfficeKeys(dir: string): Promise<OfficeKeyFile[]> {
  const out: OfficeKeyFile[] = [];
  for (const name of (await readdir(dir)).sort()) {
    if (!name.endsWith('.json')) continue;
    const k = JSON.parse(await readFile(join(dir, name), 'utf8')) as OfficeKeyFile;
    if ((k.role === 'identity' || k.role === 'content') && typeof k.privateKey === 'string') out.push(k);
  }
  return out;
}

/** The intake block for device configs, vouched for by a feed signing key the devices trust. */
export async function endorseIntakeKeys(
  office: OfficePublicKeys,
  receiptKeys: IntakeConfig['receiptKeys'],
  signingKey: SigningKey,
  at = new Date().toISOString(),
): Promise<IntakeConfig> {
  const keys = { officeKeys: { identity: office.identity[0]!, content: office.content[0]! }, receiptKeys };
  const env = await signEnvelope(JSON.parse(intakeKeysStatement(keys, at)), signingKey.id, signingKey.privateKey);
  return { endpoint: '/api/intake/', ...keys, endorsement: { keyId: env.keyId, sig: env.sig, at } };
}

async function readJson<T>(path: string): Promise<T | undefined> {
  try {
    return JSON.parse(await readFile(path, 'utf8')) as T;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
}

/**
 * What `npm start` needs for intake, made on first run in development:
 * the receipt key, the office's public keys (the private halves are written
 * once to `officeKeysDir`), and the endorsed config block (re-signed only
 * when the keys change, so devices do not see a new config at every start).
 */
export async function setUpIntake(o: {
  dataDir: string;
  officeKeysDir: string;
  signingKey?: SigningKey;
  log?: (line: string) => void;
}): Promise<IntakeOptions> {
  const log = o.log ?? (() => {});
  const { key: receiptKey, created } = await loadOrCreateKey(join(o.dataDir, 'keys/receipt.json'), 'receipt');
  if (created) log(`已生成回执签名密钥 ${receiptKey.id}(${o.dataDir}/keys/receipt.json)`);
  const publicPath = join(o.dataDir, 'keys/office-public.json');
  let office = await readJson<OfficePublicKeys>(publicPath);
  if (!office) {
    office = await writeOfficeKeys(o.officeKeysDir);
    await mkdir(dirname(publicPath), { recursive: true, mode: 0o700 });
    await writeFile(publicPath, `${JSON.stringify(office, null, 2)}\n`);
    log(`已生成开发用受理密钥(保密 ${office.identity[0]!.id},办理 ${office.content[0]!.id}),私钥在 ${o.officeKeysDir},hub 不读取`);
  }
  const blockPath = join(o.dataDir, 'keys/intake-config.json');
  let block = await readJson<IntakeConfig>(blockPath);
  const current = (b: IntakeConfig | undefined) =>
    b &&
    b.officeKeys.identity.id === office.identity[0]!.id &&
    b.officeKeys.content.id === office.content[0]!.id &&
    b.receiptKeys.some((k) => k.id === receiptKey.id);
  if (!current(block) && o.signingKey) {
    block = await endorseIntakeKeys(office, [receiptKey.trusted], o.signingKey);
    await writeFile(blockPath, `${JSON.stringify(block, null, 2)}\n`);
  }
  return {
    receiptKey,
    acceptedKeys: { identity: office.identity.map((k) => k.id), content: office.content.map((k) => k.id) },
    ...(current(block) ? { configBlock: block! } : {}),
  };
}
