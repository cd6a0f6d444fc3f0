import { Card, Flex, Typography } from 'antd';
import { latestReport, quarterOfReview, type ProjectDetail, type Task } from '../model';
import { FindingDialog } from './FindingDialog';
import { FindingsList } from './FindingsList';
import { ReportView } from './ReportView';

/**
 * 季度检查审核: the report under review, the project's findings so far, and — for the reviewer while the step is theirs
 * — 提出问题. The two ratings go with the decision itself (the decision dialog asks for them).
 */
export function ReviewPanel({ task, project }: { task: Task; project: ProjectDetail | undefined }) {
  const quarter = quarterOfReview(task);
  if (quarter === null || !project) return null;
  const report = latestReport(project.reports, quarter);
  const reviewing = task.decisions.length > 0;
  return (
    <Card size="small" title={`第${quarter}季度报告`} style={{ marginBottom: 16 }}>
      {report ? <ReportView report={report} /> : <Typography.Text type="secondary">报告尚未提交</Typography.Text>}
      <Flex justify="space-between" align="center" style={{ marginTop: 12 }}>
        <Typography.Title level={2} style={{ fontSize: 15, margin: 0 }}>
          问题清单
        </Typography.Title>
        {reviewing && <FindingDialog projectId={project.id} />}
      </Flex>
      <FindingsList findings={project.findings} />
    </Card>
  );
}
