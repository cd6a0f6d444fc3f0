import { Flex } from 'antd';
import { CampaignReportPanel } from '../features/campaigns/components/CampaignReportPanel';
import { ExtensionPanel } from '../features/deadlines/components/ExtensionPanel';
import { ExtensionRequest } from '../features/deadlines/components/ExtensionRequest';
import { deadlineOfTask } from '../features/deadlines/model';
import { ReportPanel } from '../features/quarterly/components/ReportPanel';
import { ReviewPanel } from '../features/quarterly/components/ReviewPanel';
import { EvidencePanel } from '../features/rectification/components/EvidencePanel';
import { VerificationPanel } from '../features/rectification/components/VerificationPanel';
import { useMyTasks } from '../features/tasks/api';
import type { ProjectDetail, Task } from '../features/tasks/model';

/**
 * What each kind of task adds to its page, from the feature of its area: the quarter's report, the review with its
 * findings, the rectification item with its evidence, the extension asked for, the campaign's report. Forms show
 * only to the person the work is for: a task in their own 待办.
 */
export function TaskPanels({ task, project }: { task: Task; project: ProjectDetail | undefined }) {
  const open = useMyTasks('open');
  const mine = task.status === 'open' && (open.data ?? []).some((t) => t.id === task.id);
  const owed = mine && project ? deadlineOfTask(task, project.deadlines) : undefined;
  const extension = owed && (
    <Flex justify="flex-end" style={{ marginBottom: 16 }}>
      <ExtensionRequest deadline={owed} />
    </Flex>
  );
  switch (task.purpose ?? task.kind) {
    case 'report':
      return (
        <>
          <ReportPanel task={task} project={project} mine={mine} />
          {extension}
        </>
      );
    case 'evidence':
      return (
        <>
          <EvidencePanel task={task} mine={mine} />
          {extension}
        </>
      );
    case 'report_review':
      return <ReviewPanel task={task} project={project} />;
    case 'verification':
      return <VerificationPanel task={task} />;
    case 'extension':
      return <ExtensionPanel task={task} project={project} />;
    case 'campaign_report':
      return <CampaignReportPanel task={task} mine={mine} />;
    // The chain alone says what these are (or their areas bring their own panels).
    case 'approval':
    case 'launch':
    case 'evaluation_publish':
    case 'score':
    case 'self_assessment':
      return null;
  }
}
