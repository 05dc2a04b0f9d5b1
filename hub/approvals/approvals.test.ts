import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { ApprovalVerifier, canonicalJson, contentHash, derToRawP256 } from '../../src/contract/approvals.ts';
import { type Roster, RosterPayload, verifyRoster } from '../../src/contract/roster.ts';
import { KeyRing, signEnvelope } from '../../src/contract/signing.ts';
import { generateKeyFile, importKeyFile } from '../keys.ts';
import { makeSoftPasskey, type SoftPasskey } from './soft-passkey.ts';

const RP = { rpId: 'office.qingyuan.gov.cn', origin: 'https://office.qingyuan.gov.cn' };
const FROM = '2026-01-01T00:00:00+08:00';
const REMOVED = '2026-11-30T00:00:00+08:00';

const item = {
  id: 'notice-road-closure',
  rev: 2,
  kind: 'notice',
  title: '关于清原镇南山路施工期间交通管制的公告',
  bodyHtml: '<p>自 12 月 8 日起……</p>',
};

interface Cast {
  roster: Roster;
  keys: Record<'drafter' | 'pre' | 'leader' | 'both' | 'gone', SoftPasskey>;
}

async function cast(): Promise<Cast> {
  const k = async () => makeSoftPasskey({ ...RP, from: FROM });
  const keys = { drafter: await k(), pre: await k(), leader: await k(), both: await k(), gone: await k() };
  const person = (id: string, name: string, roles: string[], key: SoftPasskey, until?: string) => ({
    id,
    name,
    from: FROM,
    ...(until ? { until } : {}),
    roles: roles.map((role) => ({ role, from: FROM })),
    credentials: [key.credential],
  });
  const parsed = v.parse(RosterPayload, {
    v: 1,
    kind: 'roster',
    office: '清原满族自治县政务公开办',
    serial: 3,
    issued: FROM,
    rpId: RP.rpId,
    origins: [RP.origin],
    people: [
      person('zhang-san', '张三', ['drafter'], keys.drafter),
      person('li-si', '李四', ['prereview'], keys.pre),
      person('wang-wu', '王五', ['signoff'], keys.leader),
      person('zhao-liu', '赵六', ['prereview', 'signoff'], keys.both),
      person('qian-qi', '钱七', ['signoff'], keys.gone, REMOVED),
    ],
  });
  return { roster: parsed, keys };
}

describe('approvals signed by the people who gave them', () => {
  it('a revision pre-reviewed by one person and signed off by another is shown, with their names', async () => {
    const { roster, keys } = await cast();
    const hash = await contentHash(item);
    const approvals = [
      await keys.pre.approve({ step: 'prereview', person: 'li-si', at: '2026-12-04T09:00:00+08:00', revisions: [hash] }),
      await keys.leader.approve({ step: 'signoff', person: 'wang-wu', at: '2026-12-04T15:00:00+08:00', revisions: [hash] }),
    ];
    const r = await new ApprovalVerifier(roster).checkRevision({ contentHash: hash, drafter: 'zhang-san', approvals });
    expect(r).toEqual({
      ok: true,
      preReview: [{ person: 'li-si', name: '李四', at: '2026-12-04T09:00:00+08:00' }],
      signOff: [{ person: 'wang-wu', name: '王五', at: '2026-12-04T15:00:00+08:00' }],
    });
  });

  it('any changed byte of the approved revision, or approvals copied onto another revision, are refused', async () => {
    const { roster, keys } = await cast();
    const hash = await contentHash(item);
    const approvals = [
      await keys.pre.approve({ step: 'prereview', person: 'li-si', at: '2026-12-04T09:00:00+08:00', revisions: [hash] }),
      await keys.leader.approve({ step: 'signoff', person: 'wang-wu', at: '2026-12-04T15:00:00+08:00', revisions: [hash] }),
    ];
    const edited = await contentHash({ ...item, bodyHtml: '<p>自 12 月 9 日起……</p>' });
    expect(edited).not.toBe(hash);
    const verifier = new ApprovalVerifier(roster);
    expect(await verifier.checkRevision({ contentHash: edited, approvals })).toMatchObject({ ok: false, code: 'approval-not-covering' });
    const other = await contentHash({ ...item, id: 'notice-other' });
    expect(await verifier.checkRevision({ contentHash: other, approvals })).toMatchObject({ ok: false, code: 'approval-not-covering' });
  });

  it('a statement altered after signing (another revision slipped in) no longer matches its signature', async () => {
    const { roster, keys } = await cast();
    const hash = await contentHash(item);
    const forged = await contentHash({ ...item, title: '伪造的公告' });
    const a = await keys.leader.approve({ step: 'signoff', person: 'wang-wu', at: '2026-12-04T15:00:00+08:00', revisions: [hash] });
    const tampered = { ...a, statement: { ...a.statement, revisions: [forged, hash].sort() } };
    expect(await new ApprovalVerifier(roster).check(tampered)).toMatchObject({ ok: false, code: 'approval-challenge' });
    const flipped = { ...a, signature: `${a.signature.slice(0, -4)}AAAA` };
    expect((await new ApprovalVerifier(roster).check(flipped)).ok).toBe(false);
  });

  it('an approval by someone outside the role is refused', async () => {
    const { roster, keys } = await cast();
    const hash = await contentHash(item);
    const approvals = [
      await keys.pre.approve({ step: 'prereview', person: 'li-si', at: '2026-12-04T09:00:00+08:00', revisions: [hash] }),
      // 李四 is in the pre-review group, not a leader: he cannot sign off.
      await keys.pre.approve({ step: 'signoff', person: 'li-si', at: '2026-12-04T15:00:00+08:00', revisions: [hash] }),
    ];
    const r = await new ApprovalVerifier(roster).checkRevision({ contentHash: hash, approvals });
    expect(r).toMatchObject({ ok: false, code: 'approval-role' });
  });

  it('a person signing with another person’s passkey is refused', async () => {
    const { roster, keys } = await cast();
    const hash = await contentHash(item);
    const a = await keys.pre.approve({ step: 'signoff', person: 'wang-wu', at: '2026-12-04T15:00:00+08:00', revisions: [hash] });
    expect(await new ApprovalVerifier(roster).check(a)).toMatchObject({ ok: false, code: 'approval-signature' });
  });

  it('nobody passes their own draft, and 预审 and 签发 are two different people', async () => {
    const { roster, keys } = await cast();
    const hash = await contentHash(item);
    const verifier = new ApprovalVerifier(roster);
    const self = [
      await keys.both.approve({ step: 'prereview', person: 'zhao-liu', at: '2026-12-04T09:00:00+08:00', revisions: [hash] }),
      await keys.leader.approve({ step: 'signoff', person: 'wang-wu', at: '2026-12-04T15:00:00+08:00', revisions: [hash] }),
    ];
    expect(await verifier.checkRevision({ contentHash: hash, drafter: 'zhao-liu', approvals: self })).toMatchObject({
      ok: false,
      code: 'approval-self',
    });
    const same = [
      await keys.both.approve({ step: 'prereview', person: 'zhao-liu', at: '2026-12-04T09:00:00+08:00', revisions: [hash] }),
      await keys.both.approve({ step: 'signoff', person: 'zhao-liu', at: '2026-12-04T15:00:00+08:00', revisions: [hash] }),
    ];
    expect(await verifier.checkRevision({ contentHash: hash, drafter: 'zhang-san', approvals: same })).toMatchObject({
      ok: false,
      code: 'approval-same-person',
    });
  });

  it('a sign-off before the pre-review, or a missing step, is refused', async () => {
    const { roster, keys } = await cast();
    const hash = await contentHash(item);
    const verifier = new ApprovalVerifier(roster);
    const early = [
      await keys.pre.approve({ step: 'prereview', person: 'li-si', at: '2026-12-04T15:00:00+08:00', revisions: [hash] }),
      await keys.leader.approve({ step: 'signoff', person: 'wang-wu', at: '2026-12-04T09:00:00+08:00', revisions: [hash] }),
    ];
    expect(await verifier.checkRevision({ contentHash: hash, approvals: early })).toMatchObject({ ok: false, code: 'approval-order' });
    const onlyPre = [early[0]!];
    expect(await verifier.checkRevision({ contentHash: hash, approvals: onlyPre })).toMatchObject({ ok: false, code: 'approval-missing' });
  });

  it('a person removed from the roster: approvals before the removal stand, those dated after do not', async () => {
    const { roster, keys } = await cast();
    const hash = await contentHash(item);
    const pre = await keys.pre.approve({ step: 'prereview', person: 'li-si', at: '2026-11-20T09:00:00+08:00', revisions: [hash] });
    const before = await keys.gone.approve({ step: 'signoff', person: 'qian-qi', at: '2026-11-20T15:00:00+08:00', revisions: [hash] });
    const after = await keys.gone.approve({ step: 'signoff', person: 'qian-qi', at: '2026-12-01T15:00:00+08:00', revisions: [hash] });
    const verifier = new ApprovalVerifier(roster);
    expect((await verifier.checkRevision({ contentHash: hash, approvals: [pre, before] })).ok).toBe(true);
    expect(await verifier.checkRevision({ contentHash: hash, approvals: [pre, after] })).toMatchObject({
      ok: false,
      code: 'approval-removed',
    });
  });

  it('an assertion made without the person verified, or for another site, is refused', async () => {
    const { roster } = await cast();
    const hash = await contentHash(item);
    const noUv = await makeSoftPasskey({ ...RP, from: FROM, flags: 0x01 });
    const elsewhere = await makeSoftPasskey({ rpId: 'evil.example', origin: 'https://evil.example', from: FROM });
    const wrongOrigin = await makeSoftPasskey({ rpId: RP.rpId, origin: 'https://evil.example', from: FROM });
    const add = (k: SoftPasskey): Roster => ({
      ...roster,
      people: roster.people.map((p) => (p.id === 'wang-wu' ? { ...p, credentials: [...p.credentials, k.credential] } : p)),
    });
    const at = '2026-12-04T15:00:00+08:00';
    for (const [k, code] of [
      [noUv, 'approval-presence'],
      [elsewhere, 'approval-origin'],
      [wrongOrigin, 'approval-origin'],
    ] as const) {
      const a = await k.approve({ step: 'signoff', person: 'wang-wu', at, revisions: [hash] });
      expect(await new ApprovalVerifier(add(k)).check(a)).toMatchObject({ ok: false, code });
    }
  });

  it('one sign-off covers a whole period of revisions and is checked once', async () => {
    const { roster, keys } = await cast();
    const hashes = await Promise.all(Array.from({ length: 300 }, (_, i) => contentHash({ ...item, id: `notice-${i}` })));
    const pre = await keys.pre.approve({ step: 'prereview', person: 'li-si', at: '2026-12-04T09:00:00+08:00', revisions: hashes });
    const sign = await keys.leader.approve({ step: 'signoff', person: 'wang-wu', at: '2026-12-04T15:00:00+08:00', revisions: hashes });
    const verifier = new ApprovalVerifier(roster);
    let verifies = 0;
    const real = crypto.subtle.verify.bind(crypto.subtle);
    crypto.subtle.verify = ((...a: Parameters<typeof real>) => {
      verifies++;
      return real(...a);
    }) as typeof real;
    try {
      for (const h of hashes) expect((await verifier.checkRevision({ contentHash: h, approvals: [pre, sign] })).ok).toBe(true);
    } finally {
      crypto.subtle.verify = real;
    }
    expect(verifies).toBe(2);
  });
});

describe('the roster', () => {
  async function signedRoster(o: { demo?: boolean; serial?: number; rootKey?: Awaited<ReturnType<typeof importKeyFile>> }) {
    const { roster } = await cast();
    const root = o.rootKey ?? (await importKeyFile(await generateKeyFile('root')));
    const env = await signEnvelope({ ...roster, demo: o.demo ?? false, serial: o.serial ?? 3 }, root.id, root.privateKey);
    return { env, root };
  }

  it('is taken only when signed by the office root key', async () => {
    const { env, root } = await signedRoster({});
    expect((await verifyRoster(env, new KeyRing([root.trusted]), { acceptDemo: false })).ok).toBe(true);
    const serverKey = await importKeyFile(await generateKeyFile('server'));
    const { env: bySever } = await signedRoster({ rootKey: serverKey });
    expect(await verifyRoster(bySever, new KeyRing([root.trusted]), { acceptDemo: false })).toMatchObject({
      ok: false,
      code: 'roster-signature',
    });
    const edited = { ...env, payload: env.payload.replace('王五', '王六') };
    expect((await verifyRoster(edited, new KeyRing([root.trusted]), { acceptDemo: false })).ok).toBe(false);
  });

  it('a demo roster is refused by a production device, and an older roster never replaces a newer one', async () => {
    const { env, root } = await signedRoster({ demo: true });
    const ring = new KeyRing([root.trusted]);
    expect(await verifyRoster(env, ring, { acceptDemo: false })).toMatchObject({ ok: false, code: 'roster-demo' });
    expect((await verifyRoster(env, ring, { acceptDemo: true })).ok).toBe(true);
    expect(await verifyRoster(env, ring, { acceptDemo: true, minSerial: 4 })).toMatchObject({ ok: false, code: 'roster-rollback' });
  });
});

describe('encodings', () => {
  it('canonical JSON sorts keys at every level and drops undefined', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { z: 0, y: undefined }], c: '中' } })).toBe('{"a":{"c":"中","d":[1,{"z":0}]},"b":1}');
  });
  it('DER ECDSA signatures with and without leading zeros become 64 raw bytes', () => {
    const r = new Uint8Array(32).fill(0x80);
    const s = new Uint8Array(32).fill(0x01);
    s[0] = 0;
    const der = Uint8Array.of(0x30, 2 + 33 + 2 + 31, 0x02, 33, 0, ...r, 0x02, 31, ...s.subarray(1));
    const raw = derToRawP256(der) ?? new Uint8Array();
    expect(raw.length).toBe(64);
    expect([...raw.subarray(0, 32)]).toEqual([...r]);
    expect([...raw.subarray(32)]).toEqual([...s]);
    expect(derToRawP256(der.subarray(1))).toBeNull();
  });
});

describe('the demo office', () => {
  it('is made once and reloads with the same people and keys; its roster is refused by production devices', async () => {
    const { mkdtemp } = await import('node:fs/promises');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const { loadOrCreateDemoOffice } = await import('./demo-office.ts');
    const dir = await mkdtemp(join(tmpdir(), 'demo-office-'));
    const rp = { rpId: '127.0.0.1', origins: ['http://127.0.0.1:8080'] };
    const first = await loadOrCreateDemoOffice(join(dir, 'demo-office.json'), rp);
    const again = await loadOrCreateDemoOffice(join(dir, 'demo-office.json'), rp);
    expect([first.created, again.created]).toEqual([true, false]);
    expect(again.office.roster.people.map((p) => p.credentials[0]?.publicKey)).toEqual(
      first.office.roster.people.map((p) => p.credentials[0]?.publicKey),
    );
    const hash = await contentHash(item);
    const at = (h: number) => `2026-12-04T${String(h).padStart(2, '0')}:00:00+08:00`;
    const approvals = [
      await again.office.passkeys
        .get('demo-prereview')!
        .approve({ step: 'prereview', person: 'demo-prereview', at: at(9), revisions: [hash] }),
      await again.office.passkeys.get('demo-leader')!.approve({ step: 'signoff', person: 'demo-leader', at: at(10), revisions: [hash] }),
    ];
    const ring = new KeyRing([again.office.root.trusted]);
    const roster = await verifyRoster(again.office.rosterEnvelope, ring, { acceptDemo: true });
    expect(roster.ok).toBe(true);
    if (roster.ok) expect((await new ApprovalVerifier(roster.roster).checkRevision({ contentHash: hash, approvals })).ok).toBe(true);
    expect(await verifyRoster(again.office.rosterEnvelope, ring, { acceptDemo: false })).toMatchObject({ code: 'roster-demo' });
  });
});
