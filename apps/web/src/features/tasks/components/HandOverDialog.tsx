import { Alert, App, Form, Input, Modal, Radio } from 'antd';
import { ApiError, messageOf } from '../../../api/errors';
import { currentSession } from '../../../auth/session';
import { PersonSelect } from '../../../shared/PersonSelect';
import { addPositionLabels, handOverLabels } from '../../../shared/labels';
import { useHandOver } from '../api';
import { needsComment, type AddPosition, type HandOver, type Task } from '../model';

interface Props {
  task: Task;
  kind: HandOver;
  idempotencyKey: string;
  onClose: () => void;
}

interface Values {
  personId?: string;
  position?: AddPosition;
  comment?: string;
}

/** The body field naming the person, as the API's refusal names it (`toId：吴审计是纪检审计人员…`). */
const personField: Record<HandOver, string> = { delegate: 'toId', add_approver: 'personId' };

/** The API's own words on why that person cannot take the step (who may decide at the level), if it refused them. */
function refusedPerson(error: unknown, kind: HandOver): string | null {
  if (!(error instanceof ApiError)) return null;
  const prefix = `${personField[kind]}：`;
  return error.reasons.find((r) => r.startsWith(prefix))?.slice(prefix.length) ?? null;
}

/**
 * 转交 (one person, who then decides instead of me) or 加签 (one person, before, after or alongside me, as the level's
 * mode allows), with the reason. Whether that person may decide at the level is the API's call: its refusal is shown
 * beside the picker in its own words, naming who may.
 */
export function HandOverDialog({ task, kind, idempotencyKey, onClose }: Props) {
  const { message } = App.useApp();
  const handOver = useHandOver();
  const [form] = Form.useForm<Values>();
  const label = handOverLabels[kind];
  const required = needsComment(task, kind);
  const refused = refusedPerson(handOver.error, kind);
  const me = currentSession()?.person.id;

  const confirm = async () => {
    const { personId, position, comment } = await form.validateFields();
    // The form starts on the level's first position, and 加签 is offered only with at least one.
    const action = kind === 'delegate' ? { kind } : { kind, position: (position ?? task.addPositions[0])! };
    handOver.mutate(
      { taskId: task.id, action, personId: personId!, comment: comment?.trim() || undefined, idempotencyKey },
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
      okButtonProps={{ loading: handOver.isPending }}
      onOk={() => void confirm().catch(() => undefined)}
      onCancel={onClose}
      destroyOnHidden
    >
      {handOver.error && <Alert type="error" showIcon title={messageOf(handOver.error)} role="alert" style={{ marginBottom: 12 }} />}
      <Form form={form} layout="vertical" initialValues={{ position: task.addPositions[0] }} onValuesChange={() => handOver.reset()}>
        <Form.Item
          name="personId"
          label={kind === 'delegate' ? '转交给' : '加签人'}
          rules={[{ required: true, message: '请选择人员' }]}
          validateStatus={refused ? 'error' : undefined}
          help={refused ?? undefined}
        >
          <PersonSelect exclude={me ? [me] : []} invalid={!!refused} />
        </Form.Item>
        {kind === 'add_approver' && (
          <Form.Item name="position" label="加签位置">
            <Radio.Group options={task.addPositions.map((p) => ({ value: p, label: addPositionLabels[p] }))} />
          </Form.Item>
        )}
        <Form.Item
          name="comment"
          label={`${label}理由${required ? '（必填）' : '（选填）'}`}
          rules={required ? [{ required: true, whitespace: true, message: `请填写${label}理由` }] : []}
        >
          <Input.TextArea rows={3} maxLength={2000} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
