import { Descriptions, Typography } from 'antd';
import { beijingTime } from '../../../shared/time';
import type { ChainVerification } from '../api';
import { brokenKindLabels } from '../model';

const hash = (value: string) => <Typography.Text code style={{ wordBreak: 'break-all' }}>{value}</Typography.Text>;

/** Where a chain stops proving itself, and what the record there says now: nothing after it is proven. */
export function BrokenLink({ chain }: { chain: ChainVerification }) {
  const broken = chain.firstBroken;
  if (!broken) return null;
  const record = chain.brokenRecord;
  return (
    <Descriptions
      size="small"
      bordered
      column={1}
      items={[
        { key: 'where', label: '断裂位置', children: broken.position === 0 ? '整条链' : `第 ${broken.position} 条记录（序号 ${broken.seq}）` },
        { key: 'kind', label: '问题', children: brokenKindLabels[broken.kind] },
        { key: 'expected', label: broken.kind === 'content_changed' ? '按内容应为' : '应接在', children: hash(broken.expected) },
        { key: 'found', label: broken.kind === 'content_changed' ? '存储的哈希' : '实际接在', children: hash(broken.found) },
        ...(record
          ? [
              { key: 'record', label: '该记录内容', children: `${beijingTime(record.at, 'second')} · ${record.actorName ?? '系统'} · ${record.label}（${record.action}）` },
              { key: 'entity', label: '涉及对象', children: [record.entity, record.entityId].filter(Boolean).join(' ') },
              {
                key: 'detail',
                label: '记录详情',
                children: <pre style={{ margin: 0, whiteSpace: 'pre-wrap', wordBreak: 'break-all' }}>{JSON.stringify(record.detail, null, 2)}</pre>,
              },
            ]
          : []),
        { key: 'reason', label: '技术说明', children: broken.reason },
      ]}
    />
  );
}
