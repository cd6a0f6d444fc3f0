import { AuditEventEntity } from './audit-event.entity.js';
import { CalendarOverrideEntity } from './calendar-override.entity.js';
import { CampaignTargetEntity } from './campaign-target.entity.js';
import { CampaignEntity } from './campaign.entity.js';
import { DeadlineEntity } from './deadline.entity.js';
import { DecisionEntity } from './decision.entity.js';
import { EvaluationEntity } from './evaluation.entity.js';
import { EvidenceEntity } from './evidence.entity.js';
import { EvidenceFileEntity } from './evidence-file.entity.js';
import { FindingEntity } from './finding.entity.js';
import { NoticeEntity } from './notice.entity.js';
import { OrgUnitEntity } from './org-unit.entity.js';
import { PersonEntity } from './person.entity.js';
import { ProjectEntity } from './project.entity.js';
import { RectificationItemEntity } from './rectification-item.entity.js';
import { ReportEntity } from './report.entity.js';
import { RoleAssignmentEntity } from './role-assignment.entity.js';
import { ScoreEntity } from './score.entity.js';
import { TaskEntity } from './task.entity.js';
import { TermChangeScheduleEntity } from './term-change-schedule.entity.js';
import { YearPolicyEntity } from './year-policy.entity.js';

export {
  AuditEventEntity,
  CalendarOverrideEntity,
  CampaignEntity,
  CampaignTargetEntity,
  DeadlineEntity,
  DecisionEntity,
  EvaluationEntity,
  EvidenceEntity,
  EvidenceFileEntity,
  FindingEntity,
  NoticeEntity,
  OrgUnitEntity,
  PersonEntity,
  ProjectEntity,
  RectificationItemEntity,
  ReportEntity,
  RoleAssignmentEntity,
  ScoreEntity,
  TaskEntity,
  TermChangeScheduleEntity,
  YearPolicyEntity,
};

export const entities = [
  AuditEventEntity,
  CalendarOverrideEntity,
  CampaignEntity,
  CampaignTargetEntity,
  DeadlineEntity,
  DecisionEntity,
  EvaluationEntity,
  EvidenceEntity,
  EvidenceFileEntity,
  FindingEntity,
  NoticeEntity,
  OrgUnitEntity,
  PersonEntity,
  ProjectEntity,
  RectificationItemEntity,
  ReportEntity,
  RoleAssignmentEntity,
  ScoreEntity,
  TaskEntity,
  TermChangeScheduleEntity,
  YearPolicyEntity,
];
