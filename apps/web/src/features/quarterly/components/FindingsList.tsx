import { List, Tag, Typography } from 'antd';
import type { components } from '../../../api/schema';
import { itemStatusLabels, severityLabels } from '../../../shared/labels';
import { beijingTime } from '../../../shared/time';

type Finding = components['schemas']['FindingResponseDto'];

/** 问题清单 and 整改清单 of a project: each finding, and its items with both owners, due date and state. */
export function FindingsList({ findings }: { findings: Finding[] }) {
  if (findings.length === 0) return <Typography.Text type="secondary">尚未提出问题</Typography.Text>;
  return (
    <List
      size="small"
      dataSource={findings}
      renderItem={(f) => (
        <List.Item key={f.id} style={{ display: 'block' }}>
          <Typography.Text strong>{f.description}</Typography.Text> <Tag>{severityLabels[f.severity]}</Tag>
          <Typography.Text type="secondary">{f.sourceLabel} · {f.raisedByName ?? '—'}</Typography.Text>
          <ol style={{ margin: '4px 0 0', paddingInlineStart: 20 }}>
            {f.items.map((i) => (
              <li key={i.id}>
                {i.measures}（党建：{i.partyOwnerName ?? '—'}；业务：{i.businessOwnerName ?? '—'}；截止 {beijingTime(i.dueAt)}）<Tag>{itemStatusLabels[i.status]}</Tag>
                {i.overdue && <Tag color="error">逾期</Tag>}
              </li>
            ))}
          </ol>
        </List.Item>
      )}
    />
  );
}
