import { useState } from 'react';
import { Alert, Button, Empty, Flex, Skeleton, Table, Typography } from 'antd';
import { useSearchParams } from 'react-router';
import { messageOf } from '../../../api/errors';
import { downloadDossier, downloadHistories, useTimeline, type Mismatch } from '../api';
import { AuditNav } from '../components/AuditNav';
import { ProjectPicker } from '../components/ProjectPicker';
import { TimelineEntries } from '../components/TimelineEntries';
import { crossCheckSummary, fileNameOf } from '../model';

/**
 * 项目时间线: every step of a project read from its workflow histories, who (with the roles held then), what and when,
 * with the cross-check against the audit log and the records; the printable dossier and the history export.
 */
export default function AuditTimelinePage() {
  const [params, setParams] = useSearchParams();
  const projectId = params.get('project');
  const timeline = useTimeline(projectId);
  const [downloadError, setDownloadError] = useState<unknown>(null);
  const data = timeline.data;
  const download = (run: () => Promise<void>) => {
    setDownloadError(null);
    run().catch(setDownloadError);
  };

  return (
    <>
      <AuditNav />
      <Flex gap={12} wrap align="center" style={{ marginBottom: 16 }}>
        <ProjectPicker label="查看时间线的项目" value={projectId} onChange={(id) => setParams(id ? { project: id } : {}, { replace: true })} />
        {data && (
          <>
            <Button onClick={() => download(() => downloadDossier(data.projectId, fileNameOf(data.title, '审计档案.html')))}>下载审计档案（可打印）</Button>
            <Button onClick={() => download(() => downloadHistories(data.projectId, fileNameOf(data.title, '流程历史.json')))}>导出流程历史</Button>
          </>
        )}
      </Flex>
      {downloadError !== null && <Alert type="error" title={messageOf(downloadError)} showIcon role="alert" />}
      {timeline.error && <Alert type="error" title={messageOf(timeline.error)} showIcon role="alert" />}
      {!projectId && <Empty description="选择一个项目，查看它的时间线" />}
      {projectId && timeline.isPending && <Skeleton active />}
      {data && (
        <>
          <Typography.Title level={2} style={{ fontSize: 16 }}>
            {data.title}（{data.year}年度）
          </Typography.Title>
          <Typography.Paragraph type="secondary">时间为北京时间{data.policyVersion ? `；政策版本 ${data.policyVersion}` : ''}</Typography.Paragraph>
          <Alert type={data.consistent ? 'success' : 'error'} showIcon role="status" title={crossCheckSummary(data)} style={{ marginBottom: 12 }} />
          {data.mismatches.length > 0 && (
            <Table<Mismatch>
              aria-label="不一致之处"
              rowKey={(m) => `${m.kind}-${m.workflowId ?? ''}-${m.key ?? ''}`}
              size="small"
              dataSource={data.mismatches}
              pagination={false}
              scroll={{ x: true }}
              style={{ marginBottom: 16 }}
              columns={[
                { title: '不一致', dataIndex: 'label' },
                { title: '步骤', key: 'where', render: (_, m) => [m.workflowId, m.key].filter(Boolean).join(' / ') || '—' },
                { title: '流程历史记载', dataIndex: 'history', render: (v: string | null) => v ?? '（无）' },
                { title: '业务记录记载', dataIndex: 'records', render: (v: string | null) => v ?? '（无）' },
              ]}
            />
          )}
          <TimelineEntries entries={data.entries} />
        </>
      )}
    </>
  );
}
