import { expect, test } from 'vitest';
import { type ComplaintDraft, emptyComplaint, emptyInquiry, emptyOpinion } from './drafts.ts';
import { decodeDraft, encodeDraft, HANDOFF_MAX_DIGITS } from './handoff.ts';

const complaint: ComplaintDraft = {
  ...emptyComplaint(),
  category: 'conduct',
  department: '县医疗保障局',
  what: '11月20日上午我到县政务服务中心二楼医保窗口办理异地就医备案,窗口工作人员态度很差,说我材料不全让我回去。😀 "引号" \\ 反斜杠',
  when: '11月20日上午',
  where: '县政务服务中心二楼',
  named: true,
  name: '王秀英',
  phone: '13800138000',
};

test('a draft comes back from its fragment exactly, as digits only', async () => {
  for (const d of [
    complaint,
    emptyComplaint(),
    { ...emptyInquiry(), question: '低保怎么申请?', wantsReply: true },
    { ...emptyOpinion('hearing-bus'), opinion: '建议保留3路' },
  ]) {
    const f = await encodeDraft(d);
    expect(f).toMatch(/^\d+$/);
    expect(await decodeDraft(`#${f}`)).toEqual(d);
  }
});

test('the longest draft the forms allow still fits a scannable QR code', async () => {
  const long = {
    ...complaint,
    what: '窗口工作人员拖着不办'.repeat(50),
    when: '某'.repeat(50),
    where: '县'.repeat(100),
    name: '买买提·艾力'.repeat(3),
  };
  const f = await encodeDraft(long);
  expect(f.length).toBeLessThanOrEqual(HANDOFF_MAX_DIGITS);
  expect(await decodeDraft(f)).toEqual(long);
});

test('a stranger’s or a cut-off code is refused, not half-read', async () => {
  const f = await encodeDraft(complaint);
  for (const bad of ['', '#', '#2123', f.slice(0, -5), `${f}12`, '#1abc', `1${'9'.repeat(17)}`, `1${'0'.repeat(340)}`])
    expect(await decodeDraft(bad)).toBeUndefined();
});
