import { describe, expect, it } from 'vitest';
import { decodeHandoff, encodeHandoff } from './handoff.ts';

describe('handoff in the URL fragment', () => {
  const h = {
    page: 2,
    answers: {
      identity: 'rural',
      channels: ['board', 'other'],
      overall: 2,
      areas: { rural: 3, land: 'unknown' },
      suggestion: '希望公开村集体收支明细',
    },
  };

  it('round-trips the answers and the page, compressed', async () => {
    const enc = await encodeHandoff(h);
    expect(enc).toMatch(/^z[A-Za-z0-9_-]+$/);
    expect(await decodeHandoff(`#a=${enc}`)).toEqual(h);
  });

  it('compression keeps a long Chinese comment small enough for a QR code', async () => {
    const long = { page: 3, answers: { suggestion: '希望进一步公开村集体经济收支和惠农补贴发放明细,'.repeat(20) } };
    const enc = await encodeHandoff(long);
    expect(enc.length).toBeLessThan(900);
    expect(await decodeHandoff(`a=${enc}`)).toEqual(long);
  });

  it('reads the uncompressed form made where CompressionStream is missing', async () => {
    const plain = `j${Buffer.from(JSON.stringify({ v: 1, p: 1, a: { overall: 4 } })).toString('base64url')}`;
    expect(await decodeHandoff(`#a=${plain}`)).toEqual({ page: 1, answers: { overall: 4 } });
  });

  it('anything else is no handoff, never an exception', async () => {
    for (const bad of [
      '',
      '#',
      '#a=',
      '#a=zzzz',
      '#a=j!!',
      '#b=j123',
      `#a=j${Buffer.from('[1,2]').toString('base64url')}`,
      `#a=j${Buffer.from('{"v":2,"a":{}}').toString('base64url')}`,
    ])
      expect(await decodeHandoff(bad)).toBeUndefined();
    const negativePage = `j${Buffer.from(JSON.stringify({ v: 1, p: -3, a: {} })).toString('base64url')}`;
    expect(await decodeHandoff(`#a=${negativePage}`)).toEqual({ page: 0, answers: {} });
  });
});
