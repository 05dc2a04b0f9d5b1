/** Office keys as non-extractable WebCrypto keys (the office's browser): they open, and cannot be read back. */
import { describe, expect, test } from 'vitest';
import { generateNonExtractableKeyPair, generateOfficeKeyPair, importOfficeKeyPair, openPart, sealPart } from './sealing.ts';

const header = { id: '6f1c2d9e-1111-4aaa-8bbb-222233334444', kind: 'complaint' as const, trackingCode: 'SJXRSZV1HXGX' };

describe('non-extractable office keys', () => {
  test('an imported key file opens what was sealed to it, and its private half cannot be exported', async () => {
    const file = await generateOfficeKeyPair();
    const pair = await importOfficeKeyPair(file.privateKey, file.publicKey);
    expect(pair.privateKey.extractable).toBe(false);
    await expect(crypto.subtle.exportKey('pkcs8', pair.privateKey)).rejects.toThrow();
    await expect(crypto.subtle.exportKey('jwk', pair.privateKey)).rejects.toThrow();
    const sealed = await sealPart({ id: 'k', publicKey: file.publicKey }, 'content', header, { what: '窗口态度恶劣' });
    expect(await openPart(pair, 'content', header, sealed)).toEqual({ what: '窗口态度恶劣' });
  });

  test('a private key with the wrong public key is refused at import', async () => {
    const a = await generateOfficeKeyPair();
    const b = await generateOfficeKeyPair();
    await expect(importOfficeKeyPair(a.privateKey, b.publicKey)).rejects.toThrow('私钥与公钥不是一对');
    await expect(importOfficeKeyPair('abc', a.publicKey)).rejects.toThrow('私钥长度不对');
  });

  test('a key pair made in the browser is non-extractable from the start and opens parts sealed to its public half', async () => {
    const { pair, publicKey } = await generateNonExtractableKeyPair();
    expect(pair.privateKey.extractable).toBe(false);
    const sealed = await sealPart({ id: 'k', publicKey }, 'identity', header, { name: '王秀英' });
    expect(await openPart(pair, 'identity', header, sealed)).toEqual({ name: '王秀英' });
  });
});
