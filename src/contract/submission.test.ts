import * as v from 'valibot';
import { describe, expect, test } from 'vitest';
import { generateKeyFile, importKeyFile } from '../../hub/keys.ts';
import { generateOfficeKeyPair, openPart, sealPart } from './sealing.ts';
import { KeyRing, signEnvelope } from './signing.ts';
import { intakeKeysStatement, type ReceiptPayload, Submission, submissionDigest, verifyIntakeKeys, verifyReceipt } from './submission.ts';
import { ComplaintContent, normaliseMainlandPhone } from './submission-content.ts';
import { checkCharacter, formatTrackingCode, isValidTrackingCode, makeTrackingCode, normaliseTrackingCode } from './tracking-code.ts';

describe('tracking code', () => {
  test('made codes are valid, twelve characters, without I L O U', () => {
    for (let i = 0; i < 500; i++) {
      const code = makeTrackingCode();
      expect(code).toMatch(/^[0-9A-HJKMNP-TV-Z]{12}$/);
      expect(isValidTrackingCode(code)).toBe(true);
    }
  });

  test('every single wrong character and every swap of two different neighbours is caught', () => {
    const code = makeTrackingCode();
    const alphabet = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
    for (let i = 0; i < code.length; i++)
      for (const c of alphabet) if (c !== code[i]) expect(isValidTrackingCode(code.slice(0, i) + c + code.slice(i + 1))).toBe(false);
    let swapsCaught = 0;
    let swaps = 0;
    for (let i = 0; i < code.length - 1; i++) {
      if (code[i] === code[i + 1]) continue;
      swaps++;
      if (!isValidTrackingCode(code.slice(0, i) + code[i + 1] + code[i] + code.slice(i + 2))) swapsCaught++;
    }
    // Luhn mod N misses only the swap of the two characters whose values differ by N/2 (e.g. 0 and G).
    expect(swapsCaught).toBeGreaterThanOrEqual(swaps - 1);
  });

  test('what people type is read the way Crockford base 32 says', () => {
    const body = '7KQM3F9A2XH';
    const code = body + checkCharacter(body);
    expect(normaliseTrackingCode(formatTrackingCode(code).toLowerCase())).toBe(code);
    expect(normaliseTrackingCode('o1l-I')).toBe('0111');
    expect(formatTrackingCode(code)).toBe(`${code.slice(0, 4)}-${code.slice(4, 8)}-${code.slice(8)}`);
  });
});

test('mainland phone numbers: mobile, fixed line with area code, local county numbers', () => {
  expect(normaliseMainlandPhone('138 0013 8000')).toBe('13800138000');
  expect(normaliseMainlandPhone('+86 13800138000')).toBe('13800138000');
  expect(normaliseMainlandPhone('024-53032718')).toBe('02453032718');
  expect(normaliseMainlandPhone('53034645')).toBe('53034645');
  for (const bad of ['12345678901', '1380013800', '138001380000', 'abc', '', '0000000', '110'])
    expect(normaliseMainlandPhone(bad)).toBeUndefined();
});

test('a major-matter complaint must be named (《政务公开投诉制度》第四条)', () => {
  const base = { kind: 'complaint', category: 'delay', department: '县医疗保障局', what: '办理医保报销三个月没有结果', major: true };
  expect(v.safeParse(ComplaintContent, { ...base, named: false }).success).toBe(false);
  expect(v.safeParse(ComplaintContent, { ...base, named: true }).success).toBe(true);
});

async function sealedSubmission() {
  const identity = { id: 'identity-a', ...(await generateOfficeKeyPair()) };
  const content = { id: 'content-a', ...(await generateOfficeKeyPair()) };
  const header = { id: crypto.randomUUID(), kind: 'complaint' as const, trackingCode: makeTrackingCode() };
  const s: Submission = {
    v: 1,
    ...header,
    device: 'device-abcdefgh',
    source: 'kiosk',
    createdAt: new Date().toISOString(),
    identity: await sealPart(identity, 'identity', header, { name: '王秀英', phone: '13800138000' }),
    content: await sealPart(content, 'content', header, { kind: 'complaint', what: '窗口工作人员态度恶劣' }),
  };
  return { s, identity, content, header };
}

describe('sealing', () => {
  test('each part opens only with its own key, to exactly what was sealed', async () => {
    const { s, identity, content, header } = await sealedSubmission();
    expect(v.safeParse(Submission, s).success).toBe(true);
    const priv = (k: { privateKey: string }) =>
      Uint8Array.from(atob(k.privateKey.replace(/-/g, '+').replace(/_/g, '/')), (c) => c.charCodeAt(0));
    expect(await openPart(priv(identity), 'identity', header, s.identity!)).toEqual({ name: '王秀英', phone: '13800138000' });
    expect(await openPart(priv(content), 'content', header, s.content)).toEqual({ kind: 'complaint', what: '窗口工作人员态度恶劣' });
    // The handling key does not open the identity.
    await expect(openPart(priv(content), 'identity', header, s.identity!)).rejects.toThrow();
    // A part moved to another submission, or relabelled, does not open.
    await expect(openPart(priv(content), 'content', { ...header, id: crypto.randomUUID() }, s.content)).rejects.toThrow();
    await expect(openPart(priv(content), 'content', { ...header, kind: 'inquiry' }, s.content)).rejects.toThrow();
  });

  test('the ciphertext does not reveal the plaintext or its exact length', async () => {
    const { s } = await sealedSubmission();
    expect(JSON.stringify(s)).not.toContain('王秀英');
    // Padded to 256 bytes, plus the 16-byte AES-GCM tag.
    expect(atob(s.content.ct.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - (s.content.ct.length % 4)) % 4)).length % 256).toBe(
      16,
    );
  });
});

describe('receipts and intake keys', () => {
  test('a receipt is accepted only from a trusted key, for this id and this exact content', async () => {
    const { s } = await sealedSubmission();
    const hub = await importKeyFile(await generateKeyFile('receipt'));
    const rogue = await importKeyFile(await generateKeyFile('rogue'));
    const ring = new KeyRing([hub.trusted]);
    const payload: ReceiptPayload = {
      v: 1,
      type: 'zwgk-receipt',
      id: s.id,
      trackingCode: s.trackingCode,
      kind: s.kind,
      digest: await submissionDigest(s),
      at: new Date().toISOString(),
    };
    expect((await verifyReceipt(ring, await signEnvelope(payload, hub.id, hub.privateKey), s)).ok).toBe(true);
    expect((await verifyReceipt(ring, await signEnvelope(payload, rogue.id, rogue.privateKey), s)).ok).toBe(false);
    const other = await signEnvelope({ ...payload, id: crypto.randomUUID() }, hub.id, hub.privateKey);
    expect(await verifyReceipt(ring, other, s)).toEqual({ ok: false, message: '回执不是这件提交的' });
    // Another first character (a random ciphertext starts with A one time in 64, and "changing" it to A changed nothing).
    const changed = { ...s, content: { ...s.content, ct: `${s.content.ct.startsWith('A') ? 'B' : 'A'}${s.content.ct.slice(1)}` } };
    expect(await verifyReceipt(ring, await signEnvelope(payload, hub.id, hub.privateKey), changed)).toEqual({
      ok: false,
      message: '回执所记内容与本机发出的不一致',
    });
  });

  test('intake keys are used only when a trusted feed key vouched for them', async () => {
    const office = await importKeyFile(await generateKeyFile('office'));
    const rogue = await importKeyFile(await generateKeyFile('rogue'));
    const keys = {
      officeKeys: {
        identity: { id: 'identity-a', publicKey: (await generateOfficeKeyPair()).publicKey },
        content: { id: 'content-a', publicKey: (await generateOfficeKeyPair()).publicKey },
      },
      receiptKeys: [{ id: 'receipt-a', publicKey: 'A'.repeat(43) }],
    };
    const at = new Date().toISOString();
    const sign = async (k: typeof office) => {
      const env = await signEnvelope(JSON.parse(intakeKeysStatement(keys, at)), k.id, k.privateKey);
      return { ...keys, endpoint: '/api/intake/', endorsement: { keyId: env.keyId, sig: env.sig, at } };
    };
    const ring = new KeyRing([office.trusted]);
    expect(await verifyIntakeKeys(ring, await sign(office))).toEqual({ ok: true });
    expect((await verifyIntakeKeys(ring, await sign(rogue))).ok).toBe(false);
    const swapped = await sign(office);
    swapped.officeKeys.identity = { id: 'identity-a', publicKey: (await generateOfficeKeyPair()).publicKey };
    expect((await verifyIntakeKeys(ring, swapped)).ok).toBe(false);
  });
});
