import { isMeasurableTarget } from '../../libs/domain/index.js';

describe(isMeasurableTarget.name, () => {
  it.each(['≥ 40 项', '0 起', '60 家', '每月 ≥ 4 项', '≥95%', '3.5 km', '2026年6月底前完成', '2026-06-30 前完成', '2026/6/30', '12', '不少于 6', '覆盖率 100%'])(
    'accepts %s: a number with its unit, a date or a count',
    (target) => {
      expect(isMeasurableTarget(target)).toBe(true);
    },
  );

  it.each(['尽量做好', '全面提升', '争创一流', '做好做实', 'good', '  ', '第'])('refuses %s: nothing in it can be counted or dated', (target) => {
    expect(isMeasurableTarget(target)).toBe(false);
  });
});
