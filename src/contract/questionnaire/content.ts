/**
 * What a questionnaire submission carries inside (sealed, with the outbox of
 * issue 4): which questionnaire and revision, and the answers. The office
 * checks the answers against that revision's form again after opening.
 */
import * as v from 'valibot';
import { ItemId } from '../feed.ts';

export const QuestionnaireContent = v.object({
  kind: v.literal('questionnaire'),
  questionnaire: v.object({ id: ItemId, rev: v.pipe(v.number(), v.integer(), v.minValue(1)) }),
  answers: v.record(v.pipe(v.string(), v.maxLength(64)), v.unknown()),
});
export type QuestionnaireContent = v.InferOutput<typeof QuestionnaireContent>;
