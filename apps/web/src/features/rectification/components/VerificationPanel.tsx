import { Alert, Card, Skeleton } from 'antd';
import { messageOf } from '../../../api/errors';
import { useItem } from '../api';
import { verifiedItemId, type Task } from '../model';
import { ItemCard } from './ItemCard';

/** 整改销号验证: the item and its evidence (each file's SHA-256), judged by the decision below: 验证通过 closes it, 退回整改 reopens it. */
export function VerificationPanel({ task }: { task: Task }) {
  const item = useItem(verifiedItemId(task));
  return (
    <Card size="small" title="待验证的整改事项" style={{ marginBottom: 16 }}>
      {item.error && <Alert type="error" showIcon title={messageOf(item.error)} role="alert" />}
      {item.data ? <ItemCard item={item.data} /> : !item.error && <Skeleton active />}
    </Card>
  );
}
