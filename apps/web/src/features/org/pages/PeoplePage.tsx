import { useState } from 'react';
import { Alert, App, Button, Dropdown, Flex, Popconfirm, Table, Tag, Typography } from 'antd';
import { beijingTime } from '../../../shared/time';
import { useDeactivatePerson, useEndRole, usePeople, useRoleTerms, useUnits, type Person, type RoleTerm } from '../api';
import { AdminNav } from '../components/AdminNav';
import { PersonDialog, type PersonAction } from '../components/PersonDialogs';
import { refusalText, roleLabels } from '../model';

/** 人员与任职: everyone with their actions, and every term held (current and past) with 免职 for the open ones. */
export default function PeoplePage() {
  const { message } = App.useApp();
  const people = usePeople();
  const units = useUnits();
  const terms = useRoleTerms();
  const deactivate = useDeactivatePerson();
  const endRole = useEndRole();
  const [open, setOpen] = useState<{ action: PersonAction; person: Person | null } | null>(null);
  const error = people.error ?? terms.error ?? deactivate.error ?? endRole.error;

  const actions = (p: Person) => [
    { key: 'edit', label: '编辑', onClick: () => setOpen({ action: 'edit', person: p }) },
    { key: 'role', label: '任职', onClick: () => setOpen({ action: 'role', person: p }) },
    { key: 'password', label: '重置密码', onClick: () => setOpen({ action: 'password', person: p }) },
  ];

  return (
    <>
      <Typography.Title level={1} style={{ fontSize: 20 }}>
        组织管理
      </Typography.Title>
      <AdminNav />
      {error && <Alert type="error" title={refusalText(error)} showIcon role="alert" style={{ marginBottom: 12 }} />}
      <Flex justify="space-between" align="center" style={{ marginBottom: 8 }}>
        <Typography.Title level={2} style={{ fontSize: 16, margin: 0 }}>
          人员
        </Typography.Title>
        <Button type="primary" onClick={() => setOpen({ action: 'create', person: null })}>
          新建人员
        </Button>
      </Flex>
      <Table<Person>
        rowKey="id"
        size="small"
        loading={people.isPending}
        dataSource={people.data}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        scroll={{ x: true }}
        columns={[
          { title: '姓名', dataIndex: 'name' },
          { title: '邮箱', dataIndex: 'email' },
          {
            title: '操作',
            key: 'actions',
            render: (_, p) => (
              <Flex gap={4}>
                <Dropdown menu={{ items: actions(p) }} trigger={['click']}>
                  <Button size="small" aria-label={`${p.name}的操作`}>
                    操作
                  </Button>
                </Dropdown>
                <Popconfirm title={`停用「${p.name}」？其待办将移交本单位书记`} okText="停用" cancelText="取消" onConfirm={() => deactivate.mutate(p.id, { onSuccess: () => void message.success('已停用，其待办已移交') })}>
                  <Button size="small" danger>
                    停用
                  </Button>
                </Popconfirm>
              </Flex>
            ),
          },
        ]}
      />
      <Typography.Title level={2} style={{ fontSize: 16, marginTop: 24 }}>
        任职记录
      </Typography.Title>
      <Table<RoleTerm>
        rowKey="id"
        size="small"
        loading={terms.isPending}
        dataSource={terms.data}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        scroll={{ x: true }}
        columns={[
          { title: '姓名', dataIndex: 'personName' },
          { title: '组织', dataIndex: 'orgUnitName', render: (v: string | null) => v ?? '整个组织' },
          { title: '角色', dataIndex: 'role', render: (r: RoleTerm['role']) => roleLabels[r] },
          { title: '任期', key: 'term', render: (_, t) => `${beijingTime(t.validFrom)} 至 ${t.validUntil ? beijingTime(t.validUntil) : '今'}` },
          {
            title: '状态',
            key: 'state',
            render: (_, t) =>
              t.validUntil === null ? (
                <Popconfirm title={`结束「${t.personName}」的${roleLabels[t.role]}任职？`} okText="免职" cancelText="取消" onConfirm={() => endRole.mutate(t.id, { onSuccess: () => void message.success('已免职') })}>
                  <Button size="small">免职</Button>
                </Popconfirm>
              ) : (
                <Tag>已结束</Tag>
              ),
          },
        ]}
      />
      <PersonDialog action={open?.action ?? null} person={open?.person ?? null} units={units.data ?? []} onClose={() => setOpen(null)} />
    </>
  );
}
