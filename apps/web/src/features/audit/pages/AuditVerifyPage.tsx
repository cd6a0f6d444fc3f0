import { useState } from 'react';
import { Alert, Button, Card, Flex, Radio, Table, Tag, Typography } from 'antd';
import { messageOf } from '../../../api/errors';
import { useVerifyChains, type ChainVerification } from '../api';
import { AuditNav } from '../components/AuditNav';
import { BrokenLink } from '../components/BrokenLink';
import { ProjectPicker } from '../components/ProjectPicker';
import { chainName, chainSummary } from '../model';

/** 哈希链校验: one project's audit chain or every chain in reach, each intact or shown where it first breaks. */
export default function AuditVerifyPage() {
  const [scope, setScope] = useState<'organisation' | 'project'>('organisation');
  const [projectId, setProjectId] = useState<string | null>(null);
  const verify = useVerifyChains();
  const report = verify.data;
  const summary = report ? chainSummary(report.chains) : null;
  const broken = report?.chains.filter((c) => !c.ok) ?? [];

  return (
    <>
      <AuditNav />
      <Flex gap={12} wrap align="center" style={{ marginBottom: 16 }}>
        <Radio.Group
          aria-label="校验范围"
          value={scope}
          onChange={(e) => setScope(e.target.value as typeof scope)}
          options={[
            { value: 'organisation', label: '整个组织' },
            { value: 'project', label: '单个项目' },
          ]}
        />
        {scope === 'project' && <ProjectPicker label="要校验的项目" value={projectId} onChange={setProjectId} />}
        <Button type="primary" loading={verify.isPending} disabled={scope === 'project' && !projectId} onClick={() => verify.mutate(scope === 'project' ? projectId : null)}>
          开始校验
        </Button>
      </Flex>
      {verify.error && <Alert type="error" title={messageOf(verify.error)} showIcon role="alert" />}
      {report && summary && (
        <>
          <Alert
            type={report.ok ? 'success' : 'error'}
            showIcon
            role="status"
            style={{ marginBottom: 12 }}
            title={report.ok ? `全部 ${report.chains.length} 条哈希链完好（${summary.events} 条记录）` : `${report.chains.length} 条哈希链中有 ${summary.broken} 条断裂`}
          />
          {broken.map((chain) => (
            <Card key={chain.chainKey} size="small" title={`断裂：${chainName(chain)}`} style={{ marginBottom: 12 }}>
              <BrokenLink chain={chain} />
            </Card>
          ))}
          <Table<ChainVerification>
            aria-label="哈希链"
            rowKey="chainKey"
            size="small"
            dataSource={report.chains}
            pagination={{ pageSize: 20, hideOnSinglePage: true }}
            scroll={{ x: true }}
            columns={[
              { title: '哈希链', key: 'name', render: (_, c) => chainName(c) },
              { title: '记录数', dataIndex: 'events' },
              { title: '链头哈希', key: 'head', render: (_, c) => (c.head ? <Typography.Text code>{c.head.hash.slice(0, 16)}…</Typography.Text> : '—') },
              { title: '结果', key: 'ok', render: (_, c) => <Tag>{c.ok ? '完好' : `第 ${c.firstBroken?.position ?? 0} 条处断裂`}</Tag> },
            ]}
          />
        </>
      )}
    </>
  );
}
