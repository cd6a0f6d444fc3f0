import type { Decision } from './chain.js';
import { DomainError } from './errors.js';

/** 一次查、双向评: one check of a quarterly report rates both its party-building side and its business side. */
export const reviewRatings = ['good', 'fair', 'average', 'poor'] as const;
export type ReviewRating = (typeof reviewRatings)[number];
export const reviewRatingLabels: Record<ReviewRating, string> = { good: '好', fair: '较好', average: '一般', poor: '差' };

export interface ReviewRatings {
  partyBuilding: ReviewRating;
  business: ReviewRating;
}

/**
 * A rated step (a quarterly report's review) is accepted only with both ratings; a send-back may carry them too.
 * Any other step takes none, so a rating never lands where nobody reads it.
 */
export function checkReviewRatings(rated: boolean, decision: Decision, ratings: ReviewRatings | undefined): void {
  if (ratings === undefined) {
    if (rated && decision === 'approve') throw new DomainError('INVALID_INPUT', '一次查、双向评: accepting a report rates both its party-building and its business side (ratings.partyBuilding, ratings.business)');
    return;
  }
  if (!rated) throw new DomainError('INVALID_INPUT', 'this step takes no ratings');
  for (const side of ['partyBuilding', 'business'] as const) {
    if (!reviewRatings.includes(ratings[side])) throw new DomainError('INVALID_INPUT', `ratings.${side} must be one of ${reviewRatings.join(', ')}`);
  }
}
