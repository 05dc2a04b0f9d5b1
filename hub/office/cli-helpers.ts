/**
 * The office CLI's small decisions, kept out of the script so they can be
 * tested: which submission kind a clerk means (投诉 or complaint), and reading
 * the office's private keys with a plain-Chinese answer when the USB stick is
 * not where the command says.
 */
import { SUBMISSION_KINDS, type SubmissionKind } from '../../src/contract/submission.ts';
import { type OfficeKeyFile, readOfficeKeys } from '../intake/keys.ts';

export const KIND_ZH: Readonly<Record<SubmissionKind, string>> = {
  complaint: '投诉',
  inquiry: '咨询',
  'hearing-opinion': '听证意见',
  questionnaire: '问卷',
  'notice-opinion': '告示意见',
};

/** A kind as a clerk writes it, Chinese or English; undefined when it is neither. */
export function parseKind(s: string): SubmissionKind | undefined {
  const t = s.trim();
  return SUBMISSION_KINDS.find((k) => k === t || KIND_ZH[k] === t);
}

/** The sentence a clerk sees for an unknown --kind. */
export function kindProblem(s: string): string {
  return `--kind「${s}」不是受理件类别。可用:${SUBMISSION_KINDS.map((k) => `${KIND_ZH[k]}(${k})`).join('、')}`;
}

/** The office's private keys from `dir`, or a plain-Chinese error saying what is wrong. */
export async function readOfficeKeysOrExplain(dir: string): Promise<OfficeKeyFile[]> {
  let keys: OfficeKeyFile[];
  try {
    keys = await readOfficeKeys(dir);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new Error(`找不到密钥目录 ${dir}。请插好存放本办私钥的 U 盘,并确认路径(如 /media/usb/office-keys)。`);
    if (code === 'ENOTDIR') throw new Error(`${dir} 不是目录:--keys 应指向存放本办私钥的目录,而不是其中的某个文件。`);
    if (code === 'EACCES') throw new Error(`没有权限读取密钥目录 ${dir}。`);
    throw new Error(`密钥目录 ${dir} 中有无法读取的文件:${(e as Error).message}`);
  }
  if (keys.length === 0) throw new Error(`密钥目录 ${dir} 里没有本办的私钥(应有 keygen 生成的 .json 文件)。`);
  return keys;
}
