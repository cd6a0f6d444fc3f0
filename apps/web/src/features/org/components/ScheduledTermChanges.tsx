import { Alert, App, Button, Card, List, Popconfirm } from 'antd';
import { beijingTime } from '../../../shared/time';
import { useCancelTermChange, useTermChangeSchedules } from '../api';
import { refusalText, roleLabels } from '../model';

/** 预约换届 still to come, each cancellable until its moment; nothing shows when none is waiting. */
export function ScheduledTermChanges() {
  const { message } = App.useApp();
  const schedules = useTermChangeSchedules();
  const cancel = useCancelTermChange();
  const waiting = (schedules.data ?? []).filter((s) => s.status === 'scheduled');
  if (waiting.length === 0 && !cancel.error) return null;
  return (
    <Card title="已预约的换届" size="small" style={{ marginBottom: 16 }}>
      {cancel.error && <Alert type="error" title={refusalText(cancel.error)} showIcon role="alert" style={{ marginBottom: 8 }} />}
      <List
        size="small"
        dataSource={waiting}
        renderItem={(s) => (
          <List.Item
            actions={[
              <Popconfirm key="cancel" title="取消这次预约换届？" okText="取消预约" cancelText="不取消" onConfirm={() => cancel.mutate(s.id, { onSuccess: () => void message.success('已取消预约换届') })}>
                <Button size="small">取消预约</Button>
              </Popconfirm>,
            ]}
          >
            {`${beijingTime(s.effectiveAt)} 起，${s.orgUnitName}${roleLabels[s.role]}：${s.fromPersonName} → ${s.toPersonName}`}
          </List.Item>
        )}
      />
    </Card>
  );
}
