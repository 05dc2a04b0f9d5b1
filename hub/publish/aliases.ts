/**
 * Values a clerk may write in Chinese or in English in a content file's front
 * matter (docs/content.md): `type: 执行类` means `type: execution`. Every enum
 * of src/contract/feed.ts and catalogue.ts a clerk fills in is here.
 */
import { CATEGORIES } from '../../src/contract/catalogue.ts';

const KIND: Record<string, string> = {
  公开: 'disclosure',
  政务公开: 'disclosure',
  公开事项: 'disclosure',
  告示: 'notice',
  听证: 'hearing',
  听证会: 'hearing',
  问卷: 'questionnaire',
  评议问卷: 'questionnaire',
  答复: 'answer',
  简报: 'bulletin',
  通报: 'bulletin',
  评议结果: 'result',
  结果: 'result',
};
const CHANNEL: Record<string, string> = { 对外: 'public', 对外公开: 'public', 对内: 'internal', 对内公开: 'internal' };
const CADENCE: Record<string, string> = {
  长期: 'long-term',
  长期公开: 'long-term',
  长期性: 'long-term',
  季度: 'quarterly',
  按季: 'quarterly',
  按季公开: 'quarterly',
  经常性: 'quarterly',
  一次性: 'one-off',
  随时: 'one-off',
  随时公开: 'one-off',
  热点: 'hot',
  热点公开: 'hot',
};
const NOTICE_TYPE: Record<string, string> = {
  决策类: 'decision',
  决策: 'decision',
  执行类: 'execution',
  执行: 'execution',
  应急类: 'emergency',
  应急: 'emergency',
};
const CATEGORY: Record<string, string> = Object.fromEntries(CATEGORIES.map((c) => [c.zh, c.id]));

const alias = (table: Record<string, string>, value: unknown): unknown =>
  typeof value === 'string' ? (table[value.trim()] ?? value.trim()) : value;

/** The front matter with Chinese values replaced by the contract's ids; everything else unchanged. */
export function resolveAliases(fm: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {
    ...fm,
    kind: alias(KIND, fm.kind),
    channel: alias(CHANNEL, fm.channel),
    cadence: alias(CADENCE, fm.cadence),
    category: alias(CATEGORY, fm.category),
  };
  for (const k of ['kind', 'channel', 'cadence', 'category']) if (fm[k] === undefined) delete out[k];
  if (fm.notice && typeof fm.notice === 'object' && !Array.isArray(fm.notice)) {
    const n = fm.notice as Record<string, unknown>;
    out.notice = { ...n, ...(n.type !== undefined ? { type: alias(NOTICE_TYPE, n.type) } : {}) };
  }
  return out;
}
