import { useState } from 'react';
import { UploadOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Form, Input, Skeleton, Upload, type UploadFile } from 'antd';
import { newIdempotencyKey } from '../../../api/client';
import { messageOf } from '../../../api/errors';
import { useItem, useSubmitEvidence } from '../api';
import type { Task } from '../model';
import { ItemCard } from './ItemCard';

/** The API's limits (libs/domain evidenceFileLimits): checked there again, by each file's first bytes. */
const maxFiles = 5;
const accept = '.pdf,.jpg,.jpeg,.png,.docx,.xlsx,.txt';

/**
 * 整改佐证: the item and what was submitted so far (each file's SHA-256 as stored); for an owner while the item is
 * theirs to answer, a note and up to five files, sent together. Verification (销号) is the reviewer's, not here.
 */
export function EvidencePanel({ task, mine }: { task: Task; mine: boolean }) {
  const itemId = task.subjectId;
  const item = useItem(itemId);
  const submit = useSubmitEvidence(itemId ?? '');
  const { message } = App.useApp();
  const [files, setFiles] = useState<UploadFile[]>([]);
  const [key, setKey] = useState(newIdempotencyKey);
  if (!itemId) return null;
  const answering = mine && task.status === 'open' && item.data?.status === 'open';
  const finish = ({ text }: { text: string }) =>
    submit.mutate(
      { text: text.trim(), files: files.flatMap((f) => (f.originFileObj ? [f.originFileObj] : [])), idempotencyKey: key },
      {
        onSuccess: () => {
          void message.success('佐证已提交，等待验证');
          setFiles([]);
          setKey(newIdempotencyKey());
        },
      },
    );
  return (
    <Card size="small" title="整改事项" style={{ marginBottom: 16 }}>
      {item.error && <Alert type="error" showIcon title={messageOf(item.error)} role="alert" />}
      {item.data ? <ItemCard item={item.data} /> : !item.error && <Skeleton active />}
      {submit.error && <Alert type="error" showIcon title={messageOf(submit.error)} role="alert" style={{ marginBottom: 12 }} />}
      {answering && (
        <Form layout="vertical" onFinish={finish} style={{ marginTop: 16 }}>
          <Form.Item name="text" label="整改说明" rules={[{ required: true, whitespace: true, message: '请填写整改说明' }]}>
            <Input.TextArea rows={3} maxLength={20_000} />
          </Form.Item>
          <Form.Item label="佐证文件" extra={`最多 ${maxFiles} 个，每个不超过 5 MB：PDF、JPEG、PNG、Word (.docx)、Excel (.xlsx)、文本`}>
            <Upload multiple accept={accept} maxCount={maxFiles} fileList={files} beforeUpload={() => false} onChange={({ fileList }) => setFiles(fileList)}>
              <Button icon={<UploadOutlined />}>选择文件</Button>
            </Upload>
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={submit.isPending}>
            提交佐证
          </Button>
        </Form>
      )}
    </Card>
  );
}
