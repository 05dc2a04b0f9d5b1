/** The office CLI's answers to a clerk: Chinese kinds, a missing key folder explained (issue 16). */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { writeOfficeKeys } from '../intake/keys.ts';
import { loadKey, MissingKeyError } from '../keys.ts';
import { kindProblem, parseKind, readOfficeKeysOrExplain } from './cli-helpers.ts';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'zwgk-cli-'));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

describe('office CLI helpers', () => {
  test('--kind takes the Chinese name a clerk writes as well as the English id', () => {
    expect(parseKind('投诉')).toBe('complaint');
    expect(parseKind('咨询')).toBe('inquiry');
    expect(parseKind('听证意见')).toBe('hearing-opinion');
    expect(parseKind('complaint')).toBe('complaint');
    expect(parseKind('表扬')).toBeUndefined();
    expect(kindProblem('表扬')).toContain('投诉(complaint)');
  });

  test('a missing key folder is a plain-Chinese error, not a stack trace', async () => {
    const missing = join(dir, 'media/usb/office-keys');
    await expect(readOfficeKeysOrExplain(missing)).rejects.toThrow(/找不到密钥目录 .*office-keys。请插好/);
    const file = join(dir, 'a-file');
    await writeFile(file, 'x');
    await expect(readOfficeKeysOrExplain(file)).rejects.toThrow(/不是目录/);
    await expect(readOfficeKeysOrExplain(dir)).rejects.toThrow(/没有本办的私钥/);
    await writeOfficeKeys(join(dir, 'keys'));
    expect((await readOfficeKeysOrExplain(join(dir, 'keys'))).length).toBe(2);
  });

  test('a missing signing key is an error: no key is created implicitly', async () => {
    const path = join(dir, 'usb/signing.json');
    const err = await loadKey(path).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(MissingKeyError);
    expect((err as Error).message).toContain('不会自动新建密钥');
    await expect(readOfficeKeysOrExplain(join(dir, 'usb'))).rejects.toThrow(/找不到/);
  });
});
