import { describe, expect, it } from 'vitest';
import type { Item } from '../feed.ts';
import { openQuestionnaires } from './open.ts';

const q = (id: string, opensOn: string, closesOn: string, publishedAt = opensOn) =>
  ({
    id,
    rev: 1,
    kind: 'questionnaire',
    channel: 'public',
    category: 'other-public',
    cadence: 'one-off',
    title: `问卷 ${id}`,
    department: '县政务公开办',
    bodyHtml: '',
    publishedAt,
    attachments: [],
    questionnaire: { opensOn, closesOn },
    form: { pages: [{ elements: [] }] },
  }) as unknown as Item;

describe('openQuestionnaires (for the board)', () => {
  it('lists the questionnaires open today, newest first, with the phone address for the QR code', () => {
    const items = [
      q('eval-2026', '2026-11-16', '2026-12-15'),
      q('early', '2026-12-01', '2026-12-31'),
      q('closed', '2026-10-01', '2026-11-27'),
      q('town', '2026-11-20', '2026-11-28'),
      { ...q('x', '2026-11-01', '2026-12-01'), kind: 'disclosure' } as unknown as Item,
    ];
    expect(openQuestionnaires(items, '2026-11-28', 'https://zwgk.qingyuan.gov.cn')).toEqual([
      {
        id: 'town',
        title: '问卷 town',
        department: '县政务公开办',
        closesOn: '2026-11-28',
        phoneUrl: 'https://zwgk.qingyuan.gov.cn/m/survey/town',
      },
      {
        id: 'eval-2026',
        title: '问卷 eval-2026',
        department: '县政务公开办',
        closesOn: '2026-12-15',
        phoneUrl: 'https://zwgk.qingyuan.gov.cn/m/survey/eval-2026',
      },
    ]);
  });
});
