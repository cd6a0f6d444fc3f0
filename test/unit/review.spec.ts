import { checkReviewRatings, type Decision, type ReviewRatings } from '../../libs/domain/index.js';
import { refusalCodeOf } from '../support/refusal-code.js';

describe('一次查、双向评: ratings on a quarterly review', () => {
  const both: ReviewRatings = { partyBuilding: 'good', business: 'average' };

  it.each<[string, boolean, Decision, unknown, string]>([
    ['accepting with both sides rated', true, 'approve', both, 'accepted'],
    ['accepting without ratings', true, 'approve', undefined, 'INVALID_INPUT'],
    ['accepting with one side missing', true, 'approve', { partyBuilding: 'good' }, 'INVALID_INPUT'],
    ['a rating outside 好/较好/一般/差', true, 'approve', { partyBuilding: 'excellent', business: 'good' }, 'INVALID_INPUT'],
    ['sending back without ratings', true, 'send_back', undefined, 'accepted'],
    ['sending back with ratings', true, 'send_back', both, 'accepted'],
    ['ratings on a step that takes none', false, 'approve', both, 'INVALID_INPUT'],
    ['an unrated step without ratings', false, 'approve', undefined, 'accepted'],
  ])('%s', (_, rated, decision, ratings, expected) => {
    expect(refusalCodeOf(() => checkReviewRatings(rated, decision, ratings as ReviewRatings | undefined))).toBe(expected);
  });
});
