import { Descriptions, Tag, Typography } from 'antd';
import { beijingTime } from '../../../shared/time';
import type { Report } from '../model';

const statusLabels: Record<Report['status'], string> = { submitted: '待审核', accepted: '已通过', sent_back: '已退回' };

/** A submitted quarterly report: what was written, when, and how the review rated it (党建 / 业务). */
export function ReportView({ report }: { report: Report }) {
  return (
    <>
      <Descriptions
        size="small"
        column={{ xs: 1, sm: 1, md: 2 }}
        items={[
          { key: 'status', label: '报告状态', children: <>{statusLabels[report.status]}{report.late && <Tag color="error" style={{ marginLeft: 8 }}>逾期提交</Tag>}</> },
          { key: 'at', label: '提交时间', children: `${beijingTime(report.submittedAt)}（${report.submittedByName ?? '—'}）` },
          ...(report.ratings
            ? [
                { key: 'party', label: '党建评价', children: report.ratings.partyBuildingLabel },
                { key: 'business', label: '业务评价', children: report.ratings.businessLabel },
              ]
            : []),
        ]}
      />
      <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', marginTop: 8 }} aria-label="报告内容">
        {report.content}
      </Typography.Paragraph>
    </>
  );
}
