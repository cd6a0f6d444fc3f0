import { useState } from 'react';
import { Alert, App, Input, Modal, Typography } from 'antd';
import { messageOf } from '../../../api/errors';
import { decisionLabelFor } from '../../../shared/labels';
import { useDecideTask } from '../api';
import { needsComment, needsRatings, type Decision, type Ratings, type Task } from '../model';
import { ReviewRatings } from './ReviewRatings';

interface Props {
  task: Task;
  decision: Decision;
  /** Made when the dialog opened, reused on every retry: a retry never decides twice. */
  idempotencyKey: string;
  onClose: () => void;
}

/**
 * 同意 / 驳回 / 退回: a comment (required where the chain requires one), a quarterly review's acceptance its two
 * ratings, and a confirmation. A refusal shows its reason
 * and the dialog stays open while the page refreshes beneath it and the buttons it no longer offers go.
 */
export function DecisionDialog({ task, decision, idempotencyKey, onClose }: Props) {
  const { message } = App.useApp();
  const decide = useDecideTask();
  const [comment, setComment] = useState('');
  const [missing, setMissing] = useState(false);
  const [ratings, setRatings] = useState<Partial<Ratings>>({});
  const required = needsComment(task, decision);
  const rated = needsRatings(task.purpose, decision);
  const label = decisionLabelFor(task.purpose, decision);
  // `missing`: a confirm was tried with something required left out; each field then says what it lacks.
  const commentMissing = missing && required && !comment.trim();

  const confirm = () => {
    const complete = ratings.partyBuilding && ratings.business ? { partyBuilding: ratings.partyBuilding, business: ratings.business } : null;
    if ((required && !comment.trim()) || (rated && !complete)) {
      setMissing(true);
      return;
    }
    decide.mutate(
      { taskId: task.id, decision, comment: comment.trim() || undefined, ratings: rated && complete ? complete : undefined, idempotencyKey },
      {
        onSuccess: () => {
          void message.success(`已${label}`);
          onClose();
        },
      },
    );
  };

  return (
    <Modal
      open
      title={label}
      okText={`确定${label}`}
      cancelText="取消"
      okButtonProps={{ danger: decision === 'reject', loading: decide.isPending }}
      onOk={confirm}
      onCancel={onClose}
      destroyOnHidden
    >
      {decide.error && <Alert type="error" showIcon title={messageOf(decide.error)} role="alert" style={{ marginBottom: 12 }} />}
      {rated && <ReviewRatings value={ratings} onChange={setRatings} missing={missing} />}
      <label htmlFor="decision-comment">
        <Typography.Text>审批意见{required ? '（必填）' : '（选填）'}</Typography.Text>
      </label>
      <Input.TextArea
        id="decision-comment"
        rows={3}
        maxLength={2000}
        value={comment}
        status={commentMissing ? 'error' : undefined}
        aria-invalid={commentMissing}
        onChange={(e) => setComment(e.target.value)}
      />
      {commentMissing && (
        <Typography.Text type="danger" role="alert">
          请填写审批意见
        </Typography.Text>
      )}
    </Modal>
  );
}
