import { Radio, Typography } from 'antd';
import type { components } from '../../../api/schema';
import { reviewRatingLabels } from '../../../shared/labels';
import type { Ratings } from '../model';

type Rating = components['schemas']['ReviewRating'];
const ratings = Object.keys(reviewRatingLabels) as Rating[];
const sides: { key: keyof Ratings; label: string }[] = [
  { key: 'partyBuilding', label: '党建评价' },
  { key: 'business', label: '业务评价' },
];

/** 一次查、双向评: the party-building and the business side of a quarter, each rated 好 / 较好 / 一般 / 差. */
export function ReviewRatings({ value, onChange, missing }: { value: Partial<Ratings>; onChange: (next: Partial<Ratings>) => void; missing: boolean }) {
  return (
    <>
      {sides.map(({ key, label }) => (
        <fieldset key={key} style={{ border: 0, padding: 0, margin: '0 0 12px' }}>
          <legend style={{ fontSize: 14, marginBottom: 4 }}>{label}（必填）</legend>
          <Radio.Group
            optionType="button"
            value={value[key]}
            onChange={(e) => onChange({ ...value, [key]: e.target.value as Rating })}
            options={ratings.map((r) => ({ value: r, label: reviewRatingLabels[r] }))}
          />
          {missing && !value[key] && (
            <Typography.Text type="danger" role="alert" style={{ display: 'block' }}>
              请选择{label}
            </Typography.Text>
          )}
        </fieldset>
      ))}
    </>
  );
}
