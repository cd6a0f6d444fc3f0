import { useState } from 'react';
import { Alert, Flex, Select, Skeleton, Typography } from 'antd';
import { messageOf } from '../../../api/errors';
import { beijingToday } from '../../../shared/time';
import { usePolicy } from '../api';
import { DuePreview } from '../components/DuePreview';
import { PolicyForm } from '../components/PolicyForm';

/** 年度规则 (admin): a year's policy as a form, its due dates previewed beside it as saved. */
export default function PoliciesPage() {
  const thisYear = Number(beijingToday().slice(0, 4));
  const [year, setYear] = useState(thisYear);
  const policy = usePolicy(year);
  return (
    <>
      <Flex gap={12} align="center" wrap style={{ marginBottom: 12 }}>
        <Typography.Title level={1} style={{ fontSize: 20, margin: 0 }}>
          年度规则
        </Typography.Title>
        <Select
          aria-label="年度"
          value={year}
          onChange={setYear}
          options={[thisYear - 1, thisYear, thisYear + 1].map((y) => ({ value: y, label: `${y}年度` }))}
          style={{ width: 120 }}
        />
      </Flex>
      {policy.error && <Alert type="error" showIcon role="alert" title={messageOf(policy.error)} />}
      {policy.isPending && <Skeleton active />}
      <DuePreview year={year} />
      {/* Keyed by year and version: another year, or the saved document, starts the form afresh. */}
      {policy.data && <PolicyForm key={`${policy.data.year}-${policy.data.version}`} policy={policy.data} />}
    </>
  );
}
