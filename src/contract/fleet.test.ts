/** Fleet status (issue 14): computed from a device's last beat, its own schedule and the office's opening hours. */
import { describe, expect, test } from 'vitest';
import { heartbeat } from '../../e2e/support/fleet.ts';
import { type DeviceSchedule, deviceHealth, type LastBeat } from './fleet.ts';

const at = (local: string) => new Date(`${local}+08:00`);
const kiosk: DeviceSchedule = { mode: 'kiosk', pollSeconds: 60, quietHours: [] };
const board: DeviceSchedule = { mode: 'board', pollSeconds: 60, quietHours: [{ from: '22:00', to: '07:00', mode: 'off' }] };
const enrolled = '2026-12-01T00:00:00.000Z';
const beatAt = (local: string, over: Parameters<typeof heartbeat>[2] = {}): LastBeat => ({
  receivedAt: at(local).toISOString(),
  beat: heartbeat('board-1', at(local), over),
});

describe('device status', () => {
  test('a device that beat a minute ago, synced and with room to spare, is ok', () => {
    expect(deviceHealth(kiosk, beatAt('2026-12-03T10:00:00'), enrolled, at('2026-12-03T10:01:00'))).toEqual({
      status: 'ok',
      conditions: [],
    });
  });

  test('three minutes without a beat in opening hours is 未上报, and nothing older is claimed of it', () => {
    const last = beatAt('2026-12-03T10:00:00', { storage: { used: 95, quota: 100 } });
    expect(deviceHealth(kiosk, last, enrolled, at('2026-12-03T10:02:59')).status).toBe('storage-low');
    const h = deviceHealth(kiosk, last, enrolled, at('2026-12-03T10:03:30'));
    expect(h.status).toBe('silent');
    expect(h.conditions.map((c) => c.alarm)).toEqual(['device-silent']);
    expect(h.conditions[0]!.message).toContain('4 分钟没有心跳');
  });

  test('a device enrolled and never heard from is silent three minutes later', () => {
    const h = deviceHealth(kiosk, undefined, at('2026-12-03T10:00:00').toISOString(), at('2026-12-03T10:04:00'));
    expect(h.conditions).toEqual([{ alarm: 'device-silent', message: '批准登记后从未上报心跳' }]);
  });

  test('a board asleep by its quiet hours is not dark, and has three minutes after waking to say so', () => {
    const last = beatAt('2026-12-03T21:59:00');
    expect(deviceHealth(board, last, enrolled, at('2026-12-04T03:00:00'))).toEqual({ status: 'quiet', conditions: [], quiet: 'off' });
    expect(deviceHealth(board, last, enrolled, at('2026-12-04T07:02:00')).status).toBe('ok');
    expect(deviceHealth(board, last, enrolled, at('2026-12-04T07:04:00')).status).toBe('silent');
    // A kiosk has no quiet hours: the same silence at night is 未上报.
    expect(deviceHealth(kiosk, last, enrolled, at('2026-12-04T03:00:00')).status).toBe('silent');
  });

  test('the office opening hours: a kiosk switched off at night is not dark, and one silent at 09:00 is', () => {
    const open: DeviceSchedule = { ...kiosk, openingHours: [{ from: '08:30', to: '17:30', days: [1, 2, 3, 4, 5] }] };
    const last = beatAt('2026-12-03T17:35:00');
    expect(deviceHealth(open, last, enrolled, at('2026-12-04T06:00:00')).status).toBe('ok');
    expect(deviceHealth(open, last, enrolled, at('2026-12-04T08:32:00')).status).toBe('ok');
    expect(deviceHealth(open, last, enrolled, at('2026-12-04T08:34:00')).status).toBe('silent');
    // Saturday 2026-12-05: closed all day.
    expect(deviceHealth(open, last, enrolled, at('2026-12-05T10:00:00')).status).toBe('ok');
  });

  test('content not confirmed current for longer than its limit is 内容过期; the limit is three polls when longer', () => {
    const last = beatAt('2026-12-03T10:00:00', {
      feed: { checkedAt: at('2026-12-03T09:20:00').toISOString() },
      sync: { result: 'offline', message: '连不上服务器' },
    });
    const h = deviceHealth(kiosk, last, enrolled, at('2026-12-03T10:01:00'));
    expect(h.status).toBe('stale');
    expect(h.conditions[0]!.message).toContain('40 分钟');
    expect(h.conditions[0]!.message).toContain('连不上服务器');
    expect(deviceHealth({ ...kiosk, pollSeconds: 3600 }, last, enrolled, at('2026-12-03T10:01:00')).status).toBe('ok');
    const never = beatAt('2026-12-03T10:00:00', { feed: { checkedAt: undefined } });
    delete never.beat.feed.checkedAt;
    expect(deviceHealth(kiosk, never, enrolled, at('2026-12-03T10:01:00')).conditions[0]!.message).toContain('从未成功同步');
  });

  test('a device just switched on, its first sync round not finished, is not stale until it has been up past the limit', () => {
    const overnight = { feed: { checkedAt: at('2026-12-02T17:30:00').toISOString() }, sync: { result: 'none' as const } };
    expect(
      deviceHealth(kiosk, beatAt('2026-12-03T08:30:00', { ...overnight, uptimeSeconds: 5 }), enrolled, at('2026-12-03T08:30:10')).status,
    ).toBe('ok');
    expect(
      deviceHealth(kiosk, beatAt('2026-12-03T09:30:00', { ...overnight, uptimeSeconds: 3600 }), enrolled, at('2026-12-03T09:30:10')).status,
    ).toBe('stale');
  });

  test('an outbox whose oldest entry waits half an hour is stuck; a busy outbox that drains is not', () => {
    const stuck = beatAt('2026-12-03T10:00:00', { outbox: { depth: 3, refused: 1, oldestAt: at('2026-12-03T09:25:00').toISOString() } });
    const h = deviceHealth(kiosk, stuck, enrolled, at('2026-12-03T10:01:00'));
    expect(h.status).toBe('outbox-stuck');
    expect(h.conditions[0]!.message).toBe('3 件群众提交未送达,最早一件已等待 35 分钟(其中 1 件被中心拒收)');
    const busy = beatAt('2026-12-03T10:00:00', { outbox: { depth: 8, oldestAt: at('2026-12-03T09:58:00').toISOString() } });
    expect(deviceHealth(kiosk, busy, enrolled, at('2026-12-03T10:01:00')).status).toBe('ok');
  });

  test('storage over 80 % of the quota is low; every condition is listed, the worst decides the status', () => {
    const b = beatAt('2026-12-03T10:00:00', {
      storage: { used: 410, quota: 500 },
      outbox: { depth: 1, oldestAt: at('2026-12-03T08:00:00').toISOString() },
      feed: { checkedAt: at('2026-12-03T08:00:00').toISOString() },
    });
    const h = deviceHealth(kiosk, b, enrolled, at('2026-12-03T10:00:30'));
    expect(h.conditions.map((c) => c.alarm)).toEqual(['feed-stale', 'outbox-stuck', 'storage-low']);
    expect(h.status).toBe('stale');
    expect(
      deviceHealth(kiosk, beatAt('2026-12-03T10:00:00', { storage: { used: 400, quota: 500 } }), enrolled, at('2026-12-03T10:00:30'))
        .status,
    ).toBe('ok');
  });

  test('a board in its quiet hours that still beats is 静默时段, with its storage still watched', () => {
    const h = deviceHealth(
      board,
      beatAt('2026-12-03T23:00:00', { storage: { used: 90, quota: 100 } }),
      enrolled,
      at('2026-12-03T23:00:30'),
    );
    expect(h).toMatchObject({ status: 'storage-low', quiet: 'off' });
    expect(deviceHealth(board, beatAt('2026-12-03T23:00:00'), enrolled, at('2026-12-03T23:00:30')).status).toBe('quiet');
  });
});
