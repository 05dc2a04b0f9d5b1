import { describe, expect, it } from 'vitest';
import { AuditLog } from './audit.ts';
import { openDb } from './db.ts';

describe('audit log', () => {
  it('keeps every action in order and cannot be rewritten', () => {
    const db = openDb(':memory:', []);
    const log = new AuditLog(db, () => new Date('2026-12-05T02:00:00Z'));
    log.append({ actor: 'p-1', action: 'draft.submit', subject: 'draft:1', from: '草稿', to: '待预审' });
    log.append({
      actor: 'p-2',
      action: 'draft.return',
      subject: 'draft:1',
      from: '待预审',
      to: '退回修改',
      detail: { reason: '缺少监督电话' },
    });
    log.append({ actor: 'cli', action: 'device.approve', subject: 'device:k-1' });
    const history = log.list({ subject: 'draft:1' });
    expect(history.map((h) => h.to)).toEqual(['退回修改', '待预审']);
    expect(history[0]?.detail).toEqual({ reason: '缺少监督电话' });
    expect(() => db.prepare("UPDATE audit_log SET actor = 'x'").run()).toThrow(/append-only/);
    expect(() => db.prepare('DELETE FROM audit_log').run()).toThrow(/append-only/);
    expect(log.list()).toHaveLength(3);
    db.close();
  });
});
