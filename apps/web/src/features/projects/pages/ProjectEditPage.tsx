import { useState } from 'react';
import { Alert, App, Skeleton, Typography } from 'antd';
import { useNavigate, useParams } from 'react-router';
import { newIdempotencyKey } from '../../../api/client';
import { messageOf } from '../../../api/errors';
import { currentSession } from '../../../auth/session';
import { useProject, useSubmitProject, useUpdateDraft } from '../api';
import { ProjectForm, type ProjectFormValues } from '../components/ProjectForm';
import { draftOf } from '../model';

/** 编辑草稿: the owner changes a saved draft (kind, goals, co-owning units) and saves it, or submits it at once with 抄送. */
export default function ProjectEditPage() {
  const { id = '' } = useParams();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const project = useProject(id);
  const update = useUpdateDraft();
  const submit = useSubmitProject();
  const [submitKey] = useState(newIdempotencyKey);
  const p = project.data;

  if (project.error) return <Alert type="error" title={messageOf(project.error)} showIcon role="alert" />;
  if (!p) return <Skeleton active />;
  if (p.ownerId !== currentSession()?.person.id || p.status !== 'draft') {
    return <Alert type="warning" showIcon title="只有项目负责人可以编辑尚未提交的草稿" />;
  }

  const save = async ({ ccIds, ...draft }: ProjectFormValues, andSubmit: boolean) => {
    submit.reset();
    // Co-owners are kept only by a 联建共建 project: a kind changed away from it drops them.
    await update.mutateAsync({ id, body: { ...draft, coOwningUnitIds: draft.kind === 'joint_building' ? draft.coOwningUnitIds : undefined } });
    if (andSubmit) await submit.mutateAsync({ id, ccIds: ccIds ?? [], key: submitKey });
    void message.success(andSubmit ? '已提交审批' : '草稿已保存');
    await navigate(`/projects/${id}`);
  };
  const go = (andSubmit: boolean) => (v: ProjectFormValues) => void save(v, andSubmit).catch(() => undefined);

  return (
    <>
      <Typography.Title level={1} style={{ fontSize: 20 }}>
        编辑草稿
      </Typography.Title>
      <ProjectForm
        mode="draft"
        initial={draftOf(p)}
        pending={update.isPending || submit.isPending}
        error={update.error ?? submit.error}
        actions={[
          { label: '保存修改', primary: true, onClick: go(false) },
          { label: '提交审批', onClick: go(true) },
        ]}
      />
    </>
  );
}
