import { useState } from 'react';
import { Alert, App, Button, Flex, Input, Modal, Typography } from 'antd';
import { newIdempotencyKey } from '../../../api/client';
import { ApiError, messageOf } from '../../../api/errors';
import { beijingTime } from '../../../shared/time';
import { useNudge, useProject, useWithdrawProject } from '../api';
import { mayWithdraw, pendingSteps, type Project, type Step } from '../model';

/** The API throttles 催办 per step and says when it may be sent again (`… nudge again in 42 min`); other refusals as usual. */
function nudgeRefusal(error: unknown): string {
  const minutes = error instanceof ApiError && error.code === 'WRONG_STAGE' ? /again in (\d+) min/.exec(error.reasons.join(' '))?.[1] : undefined;
  return minutes ? `刚催办过，${minutes} 分钟后可再次催办` : messageOf(error);
}

/** 催办 one waiting approver; when they were last nudged; the API's refusal (too soon) in words. */
function NudgeButton({ step }: { step: Step }) {
  const { message } = App.useApp();
  const nudge = useNudge();
  // One key per nudge, reused if it is retried; a new one once it went through.
  const [key, setKey] = useState(newIdempotencyKey);
  const who = step.assigneeName ?? '审批人';
  return (
    <Flex gap={8} align="center" wrap>
      <Typography.Text>
        待 {who} 审批{step.dueAt ? `，截止 ${beijingTime(step.dueAt)}` : ''}
      </Typography.Text>
      <Button
        size="small"
        loading={nudge.isPending}
        aria-label={`催办 ${who}`}
        onClick={() =>
          nudge.mutate(
            { taskId: step.taskId, key },
            {
              onSuccess: () => {
                setKey(newIdempotencyKey());
                void message.success(`已催办 ${who}`);
              },
            },
          )
        }
      >
        催办
      </Button>
      {step.lastNudgedAt && <Typography.Text type="secondary">上次催办 {beijingTime(step.lastNudgedAt)}</Typography.Text>}
      {nudge.error && (
        <Typography.Text type="danger" role="alert">
          {nudgeRefusal(nudge.error)}
        </Typography.Text>
      )}
    </Flex>
  );
}

/** 撤回 with an optional reason, confirmed in a dialog. */
function WithdrawButton({ projectId }: { projectId: string }) {
  const { message } = App.useApp();
  const withdraw = useWithdrawProject();
  const [open, setOpen] = useState<string | null>(null);
  const [comment, setComment] = useState('');
  return (
    <>
      <Button danger onClick={() => setOpen(newIdempotencyKey())}>
        撤回
      </Button>
      {open && (
        <Modal
          open
          title="撤回申请"
          okText="确定撤回"
          cancelText="取消"
          okButtonProps={{ danger: true, loading: withdraw.isPending }}
          onCancel={() => setOpen(null)}
          onOk={() =>
            withdraw.mutate(
              { id: projectId, comment: comment.trim() || undefined, key: open },
              {
                onSuccess: () => {
                  void message.success('已撤回');
                  setOpen(null);
                },
              },
            )
          }
        >
          {withdraw.error && <Alert type="error" showIcon title={messageOf(withdraw.error)} role="alert" style={{ marginBottom: 12 }} />}
          <label htmlFor="withdraw-comment">
            <Typography.Text>撤回理由（选填）</Typography.Text>
          </label>
          <Input.TextArea id="withdraw-comment" rows={3} maxLength={2000} value={comment} onChange={(e) => setComment(e.target.value)} />
        </Modal>
      )}
    </>
  );
}

/**
 * What the submitter may do while the request is undecided: 催办 each approver it waits for, 撤回 the request. Shown
 * only to the project's owner, only while the launch is undecided; the API stays the authority.
 */
export function SubmitterActions({ project, me }: { project: Project; me: string | undefined }) {
  const undecided = project.ownerId === me && mayWithdraw(project);
  // In approval, someone is always being waited for: until the chain has opened that step, it is read again.
  const detail = useProject(project.id, { enabled: undecided, until: (p) => p.status !== 'in_approval' || pendingSteps(p).length > 0 });
  if (!undecided) return null;
  const waiting = detail.data ? pendingSteps(detail.data) : [];
  return (
    <Flex vertical gap={8} role="group" aria-label={`${project.title}：申请人操作`}>
      {waiting.map((s) => (
        <NudgeButton key={s.taskId} step={s} />
      ))}
      <div>
        <WithdrawButton projectId={project.id} />
      </div>
    </Flex>
  );
}
