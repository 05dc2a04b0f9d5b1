/**
 * The demo 政务公开评议 questionnaire in a content folder of the test's own,
 * published with the real publisher, and a citizen's way through it.
 */
import { mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, type Page } from '@playwright/test';
import { publish } from '../../hub/publish/index.ts';
import type { TestFeed } from './feed.ts';
import { today } from './feed.ts';
import { ROOT } from './hub.ts';

export const QUESTIONNAIRE_ID = 'zwgk-evaluation-2026';
const DEMO = join(ROOT, 'content/questionnaires');

export const AREAS = [
  '贯彻落实国家农村工作政策',
  '财政收支、各类专项资金管理使用',
  '土地利用总体规划、宅基地使用审核',
  '征收征用土地、房屋拆迁及补偿补助发放',
  '债权债务、筹资筹劳',
  '抢险救灾、优抚、救济、社会捐助款物发放',
  '集体企业等经济实体承包、租赁、拍卖',
  '教育、卫生、市场监督',
  '上级要求公开的其他政务',
] as const;

/** A content folder with the demo questionnaire, open from yesterday for two weeks (whatever day the test runs). */
export async function questionnaireContent(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'zwgk-content-'));
  await mkdir(join(dir, 'questionnaires'));
  const md = (await readFile(join(DEMO, `${QUESTIONNAIRE_ID}.md`), 'utf8'))
    .replace(/published: .*/, `published: ${today(-1)}`)
    .replace(/opensOn: .*/, `opensOn: ${today(-1)}`)
    .replace(/closesOn: .*/, `closesOn: ${today(14)}`)
    .replace(/(preReview:\n\s+by: .*\n\s+at: ).*/, `$1${today(-3)}T15:00:00+08:00`)
    .replace(/(signOff:\n\s+by: .*\n\s+at: ).*/, `$1${today(-2)}T10:00:00+08:00`);
  await writeFile(join(dir, `questionnaires/${QUESTIONNAIRE_ID}.md`), md);
  await writeFile(join(dir, `questionnaires/${QUESTIONNAIRE_ID}.form.json`), await readFile(join(DEMO, `${QUESTIONNAIRE_ID}.form.json`)));
  return dir;
}

/** `npm run publish` for a content folder into the test's feed, with the test's key. */
/** Publishes content/ as `npm run publish` does; answers the drafts it skipped (files without an approval yet). */
export async function publishContent(contentDir: string, feed: TestFeed): Promise<{ drafts: string[] }> {
  const r = await publish({ contentDir, feedDir: feed.dir, key: feed.key });
  if (!r.ok) throw new Error(JSON.stringify(r.problems, null, 2));
  return { drafts: r.drafts.map((d) => `${d.file}: ${d.problems.join(';')}`) };
}

export interface DemoAnswers {
  identity: string;
  channels: string[];
  otherChannel?: string;
  overall: number;
  /** One column for every area, or one per area in AREAS order. */
  areas: string | string[];
  problems?: string[];
  detail?: string;
  suggestion?: string;
}

const next = (page: Page) => page.getByRole('button', { name: /下一页/ }).click();

/** Pages 1 and 2 (about you, channels and overall rating). */
export async function answerFirstPages(page: Page, a: DemoAnswers): Promise<void> {
  await expect(page.getByText('第 1 页,共 4 页')).toBeVisible();
  await page.getByRole('radio', { name: a.identity }).check();
  await next(page);
  await expect(page.getByText('第 2 页,共 4 页')).toBeVisible();
  for (const c of a.channels) await page.getByRole('checkbox', { name: c }).check();
  if (a.otherChannel) await page.getByRole('textbox', { name: '请写明其他渠道' }).fill(a.otherChannel);
  await page.getByRole('radio', { name: `${a.overall} 分` }).check();
}

/** From page 3 (the nine areas) to the end; submits. */
export async function answerLastPages(page: Page, a: DemoAnswers): Promise<void> {
  await next(page);
  await expect(page.getByText('第 3 页,共 4 页')).toBeVisible();
  for (const [i, area] of AREAS.entries())
    await page
      .getByRole('radiogroup', { name: area })
      .getByRole('radio', { name: typeof a.areas === 'string' ? a.areas : a.areas[i]!, exact: true })
      .check();
  await next(page);
  await expect(page.getByText('第 4 页,共 4 页')).toBeVisible();
  for (const p of a.problems ?? []) await page.getByRole('checkbox', { name: p }).check();
  if (a.detail) await page.getByRole('textbox', { name: '请具体说明存在的问题' }).fill(a.detail);
  if (a.suggestion) await page.getByRole('textbox', { name: /您希望进一步公开哪些内容/ }).fill(a.suggestion);
  await page.getByRole('button', { name: '提交' }).click();
}

export async function answerDemo(page: Page, a: DemoAnswers): Promise<void> {
  await page.getByRole('button', { name: '开始填写' }).click();
  await answerFirstPages(page, a);
  await answerLastPages(page, a);
  await expect(page.getByText('提交成功,感谢您参与评议!')).toBeVisible();
}
