import { useState } from 'react';
import { DownOutlined } from '@ant-design/icons';
import { Button, Dropdown, Flex, Grid } from 'antd';
import { newIdempotencyKey } from '../../../api/client';
import { decisionLabelFor, handOverLabels } from '../../../shared/labels';
import { actionsOf, type HandOver, type Task, type TaskAction } from '../model';
import { DecisionDialog } from './DecisionDialog';
import { HandOverDialog } from './HandOverDialog';

const isHandOver = (a: TaskAction): a is HandOver => a === 'delegate' || a === 'add_approver';
/** The buttons say what the chain's purpose makes of each decision (a verification's 同意 is 验证通过 …). */
const labelOf = (purpose: Task['purpose'], a: TaskAction) => (isHandOver(a) ? handOverLabels[a] : decisionLabelFor(purpose, a));

/**
 * What the API says this person may do on this step now, and nothing else: the decisions (同意 first), then 转交 and
 * 加签. Each opens its dialog. On a phone the bar sticks to the bottom of the screen, where the thumb is, with the first
 * two actions as buttons and the rest under 更多.
 */
export function DecisionBar({ task }: { task: Task }) {
  const isPhone = !Grid.useBreakpoint().md;
  const [open, setOpen] = useState<{ action: TaskAction; key: string } | null>(null);
  const actions = actionsOf(task);
  const start = (action: TaskAction) => setOpen({ action, key: newIdempotencyKey() });
  const [main, more] = isPhone ? [actions.slice(0, 2), actions.slice(2)] : [actions, []];
  const close = () => setOpen(null);

  return (
    <>
      {actions.length > 0 && (
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
          {main.map((a) => (
            <Button key={a} type={a === 'approve' ? 'primary' : 'default'} danger={a === 'reject'} size="large" onClick={() => start(a)} style={isPhone ? { flex: 1 } : undefined}>
              {labelOf(task.purpose, a)}
            </Button>
          ))}
          {more.length > 0 && (
            <Dropdown trigger={['click']} placement="topRight" menu={{ items: more.map((a) => ({ key: a, label: labelOf(task.purpose, a), danger: a === 'reject', onClick: () => start(a) })) }}>
              <Button size="large" icon={<DownOutlined aria-hidden />} iconPlacement="end">
                更多
              </Button>
            </Dropdown>
          )}
        </Flex>
      )}
      {open &&
        (isHandOver(open.action) ? (
          <HandOverDialog key={open.key} task={task} kind={open.action} idempotencyKey={open.key} onClose={close} />
        ) : (
          <DecisionDialog key={open.key} task={task} decision={open.action} idempotencyKey={open.key} onClose={close} />
        ))}
    </>
  );
}
