import { useState, type ReactNode } from 'react';
import { Alert, App, Button, Card, Descriptions, Empty, Flex, Grid, List, Popconfirm, Skeleton, Tag, Tree, Typography } from 'antd';
import { useCloseUnit, usePeople, useRoleTerms, useUnits } from '../api';
import { AdminNav } from '../components/AdminNav';
import { ScheduledTermChanges } from '../components/ScheduledTermChanges';
import { UnitDialog, type UnitAction } from '../components/UnitDialogs';
import { childKinds, currentHolders, refusalText, roleLabels, unitKindLabels, unitTree, type UnitNode } from '../model';

interface TreeNode {
  key: string;
  title: ReactNode;
  children: TreeNode[];
}

const titleOf = (node: UnitNode): TreeNode => ({
  key: node.key,
  title: (
    <span>
      {node.unit.name} <Tag>{unitKindLabels[node.unit.kind]}</Tag>
      {node.unit.closedAt && <Tag color="default">已撤销</Tag>}
    </span>
  ),
  children: node.children.map(titleOf),
});

/** 组织架构: the tree; the selected unit's details, who holds its posts, and what an administrator can do to it. */
export default function OrgPage() {
  const isPhone = !Grid.useBreakpoint().md;
  const { message } = App.useApp();
  const units = useUnits();
  const people = usePeople();
  const terms = useRoleTerms();
  const close = useCloseUnit();
  const [selected, setSelected] = useState<string | null>(null);
  const [action, setAction] = useState<UnitAction | null>(null);
  const unit = units.data?.find((u) => u.id === selected) ?? null;
  const holders = unit ? currentHolders(terms.data ?? [], unit.id) : [];
  const error = units.error ?? people.error ?? terms.error;

  return (
    <>
      <Typography.Title level={1} style={{ fontSize: 20 }}>
        组织管理
      </Typography.Title>
      <AdminNav />
      <ScheduledTermChanges />
      {error && <Alert type="error" title={refusalText(error)} showIcon role="alert" />}
      {close.error && <Alert type="error" title={refusalText(close.error)} showIcon role="alert" style={{ marginBottom: 12 }} />}
      {units.isPending ? (
        <Skeleton active />
      ) : (
        <Flex gap={16} vertical={isPhone} align="flex-start">
          <Card title="组织树" size="small" style={{ flex: 1, width: '100%' }} extra={<Button size="small" onClick={() => { setSelected(null); setAction('create'); }}>新建党委</Button>}>
            <Tree
              aria-label="组织树"
              treeData={unitTree(units.data ?? []).map(titleOf)}
              defaultExpandAll
              selectedKeys={selected ? [selected] : []}
              onSelect={(keys) => setSelected((keys[0] as string | undefined) ?? null)}
            />
          </Card>
          <Card title={unit ? unit.name : '未选择组织'} size="small" style={{ flex: 1, width: '100%' }}>
            {!unit ? (
              <Empty description="在组织树中选择一个组织" />
            ) : (
              <>
                <Descriptions size="small" column={1} items={[
                  { key: 'kind', label: '类型', children: unitKindLabels[unit.kind] },
                  { key: 'parent', label: '上级组织', children: units.data?.find((u) => u.id === unit.parentId)?.name ?? '—' },
                  { key: 'state', label: '状态', children: unit.closedAt ? '已撤销' : '正常' },
                ]} />
                <Typography.Title level={2} style={{ fontSize: 16, marginTop: 12 }}>
                  在任人员
                </Typography.Title>
                <List size="small" dataSource={holders} locale={{ emptyText: '暂无在任人员' }} renderItem={(h) => <List.Item>{`${roleLabels[h.role]}：${h.personName}`}</List.Item>} />
                {!unit.closedAt && (
                  <Flex gap={8} wrap style={{ marginTop: 12 }}>
                    {childKinds(unit.kind).length > 0 && <Button onClick={() => setAction('create')}>新建下级组织</Button>}
                    <Button onClick={() => setAction('rename')}>改名</Button>
                    {unit.parentId && <Button onClick={() => setAction('move')}>调整隶属</Button>}
                    <Button type="primary" onClick={() => setAction('term')}>换届</Button>
                    {unit.parentId && (
                      <Popconfirm title={`撤销「${unit.name}」？`} okText="撤销" cancelText="取消" onConfirm={() => close.mutate(unit.id, { onSuccess: () => void message.success('已撤销') })}>
                        <Button danger>撤销组织</Button>
                      </Popconfirm>
                    )}
                  </Flex>
                )}
              </>
            )}
          </Card>
        </Flex>
      )}
      <UnitDialog action={action} unit={action === 'create' && !selected ? null : unit} units={units.data ?? []} people={people.data ?? []} holders={holders} onClose={() => setAction(null)} />
    </>
  );
}
