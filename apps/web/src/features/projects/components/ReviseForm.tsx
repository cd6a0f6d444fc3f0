import { useState } from 'react';
import { App, Typography } from 'antd';
import { newIdempotencyKey } from '../../../api/client';
import { useResubmitProject } from '../api';
import type { ProjectDetail } from '../model';
import { ProjectForm } from './ProjectForm';

/** After 退回: the title and goals revised, and the request resubmitted; the chain goes on as the year's policy says. */
export function ReviseForm({ project }: { project: ProjectDetail }) {
  const { message } = App.useApp();
  const resubmit = useResubmitProject();
  const [key] = useState(newIdempotencyKey);
  return (
    <>
      <Typography.Title level={2} style={{ fontSize: 16 }}>
        修改后重新提交
      </Typography.Title>
      <ProjectForm
        mode="revise"
        initial={{ title: project.title, goals: project.goals }}
        pending={resubmit.isPending}
        error={resubmit.error}
        actions={[
          {
            label: '重新提交',
            primary: true,
            onClick: ({ title, goals }) => resubmit.mutate({ id: project.id, body: { title, goals }, key }, { onSuccess: () => void message.success('已重新提交') }),
          },
        ]}
      />
    </>
  );
}
