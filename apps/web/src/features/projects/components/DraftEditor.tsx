import { useState } from 'react';
import { App, Typography } from 'antd';
import { useNavigate } from 'react-router';
import { newIdempotencyKey } from '../../../api/client';
import { useSubmitProject } from '../api';
import type { ProjectDraft } from '../model';
import { ProjectForm, type ProjectFormValues } from './ProjectForm';

interface Props {
  heading: string;
  initial: Partial<ProjectFormValues>;
  /** Saves the draft (creating it, or replacing what it held) and answers its id. */
  persist: (draft: ProjectDraft) => Promise<string>;
  persisting: { isPending: boolean; error: unknown };
  saveLabel: string;
  /** The button a person most likely wants here comes first. */
  primary: 'save' | 'submit';
}

/** A draft's form: saved, or saved and submitted for launch approval at once (with 抄送); then its project page opens. */
export function DraftEditor({ heading, initial, persist, persisting, saveLabel, primary }: Props) {
  const { message } = App.useApp();
  const navigate = useNavigate();
  const submit = useSubmitProject();
  // One key for the page: 提交 pressed again after a refusal retries the same submission.
  const [submitKey] = useState(newIdempotencyKey);

  const save = async ({ ccIds, ...draft }: ProjectFormValues, andSubmit: boolean) => {
    submit.reset();
    const id = await persist(draft);
    if (andSubmit) await submit.mutateAsync({ id, ccIds: ccIds ?? [], key: submitKey });
    void message.success(andSubmit ? '已提交审批' : '草稿已保存');
    await navigate(`/projects/${id}`);
  };
  const go = (andSubmit: boolean) => (v: ProjectFormValues) => void save(v, andSubmit).catch(() => undefined);
  const saveAction = { label: saveLabel, primary: primary === 'save', onClick: go(false) };
  const submitAction = { label: '提交审批', primary: primary === 'submit', onClick: go(true) };

  return (
    <>
      <Typography.Title level={1} style={{ fontSize: 20 }}>
        {heading}
      </Typography.Title>
      <ProjectForm
        mode="draft"
        initial={initial}
        pending={persisting.isPending || submit.isPending}
        error={persisting.error ?? submit.error}
        actions={primary === 'submit' ? [submitAction, saveAction] : [saveAction, submitAction]}
      />
    </>
  );
}
