import { Descriptions, Tag, Typography } from 'antd';
import type { components } from '../../../api/schema';
import { itemStatusLabels, severityLabels } from '../../../shared/labels';
import { beijingTime } from '../../../shared/time';
import { fileSize } from '../model';

type Item = components['schemas']['RectificationDetailResponseDto'];

/** 整改事项: the finding it answers, both owners (一岗双责), due date and state, and every submission of evidence with each file's SHA-256. */
export function ItemCard({ item }: { item: Item }) {
  return (
    <>
      <Descriptions
        size="small"
        column={{ xs: 1, sm: 1, md: 2 }}
        items={[
          { key: 'finding', label: '问题', children: <>{item.description} <Tag>{severityLabels[item.severity]}</Tag></> },
          { key: 'measures', label: '整改措施', children: item.measures },
          { key: 'party', label: '党建责任人', children: item.partyOwnerName ?? '—' },
          { key: 'business', label: '业务责任人', children: item.businessOwnerName ?? '—' },
          { key: 'due', label: '整改期限', children: <>{beijingTime(item.dueAt)}{item.overdue && <Tag color="error" style={{ marginLeft: 8 }}>逾期</Tag>}</> },
          { key: 'status', label: '整改状态', children: `${itemStatusLabels[item.status]}${item.round > 1 ? `（第${item.round}轮）` : ''}` },
        ]}
      />
      {item.evidence.map((e) => (
        <section key={e.id} aria-label={`第${e.round}轮佐证`} style={{ marginTop: 12 }}>
          <Typography.Text strong>
            第{e.round}轮佐证 · {e.submittedByName ?? '—'} · {beijingTime(e.submittedAt)}
          </Typography.Text>
          <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', margin: '4px 0' }}>{e.text}</Typography.Paragraph>
          {e.files.length > 0 && (
            <ul aria-label="佐证文件" style={{ margin: 0, paddingInlineStart: 20 }}>
              {e.files.map((f) => (
                <li key={f.id} style={{ overflowWrap: 'anywhere' }}>
                  {f.name}（{fileSize(f.size)}）
                  <br />
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    SHA-256：<code>{f.sha256}</code>
                  </Typography.Text>
                </li>
              ))}
            </ul>
          )}
        </section>
      ))}
    </>
  );
}
