import { useState } from 'react';
import { App, Typography } from 'antd';
import { useNavigate } from 'react-router';
import { newIdempotencyKey } from '../../../api/client';
import { useCreateProject, useSubmitProject } from '../api';
import { ProjectForm, type ProjectFormValues } from '../components/ProjectForm';

const thisYear = () => Number(new Date().toLocaleString('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric' }));

/** 新建项目: a draft, saved or submitted for launch approval at once (with 抄送). */
export default function ProjectDraftPage() {
  const { message } = App.useApp();
  const navigate = useNavigate();
  const create = useCreateProject();
  const submit = useSubmitProject();
  // Saved once even if 提交 is pressed again after a refused submission; the draft then stays and is submitted.
  const [draftId, setDraftId] = useState<string | null>(null);
  const [submitKey] = useState(newIdempotencyKey);

  const save = async ({ ccIds, ...draft }: ProjectFormValues, andSubmit: boolean) => {
    submit.reset();
    const id = draftId ?? (await create.mutateAsync(draft)).id;
    setDraftId(id);
    if (andSubmit) await submit.mutateAsync({ id, ccIds: ccIds ?? [], key: submitKey });
    void message.success(andSubmit ? '已提交审批' : '草稿已保存');
    await navigate(`/projects/${id}`);
  };
  const go = (andSubmit: boolean) => (v: ProjectFormValues) => void save(v, andSubmit).catch(() => undefined);

  return (
    <>
      <Typography.Title level={1} style={{ fontSize: 20 }}>
        新建项目
      </Typography.Title>
      <ProjectForm
        mode="draft"
        initial={{ year: thisYear(), goals: [{ title: '', target: '' }] }}
        pending={create.isPending || submit.isPending}
        error={create.error ?? submit.error}
        actions={[
          { label: '提交审批', primary: true, onClick: go(true) },
          { label: '保存草稿', onClick: go(false) },
        ]}
      />
    </>
  );
}
