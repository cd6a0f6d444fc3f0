import { useState } from 'react';
import { Alert, App, Button, Flex, Grid, Input, Modal, Typography } from 'antd';
import { newIdempotencyKey } from '../../../api/client';
import { messageOf } from '../../../api/errors';
import { decisionLabels } from '../../../shared/labels';
import { useDecideTask } from '../api';
import { needsComment, type Decision } from '../model';

const order: Decision[] = ['approve', 'reject', 'send_back', 'send_back_previous'];

/**
 * The decisions the API says this person may take on this step, and nothing else. Each asks for a comment in a
 * dialog (required where the chain requires one) and confirms; a refusal shows its reason and the page refreshes.
 * On a phone the bar sticks to the bottom of the screen, where the thumb is.
 */
export function DecisionBar({ taskId, decisions }: { taskId: string; decisions: Decision[] }) {
  const isPhone = !Grid.useBreakpoint().md;
  const { message } = App.useApp();
  const decide = useDecideTask();
  const [open, setOpen] = useState<{ decision: Decision; key: string } | null>(null);
  const [comment, setComment] = useState('');
  const [missing, setMissing] = useState(false);

  const start = (decision: Decision) => {
    decide.reset();
    setComment('');
    setMissing(false);
    setOpen({ decision, key: newIdempotencyKey() });
  };
  const confirm = () => {
    if (!open) return;
    if (needsComment(open.decision) && !comment.trim()) {
      setMissing(true);
      return;
    }
    decide.mutate(
      { taskId, decision: open.decision, comment: comment.trim() || undefined, idempotencyKey: open.key },
      {
        onSuccess: () => {
          void message.success(`已${decisionLabels[open.decision]}`);
          setOpen(null);
        },
      },
    );
  };

  const buttons = order
    .filter((d) => decisions.includes(d))
    .map((d) => (
      <Button key={d} type={d === 'approve' ? 'primary' : 'default'} danger={d === 'reject'} size="large" onClick={() => start(d)} style={isPhone ? { flex: 1 } : undefined}>
        {decisionLabels[d]}
      </Button>
    ));
  const label = open ? decisionLabels[open.decision] : '';
  return (
    <>
      {decisions.length > 0 && (
        <Flex
          gap={8}
          role="toolbar"
          aria-label="审批操作"
          style={
            isPhone
              ? { position: 'sticky', bottom: 0, padding: '12px 0', background: '#fff', borderTop: '1px solid #f0f0f0', zIndex: 10 }
              : { marginTop: 16 }
          }
        >
          {buttons}
        </Flex>
      )}
      {/* Stays open after a refusal, while the page refreshes beneath it and the buttons it no longer offers go. */}
      <Modal
        open={open !== null}
        title={label}
        okText={`确定${label}`}
        cancelText="取消"
        okButtonProps={{ danger: open?.decision === 'reject', loading: decide.isPending }}
        onOk={confirm}
        onCancel={() => setOpen(null)}
        destroyOnHidden
      >
        {decide.error && <Alert type="error" showIcon title={messageOf(decide.error)} role="alert" style={{ marginBottom: 12 }} />}
        <label htmlFor="decision-comment">
          <Typography.Text>审批意见{open && needsComment(open.decision) ? '（必填）' : '（选填）'}</Typography.Text>
        </label>
        <Input.TextArea
          id="decision-comment"
          rows={3}
          maxLength={2000}
          value={comment}
          status={missing ? 'error' : undefined}
          aria-invalid={missing}
          onChange={(e) => {
            setComment(e.target.value);
            setMissing(false);
          }}
        />
        {missing && (
          <Typography.Text type="danger" role="alert">
            请填写审批意见
          </Typography.Text>
        )}
      </Modal>
    </>
  );
}
