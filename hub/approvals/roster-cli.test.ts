import { execFile } from 'node:child_process';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { verifyRoster } from '../../src/contract/roster.ts';
import { KeyRing } from '../../src/contract/signing.ts';
import { makeSoftPasskey } from './soft-passkey.ts';

const run = promisify(execFile);
const ROOT = resolve(import.meta.dirname, '../..');
const office = (...args: string[]) =>
  run(process.execPath, ['--import', 'tsx', 'hub/office/cli.ts', 'roster', ...args], { cwd: ROOT }).then(
    (r) => ({ code: 0, out: r.stdout, err: r.stderr }),
    (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, out: e.stdout, err: e.stderr }),
  );

describe('npm run office -- roster', { timeout: 60_000 }, () => {
  it('makes a root key once, signs a roster draft devices accept, and shows who is on it', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'roster-'));
    const made = await office('root-key', '--out', join(dir, 'root.json'));
    expect(made.code).toBe(0);
    expect(made.out).toMatch(/rosterRoots/);
    expect((await office('root-key', '--out', join(dir, 'root.json'))).err).toMatch(/不会被覆盖/);
    const key = await makeSoftPasskey({
      rpId: 'office.example.gov.cn',
      origin: 'https://office.example.gov.cn',
      from: '2026-01-01T00:00:00Z',
    });
    const draft = {
      v: 1,
      kind: 'roster',
      office: '清原满族自治县政务公开办',
      serial: 2,
      issued: '2026-01-01T00:00:00Z',
      rpId: 'office.example.gov.cn',
      origins: ['https://office.example.gov.cn'],
      people: [
        {
          id: 'wang-wu',
          name: '王五',
          from: '2026-01-01T00:00:00Z',
          roles: [{ role: 'signoff', from: '2026-01-01T00:00:00Z' }],
          credentials: [key.credential],
        },
      ],
    };
    await writeFile(join(dir, 'draft.json'), JSON.stringify(draft));
    const signed = await office(
      'sign',
      '--root-key',
      join(dir, 'root.json'),
      '--in',
      join(dir, 'draft.json'),
      '--out',
      join(dir, 'roster.json'),
    );
    expect(signed.code, signed.err).toBe(0);
    expect(signed.out).toMatch(/名册第 2 版\(1 人\)/);
    const root = JSON.parse(await readFile(join(dir, 'root.json'), 'utf8'));
    const env = JSON.parse(await readFile(join(dir, 'roster.json'), 'utf8'));
    const checked = await verifyRoster(env, new KeyRing([{ id: root.id, publicKey: root.publicKey }]), { acceptDemo: false });
    expect(checked.ok).toBe(true);
    const shown = await office('show', '--in', join(dir, 'roster.json'), '--root-public', root.publicKey);
    expect(shown.out).toMatch(/签名有效/);
    expect(shown.out).toMatch(/王五 分管领导/);
  });

  it('a bad draft or a missing key file gets a Chinese answer, no stack trace', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'roster-'));
    await office('root-key', '--out', join(dir, 'root.json'));
    await writeFile(join(dir, 'draft.json'), JSON.stringify({ v: 1, kind: 'roster', office: '县政务公开办', serial: 0, people: [] }));
    const bad = await office('sign', '--root-key', join(dir, 'root.json'), '--in', join(dir, 'draft.json'), '--out', join(dir, 'r.json'));
    expect(bad.code).toBe(1);
    expect(bad.err).toMatch(/名册草稿有误/);
    expect(bad.err).not.toMatch(/at .*\.ts:\d+/);
    const missing = await office(
      'sign',
      '--root-key',
      join(dir, 'nope.json'),
      '--in',
      join(dir, 'draft.json'),
      '--out',
      join(dir, 'r.json'),
    );
    expect(missing.code).toBe(1);
    expect(missing.err).toMatch(/找不到根密钥文件/);
  });
});
