import type { ComponentType } from 'react';
import { Alert, Card, Descriptions, Empty, Flex, Skeleton, Table, Tag, Typography } from 'antd';
import { Link, useParams } from 'react-router';
import { messageOf } from '../../../api/errors';
import { currentSession } from '../../../auth/session';
import { useProject } from '../api';
import { DraftSubmit } from '../components/DraftSubmit';
import { ProjectDeadlines } from '../components/ProjectDeadlines';
import { ReviseForm } from '../components/ReviseForm';
import { SubmitterActions } from '../components/SubmitterActions';
import type { Chain } from '../model';

/**
 * One project: its header, goals, approval chains (drawn by the timeline app/ hands in, the same as a task's) and
 * deadlines, and the year-end result once there is one; and what its owner may do now: submit a draft, 催办 and 撤回
 * while it is undecided, revise and resubmit after 退回. Pages that name a project link here.
 */
export default function ProjectPage({ ChainView }: { ChainView: ComponentType<{ chain: Chain }> }) {
  const { id = '' } = useParams();
  const { data: p, error } = useProject(id);
  if (error) return <Alert type="error" title={messageOf(error)} showIcon role="alert" />;
  if (!p) return <Skeleton active />;
  const me = currentSession()?.person.id;
  const owner = p.ownerId === me;
  return (
    <>
      <Typography.Title level={1} style={{ fontSize: 20 }}>
        {p.title}
      </Typography.Title>
      <Flex gap={8} wrap style={{ marginBottom: 12 }}>
        <Tag color="blue">{p.kindLabel}</Tag>
        {p.overdueCount > 0 && <Tag color="error">逾期 {p.overdueCount}</Tag>}
      </Flex>
      <Card size="small" style={{ marginBottom: 16 }}>
        <Descriptions
          column={{ xs: 1, sm: 2, md: 3 }}
          size="small"
          items={[
            { key: 'status', label: '项目状态', children: p.statusLabel },
            { key: 'unit', label: '所属组织', children: p.orgUnitName ?? '—' },
            { key: 'owner', label: '负责人', children: p.ownerName ?? '—' },
            { key: 'year', label: '年度', children: `${p.year}年度` },
            ...(p.coOwningUnits.length > 0 ? [{ key: 'co', label: '共建单位', children: p.coOwningUnits.map((u) => u.name ?? u.id).join('、') }] : []),
            ...(p.evaluation
              ? [{ key: 'eval', label: '年终考评', children: p.evaluation.total === null ? '考评中' : `${p.evaluation.total} 分（${p.evaluation.gradeLabel ?? ''}）` }]
              : []),
          ]}
        />
      </Card>
      <Card size="small" title="项目目标" style={{ marginBottom: 16 }}>
        <Table
          size="small"
          pagination={false}
          rowKey="title"
          dataSource={p.goals}
          columns={[
            { key: 'title', title: '目标', dataIndex: 'title' },
            { key: 'target', title: '量化指标', dataIndex: 'target' },
          ]}
        />
      </Card>
      {owner && p.status === 'draft' && (
        <Card size="small" style={{ marginBottom: 16 }}>
          <Link to={`/projects/${p.id}/edit`}>编辑草稿</Link>
          <DraftSubmit projectId={p.id} />
        </Card>
      )}
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
      <Card size="small" title="审批流程" style={{ marginBottom: 16 }}>
        {p.approvals.length === 0 && <Empty description="尚未提交审批" />}
        {p.approvals.map((chain) => (
          <section key={chain.ref} aria-label={chain.purposeLabel ?? '审批'}>
            <Typography.Title level={2} style={{ fontSize: 15 }}>
              审批流程 · {chain.purposeLabel ?? '审批'}
            </Typography.Title>
            <ChainView chain={chain} />
          </section>
        ))}
      </Card>
      <Card size="small" title="截止事项">
        <ProjectDeadlines deadlines={p.deadlines} />
      </Card>
    </>
  );
}
