import type { ReactNode } from 'react';
import { Alert, Card, Descriptions, Skeleton, Table, Tag, Typography } from 'antd';
import { useParams } from 'react-router';
import { messageOf } from '../../../api/errors';
import { currentSession } from '../../../auth/session';
import { beijingTime } from '../../../shared/time';
import { useProject } from '../api';
import { DraftSubmit } from '../components/DraftSubmit';
import { ReviseForm } from '../components/ReviseForm';
import { SubmitterActions } from '../components/SubmitterActions';
import type { Chain } from '../model';

/**
 * One project: what it is and aims at, each approval chain as a timeline (drawn by `chainView`, which the app
 * composes in, as features stay apart), and what its owner may do now: submit a draft, 催办 and 撤回 while it is
 * undecided, revise and resubmit after 退回.
 */
export default function ProjectPage({ chainView }: { chainView: (chain: Chain) => ReactNode }) {
  const { id = '' } = useParams();
  const { data: p, error } = useProject(id);
  const me = currentSession()?.person.id;
  if (error) return <Alert type="error" title={messageOf(error)} showIcon role="alert" />;
  if (!p) return <Skeleton active />;
  const owner = p.ownerId === me;
  return (
    <>
      <Typography.Title level={1} style={{ fontSize: 20 }}>
        {p.title}
      </Typography.Title>
      <Card size="small" title="项目信息" style={{ marginBottom: 16 }}>
        <Descriptions
          column={{ xs: 1, sm: 1, md: 2 }}
          size="small"
          items={[
            { key: 'status', label: '项目状态', children: <Tag>{p.statusLabel}</Tag> },
            { key: 'kind', label: '项目类型', children: p.kindLabel },
            { key: 'year', label: '年度', children: String(p.year) },
            { key: 'unit', label: '所属组织', children: p.orgUnitName ?? '—' },
            ...(p.coOwningUnits.length > 0 ? [{ key: 'co', label: '联建共建单位', children: p.coOwningUnits.map((u) => u.name ?? '—').join('、') }] : []),
            { key: 'owner', label: '负责人', children: p.ownerName ?? '—' },
            { key: 'updated', label: '更新时间', children: beijingTime(p.updatedAt) },
          ]}
        />
        <Typography.Title level={2} style={{ fontSize: 15, marginTop: 12 }}>
          项目目标
        </Typography.Title>
        <Table
          size="small"
          pagination={false}
          rowKey="row"
          dataSource={p.goals.map((g, row) => ({ ...g, row }))}
          columns={[
            { title: '目标', dataIndex: 'title' },
            { title: '目标值', dataIndex: 'target' },
          ]}
        />
        {owner && p.status === 'draft' && <DraftSubmit projectId={p.id} />}
      </Card>
      {owner && (p.status === 'in_approval' || p.status === 'sent_back') && (
        <Card size="small" title="申请人操作" style={{ marginBottom: 16 }}>
          <SubmitterActions project={p} me={me} />
        </Card>
      )}
      {owner && p.status === 'sent_back' && (
        <Card size="small" style={{ marginBottom: 16 }}>
          <ReviseForm project={p} />
        </Card>
      )}
      {p.approvals.map((c) => (
        <Card key={c.ref} size="small" title={`审批流程 · ${c.purposeLabel ?? ''}`} style={{ marginBottom: 16 }}>
          {chainView(c)}
        </Card>
      ))}
    </>
  );
}
