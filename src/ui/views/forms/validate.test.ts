import { expect, test } from 'vitest';
import { emptyComplaint, emptyInquiry, emptyOpinion } from './drafts.ts';
import { complaintContent, identityOf, validateComplaint, validateInquiry, validateOpinion } from './validate.ts';

const good = {
  ...emptyComplaint(),
  category: 'delay',
  department: '县医疗保障局',
  what: '医保报销材料交上去三个月了没有结果',
  named: false,
};

test('an empty complaint says what to fill in, field by field, in plain Chinese', () => {
  expect(validateComplaint(emptyComplaint())).toEqual({
    category: '请选择投诉事项的类别',
    department: '请选择被投诉的单位;不清楚可选"不清楚 / 其他单位"',
    what: '请再多写几句,至少 5 个字',
    named: '请选择实名投诉还是匿名投诉',
  });
  expect(validateComplaint(good)).toEqual({});
});

test('a major matter needs a name and a phone (《政务公开投诉制度》第四条)', () => {
  expect(validateComplaint({ ...good, major: true })).toEqual({ named: '涉及重大事项的投诉须署名,请选"实名投诉"' });
  expect(validateComplaint({ ...good, major: true, named: true })).toEqual({
    name: '请填写您的姓名',
    phone: '请留下联系电话,以便书面答复您',
  });
  expect(validateComplaint({ ...good, major: true, named: true, name: '王秀英', phone: '138-0013-8000' })).toEqual({});
  // Named but not major: the phone is optional, but must be right when given.
  expect(validateComplaint({ ...good, named: true, name: '王秀英' })).toEqual({});
  expect(validateComplaint({ ...good, named: true, name: '王秀英', phone: '1380013800' }).phone).toContain('11 位数字');
});

test('too long is said with the count, so the citizen knows how much to cut', () => {
  expect(validateComplaint({ ...good, what: '长'.repeat(501) }).what).toBe('太长了,请删减到 500 字以内(现在 501 字)');
  expect(validateComplaint({ ...good, where: '地'.repeat(101) }).where).toBe('太长了,请删减到 100 字以内(现在 101 字)');
});

test('an anonymous complaint seals no identity; a named one seals name and normalised phone only', () => {
  expect(identityOf({ ...good, name: '王秀英' })).toBeUndefined();
  expect(identityOf({ ...good, named: true, name: ' 王秀英 ', phone: '138 0013 8000' })).toEqual({ name: '王秀英', phone: '13800138000' });
  expect(complaintContent({ ...good, department: '' })).toMatchObject({ department: '不清楚', named: false, major: false });
});

test('inquiry and hearing opinion', () => {
  expect(validateInquiry(emptyInquiry())).toEqual({ question: '请再多写几句,至少 5 个字' });
  expect(validateInquiry({ ...emptyInquiry(), question: '低保申请需要哪些材料?', wantsReply: true })).toEqual({
    name: '请填写您的姓名',
    phone: '请留下联系电话,以便书面答复您',
  });
  expect(identityOf({ ...emptyInquiry(), question: '问题问题问题', name: '李', phone: '13800138000' })).toBeUndefined();
  expect(validateOpinion({ ...emptyOpinion('h'), opinion: '建议保留三路公交' })).toEqual({});
  expect(validateOpinion({ ...emptyOpinion('h'), opinion: '建议保留三路公交', phone: '123' }).phone).toBeTruthy();
});
