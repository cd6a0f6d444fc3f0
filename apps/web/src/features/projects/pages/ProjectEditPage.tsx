import { Alert, Skeleton } from 'antd';
import { useParams } from 'react-router';
import { messageOf } from '../../../api/errors';
import { currentSession } from '../../../auth/session';
import { useProject, useUpdateDraft } from '../api';
import { DraftEditor } from '../components/DraftEditor';
import { draftOf, type ProjectDraft } from '../model';

/** 编辑草稿: the owner changes a saved draft (kind, goals, co-owning units) and saves it, or submits it at once with 抄送. */
export default function ProjectEditPage() {
  const { id = '' } = useParams();
  const project = useProject(id);
  const update = useUpdateDraft();
  const p = project.data;

  if (project.error) return <Alert type="error" title={messageOf(project.error)} showIcon role="alert" />;
  if (!p) return <Skeleton active />;
  if (p.ownerId !== currentSession()?.person.id || p.status !== 'draft') {
    return <Alert type="warning" showIcon title="只有项目负责人可以编辑尚未提交的草稿" />;
  }
  const persist = async (draft: ProjectDraft) => {
    // Co-owners are kept only by a 联建共建 project: a kind changed away from it drops them.
    await update.mutateAsync({ id, body: { ...draft, coOwningUnitIds: draft.kind === 'joint_building' ? draft.coOwningUnitIds : undefined } });
    return id;
  };
  return <DraftEditor heading="编辑草稿" initial={draftOf(p)} persist={persist} persisting={update} saveLabel="保存修改" primary="save" />;
}
