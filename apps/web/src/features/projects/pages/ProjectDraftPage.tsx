import { useState } from 'react';
import { useCreateProject } from '../api';
import { DraftEditor } from '../components/DraftEditor';
import type { ProjectDraft } from '../model';

const thisYear = () => Number(new Date().toLocaleString('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric' }));

/** 新建项目: a draft, saved or submitted for launch approval at once (with 抄送). */
export default function ProjectDraftPage() {
  const create = useCreateProject();
  // Saved once even if 提交 is pressed again after a refused submission; the draft then stays and is submitted.
  const [draftId, setDraftId] = useState<string | null>(null);
  const persist = async (draft: ProjectDraft) => {
    const id = draftId ?? (await create.mutateAsync(draft)).id;
    setDraftId(id);
    return id;
  };
  return (
    <DraftEditor
      heading="新建项目"
      initial={{ year: thisYear(), goals: [{ title: '', target: '' }] }}
      persist={persist}
      persisting={create}
      saveLabel="保存草稿"
      primary="submit"
    />
  );
}
