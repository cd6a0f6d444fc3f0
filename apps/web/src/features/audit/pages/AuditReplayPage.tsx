import { useState } from 'react';
import { UploadOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Descriptions, Flex, Radio, Tag, Typography, Upload } from 'antd';
import { messageOf } from '../../../api/errors';
import { useAccess } from '../../../auth/access';
import { useReplay, type ReplayVerdict } from '../api';
import { AuditNav } from '../components/AuditNav';
import { ProjectPicker } from '../components/ProjectPicker';
import { replaySummary } from '../model';

/** Where a history and today's code part ways, as a person reads it. */
function Divergence({ verdict }: { verdict: ReplayVerdict }) {
  const d = verdict.divergence;
  if (!d) return null;
  return (
    <Descriptions
      size="small"
      bordered
      column={1}
      items={[
        { key: 'event', label: '出现分歧的事件', children: d.eventId === null ? '（不是有效的流程历史）' : `第 ${d.eventId} 号事件 ${d.eventType ?? ''}` },
        { key: 'expected', label: '历史记录的是', children: <Typography.Text code>{d.expected}</Typography.Text> },
        { key: 'found', label: '当前代码给出', children: <Typography.Text code>{d.found}</Typography.Text> },
        { key: 'message', label: '原始信息', children: <pre style={{ margin: 0, whiteSpace: 'pre-wrap', wordBreak: 'break-all' }}>{d.message}</pre> },
      ]}
    />
  );
}

/**
 * 重放验证: a project's workflows (every run of each) or an uploaded history replayed against the code running now;
 * each run either deterministic or shown where it diverges. Uploads are for organisation-wide auditors and admins.
 */
export default function AuditReplayPage() {
  const { wholeOrganisation } = useAccess();
  const [mode, setMode] = useState<'project' | 'file'>('project');
  const [projectId, setProjectId] = useState<string | null>(null);
  const [file, setFile] = useState<File | null>(null);
  const replay = useReplay();
  const verdicts = replay.data;
  const summary = verdicts ? replaySummary(verdicts) : null;
  const ready = mode === 'project' ? projectId !== null : file !== null;

  return (
    <>
      <AuditNav />
      <Flex gap={12} wrap align="center" style={{ marginBottom: 16 }}>
        <Radio.Group
          aria-label="重放对象"
          value={mode}
          onChange={(e) => {
            setMode(e.target.value as typeof mode);
            replay.reset();
          }}
          options={[
            { value: 'project', label: '按项目' },
            { value: 'file', label: '上传历史文件', disabled: !wholeOrganisation },
          ]}
        />
        {mode === 'project' ? (
          <ProjectPicker label="要重放的项目" value={projectId} onChange={setProjectId} />
        ) : (
          <Upload
            accept=".json,application/json"
            maxCount={1}
            beforeUpload={(f) => {
              setFile(f);
              replay.reset();
              return false;
            }}
            onRemove={() => setFile(null)}
            fileList={file ? [{ uid: 'history', name: file.name, status: 'done' }] : []}
          >
            <Button icon={<UploadOutlined />}>选择历史文件</Button>
          </Upload>
        )}
        <Button
          type="primary"
          disabled={!ready}
          loading={replay.isPending}
          onClick={() => {
            if (mode === 'project' && projectId) replay.mutate({ projectId });
            else if (file) replay.mutate({ file });
          }}
        >
          开始重放
        </Button>
      </Flex>
      {!wholeOrganisation && <Typography.Paragraph type="secondary">上传历史文件仅限面向整个组织的审计人员和管理员。</Typography.Paragraph>}
      {replay.isPending && <Alert type="info" showIcon title="正在用当前代码重放流程历史，可能需要一两分钟…" />}
      {replay.error && <Alert type="error" title={messageOf(replay.error)} showIcon role="alert" />}
      {verdicts && summary && (
        <>
          <Alert type={summary.diverged === 0 ? 'success' : 'error'} showIcon role="status" title={summary.text} style={{ marginBottom: 12 }} />
          {verdicts.map((v, i) => (
            <Card key={`${v.name}-${i}`} size="small" style={{ marginBottom: 8 }} title={<span style={{ whiteSpace: 'normal', wordBreak: 'break-all' }}>{v.name}</span>} extra={<Tag>{v.deterministic ? '一致' : '不一致'}</Tag>}>
              {v.deterministic ? <Typography.Text type="secondary">当前代码重放这次运行，做出的每一步与历史记录相同。</Typography.Text> : <Divergence verdict={v} />}
            </Card>
          ))}
        </>
      )}
    </>
  );
}
