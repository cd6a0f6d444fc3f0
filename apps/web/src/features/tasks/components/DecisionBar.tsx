import { useState } from 'react';
import { Alert, App, Button, Flex, Grid, Input, Modal, Typography } from 'antd';
import { newIdempotencyKey } from '../../../api/client';
import { messageOf } from '../../../api/errors';
import { decisionLabelFor } from '../../../shared/labels';
import { useDecideTask } from '../api';
import { needsComment, needsRatings, type Decision, type Ratings, type Task } from '../model';
import { ReviewRatings } from './ReviewRatings';

const order: Decision[] = ['approve', 'reject', 'send_back', 'send_back_previous'];

/**
 * The decisions the API says this person may take on this step, and nothing else. Each asks for a comment in a
 * dialog (required where the chain requires one), a quarterly review's acceptance its two ratings, and confirms; a
 * refusal shows its reason and the page refreshes. The buttons say what the chain's purpose makes of each decision.
 * On a phone the bar sticks to the bottom of the screen, where the thumb is.
 */
export function DecisionBar({ taskId, decisions, purpose = null }: { taskId: string; decisions: Decision[]; purpose?: Task['purpose'] }) {
  const isPhone = !Grid.useBreakpoint().md;
  const { message } = App.useApp();
  const decide = useDecideTask();
  const [open, setOpen] = useState<{ decision: Decision; key: string } | null>(null);
  const [comment, setComment] = useState('');
  const [missing, setMissing] = useState(false);
  const [ratings, setRatings] = useState<Partial<Ratings>>({});
  const rated = open !== null && needsRatings(purpose, open.decision);
  // `missing`: a confirm was tried with something required left out; each field then says what it lacks.
  const commentMissing = missing && open !== null && needsComment(open.decision) && !comment.trim();

  const start = (decision: Decision) => {
    decide.reset();
    setComment('');
    setMissing(false);
    setRatings({});
    setOpen({ decision, key: newIdempotencyKey() });
  };
  const confirm = () => {
    if (!open) return;
    const complete = ratings.partyBuilding && ratings.business ? { partyBuilding: ratings.partyBuilding, business: ratings.business } : null;
    if ((needsComment(open.decision) && !comment.trim()) || (rated && !complete)) {
      setMissing(true);
      return;
    }
    decide.mutate(
      { taskId, decision: open.decision, comment: comment.trim() || undefined, ratings: rated && complete ? complete : undefined, idempotencyKey: open.key },
      {
        onSuccess: () => {
          void message.success(`已${decisionLabelFor(purpose, open.decision)}`);
          setOpen(null);
        },
      },
    );
  };

  const buttons = order
    .filter((d) => decisions.includes(d))
    .map((d) => (
      <Button key={d} type={d === 'approve' ? 'primary' : 'default'} danger={d === 'reject'} size="large" onClick={() => start(d)} style={isPhone ? { flex: 1 } : undefined}>
        {decisionLabelFor(purpose, d)}
      </Button>
    ));
  const label = open ? decisionLabelFor(purpose, open.decision) : '';
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
        {rated && <ReviewRatings value={ratings} onChange={setRatings} missing={missing} />}
        <label htmlFor="decision-comment">
          <Typography.Text>审批意见{open && needsComment(open.decision) ? '（必填）' : '（选填）'}</Typography.Text>
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
    </>
  );
}
