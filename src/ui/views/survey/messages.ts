/**
 * The questionnaire screens' words. They load with those screens, not with the
 * first screen (size budget), and follow the app's locale like every `t()`.
 */

import type { Problem } from '../../../contract/questionnaire/answers.ts';
import { getLocale } from '../../i18n/index.ts';

const zh = {
  start: '开始填写',
  period: '填写时间:{from} 至 {to}',
  subject: '评议对象:{subject}',
  pagesAndTime: '共 {pages} 页,约需 {minutes} 分钟',
  anonymous: '本问卷不记名,不收集姓名、电话等个人信息。您的答案只在填写时暂存,提交或离开后本机不留存。',
  scanToAnswer: '用手机扫码填写',
  progress: '第 {page} 页,共 {pages} 页',
  prev: '上一页',
  next: '下一页',
  submit: '提交',
  sending: '正在提交…',
  required: '必答',
  optional: '选答',
  fixBelow: '还有 {n} 道题需要填写或修改,请看红色提示。',
  continueOnPhone: '在手机上继续',
  handoffTitle: '请用手机扫描二维码继续填写',
  handoffHint: '您已填写的内容在二维码里,只有扫码的手机能看到。本机已清除您填写的内容。',
  handoffTooLong: '填写的文字较多,无法放进二维码。请在本机提交,或删减文字后再试。',
  handoffQr: '扫码在手机上继续填写',
  done: '完成',
  thanks: '提交成功,感谢您参与评议!',
  queued: '答卷已加密保存在本机,网络畅通后自动送达县政务公开办。',
  delivered: '答卷已送达县政务公开办。',
  thanksHint: '评议结果将在政务公开栏和触摸屏上公布(《政务公开评议制度》第六条)。',
  backHome: '返回首页',
  alreadyKiosk: '您在本次使用中已提交过这份问卷,感谢参与。',
  alreadyPhone: '本机已提交过这份问卷,每台手机限填一次。感谢参与。',
  notOpen: '这份问卷的填写时间是 {from} 至 {to},现在不能填写。',
  notFound: '没有找到这份问卷,可能已截止或撤回。',
  broken: '这份问卷的题目设置有误,暂时不能填写。请联系工作人员。',
  unavailable: '本机暂时不能接收答卷。您的答案还在,请稍后再点“提交”,或用手机扫码填写。',
  storageFull: '本机存储空间已满,答卷未能保存,也未送出。您的答案还在,请告诉工作人员,或用手机扫码填写。',
  invalidAnswers: '有的答案不符合要求,请返回检查。',
  chars: '已写 {n} / {max} 字',
  pickUpTo: '最多选 {max} 项',
  points: '{n} 分',
  phoneLoading: '正在获取问卷…',
  phoneOffline: '网络不通,无法获取问卷。',
  phoneVerifyFailed: '这份问卷未能通过签名校验,不予显示。',
  resumed: '已接续您在触摸屏上填写的内容。',
  handoffUnreadable: '未能读取从触摸屏转来的内容,请重新填写。',
  // Validation: what is wrong, and what to do, in plain words.
  e_required: '请回答这道题。',
  e_allRows: '还有 {missing} 行没有选择,请每行选一项。',
  e_notChoice: '请从给出的选项中选择。',
  e_notNumber: '请填写数字。',
  e_tooLong: '最多 {max} 个字,现在是 {actual} 个字,请删减。',
  e_tooShort: '请至少写 {min} 个字,现在是 {actual} 个字。',
  e_tooFew: '请至少选择 {min} 项。',
  e_tooMany: '最多只能选 {max} 项,请取消多选的。',
  e_range: '请填写 {min} 到 {max} 之间的数。',
  e_rangeMin: '请填写不小于 {min} 的数。',
  e_rangeMax: '请填写不大于 {max} 的数。',
  // Results
  resultHeading: '评议结果',
  resultInterim: '阶段性结果:统计至 {date},评议尚未结束,最终结果以评议结束后公布的为准。',
  resultPeriod: '评议期:{from} 至 {to}',
  resultN: '共收回有效问卷 {n} 份',
  unitsHeading: '各单位问卷评议结果',
  unitName: '被评议单位',
  unitN: '评议份数',
  unitMean: '平均分',
  repHeading: '代表评议结果',
  repPanel: '评议小组:{panel};评议日期:{date}',
  repGrade: '评议等次',
  repNote: '主要意见',
  answeredBy: '{n} 人作答',
  people: '{n} 人',
  mean: '平均 {mean} 分(满分 {max} 分)',
  meanShort: '均分 {mean}',
  multipleNote: '可多选,比例按本题作答人数计算',
  textCount: '{n} 人填写了意见,由政务公开办汇总办理,不逐条公布(《政务公开评议制度》第七条)。',
  noAnswers: '无人作答',
  resultBroken: '这份评议结果的数据有误,暂不显示。请联系工作人员。',
  matrixMeanNote: '均分按 {scores} 计算。',
  matrixUnscored: '选“{unscored}”的不计入均分。',
} as const;

export type SurveyMessageKey = keyof typeof zh;

const en: Record<SurveyMessageKey, string> = {
  start: 'Start',
  period: 'Open from {from} to {to}',
  subject: 'Evaluating: {subject}',
  pagesAndTime: '{pages} pages, about {minutes} minutes',
  anonymous:
    'Anonymous: no name or phone number is asked. Your answers are held only while you fill in the form; this device keeps nothing once you submit or leave.',
  scanToAnswer: 'Scan to answer on your phone',
  progress: 'Page {page} of {pages}',
  prev: 'Previous',
  next: 'Next',
  submit: 'Submit',
  sending: 'Submitting…',
  required: 'Required',
  optional: 'Optional',
  fixBelow: '{n} questions still need an answer or a change; see the red notes.',
  continueOnPhone: 'Continue on my phone',
  handoffTitle: 'Scan the code to continue on your phone',
  handoffHint: 'Your answers so far are inside the code; only the phone that scans it sees them. This screen has forgotten them.',
  handoffTooLong: 'Too much text to fit in a QR code. Please submit here, or shorten your text and try again.',
  handoffQr: 'Scan to continue on your phone',
  done: 'Done',
  thanks: 'Submitted. Thank you for taking part!',
  queued: 'Your answers are saved on this device, sealed, and will be delivered to the open-affairs office once the network is back.',
  delivered: 'Your answers have reached the open-affairs office.',
  thanksHint: 'The results will be published on the boards and kiosks.',
  backHome: 'Back to home',
  alreadyKiosk: 'You have already submitted this questionnaire in this session. Thank you.',
  alreadyPhone: 'This phone has already submitted this questionnaire (one per phone). Thank you.',
  notOpen: 'This questionnaire is open from {from} to {to}; it cannot be answered now.',
  notFound: 'Questionnaire not found; it may have closed or been withdrawn.',
  broken: 'This questionnaire is set up wrongly and cannot be answered. Please ask the staff.',
  unavailable:
    'This device cannot take answers right now. Your answers are still here: press Submit again later, or scan the code to answer on your phone.',
  storageFull:
    'This device is out of storage: your answers were neither saved nor sent. They are still here; please tell the staff, or scan the code to answer on your phone.',
  invalidAnswers: 'Some answers are not valid; please go back and check.',
  chars: '{n} / {max} characters',
  pickUpTo: 'Pick up to {max}',
  points: '{n}',
  phoneLoading: 'Loading the questionnaire…',
  phoneOffline: 'No network: the questionnaire could not be loaded.',
  phoneVerifyFailed: 'This questionnaire failed its signature check and is not shown.',
  resumed: 'Continuing what you filled in at the kiosk.',
  handoffUnreadable: 'What came from the kiosk could not be read; please fill it in again.',
  e_required: 'Please answer this question.',
  e_allRows: '{missing} rows have no answer; please pick one in each row.',
  e_notChoice: 'Please pick one of the options.',
  e_notNumber: 'Please enter a number.',
  e_tooLong: 'At most {max} characters; you have {actual}. Please shorten it.',
  e_tooShort: 'Please write at least {min} characters; you have {actual}.',
  e_tooFew: 'Please pick at least {min}.',
  e_tooMany: 'Pick at most {max}; please untick some.',
  e_range: 'Please enter a number from {min} to {max}.',
  e_rangeMin: 'Please enter a number of at least {min}.',
  e_rangeMax: 'Please enter a number of at most {max}.',
  resultHeading: 'Evaluation results',
  resultInterim: 'Interim results, counted up to {date}; the evaluation is still open and the final results will follow.',
  resultPeriod: 'Evaluation period: {from} to {to}',
  resultN: '{n} valid questionnaires',
  unitsHeading: 'Results by unit (questionnaire)',
  unitName: 'Unit evaluated',
  unitN: 'Questionnaires',
  unitMean: 'Mean score',
  repHeading: 'Evaluation by representatives',
  repPanel: 'Panel: {panel}; held on {date}',
  repGrade: 'Grade',
  repNote: 'Main comments',
  answeredBy: '{n} answered',
  people: '{n}',
  mean: 'Mean {mean} of {max}',
  meanShort: 'Mean {mean}',
  multipleNote: 'Several answers allowed; shares are of those who answered this question',
  textCount: '{n} people wrote comments; the office handles them and does not publish them one by one.',
  noAnswers: 'No answers',
  resultBroken: 'The figures of this result are inconsistent and are not shown. Please ask the staff.',
  matrixMeanNote: 'Means count {scores}.',
  matrixUnscored: '“{unscored}” is not counted in the mean.',
};

export function st(key: SurveyMessageKey, params?: Record<string, string | number>): string {
  const text = getLocale() === 'en' ? en[key] : zh[key];
  return params ? text.replace(/\{(\w+)\}/g, (_, k: string) => String(params[k] ?? '')) : text;
}

/** The citizen's message for a problem: the form's own words where it has them. */
export function problemText(p: Problem): string {
  if ('text' in p && p.text) return p.text;
  switch (p.code) {
    case 'required':
      return st('e_required');
    case 'allRows':
      return st('e_allRows', { missing: p.missing });
    case 'notChoice':
      return st('e_notChoice');
    case 'notNumber':
      return st('e_notNumber');
    case 'tooLong':
      return st('e_tooLong', { max: p.max, actual: p.actual });
    case 'tooShort':
      return st('e_tooShort', { min: p.min, actual: p.actual });
    case 'tooFew':
      return st('e_tooFew', { min: p.min });
    case 'tooMany':
      return st('e_tooMany', { max: p.max });
    case 'range':
      if (p.min !== undefined && p.max !== undefined) return st('e_range', { min: p.min, max: p.max });
      return p.min !== undefined ? st('e_rangeMin', { min: p.min }) : st('e_rangeMax', { max: p.max ?? '' });
    case 'custom':
      return p.text;
  }
}
