import type { components } from '../../api/schema';

export type ScoreBody = components['schemas']['ScoreDto'];
export type Dimension = 'politicalExecution' | 'organisationalDelivery' | 'fortressRole' | 'responsibility';

/** 四维评价, in the order the committee's form lists them. */
export const dimensions: { key: Dimension; label: string }[] = [
  { key: 'politicalExecution', label: '政治执行力' },
  { key: 'organisationalDelivery', label: '组织落实力' },
  { key: 'fortressRole', label: '堡垒作用力' },
  { key: 'responsibility', label: '责任担当力' },
];

export const maxDimensionScore = 25;

export interface ScoreForm extends Record<Dimension, number> {
  comment: string;
  bonus?: number | null;
  bonusJustification?: string;
}

/** The form as the API takes it: a bonus only when one is given, its justification with it. */
export function scoreBody(form: ScoreForm): ScoreBody {
  const { comment, bonus, bonusJustification, ...scores } = form;
  const withBonus = bonus !== undefined && bonus !== null && bonus > 0;
  return { ...scores, comment: comment.trim(), ...(withBonus ? { bonus, bonusJustification: bonusJustification?.trim() ?? '' } : {}) };
}

/** The four dimensions added up, as the evaluator's own total (the result adds completion, bonus and deductions). */
export const dimensionTotal = (form: Partial<Record<Dimension, number | null>>): number =>
  dimensions.reduce((sum, { key }) => sum + (form[key] ?? 0), 0);
