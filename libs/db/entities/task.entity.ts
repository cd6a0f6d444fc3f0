import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { ApprovalPurpose, LevelMode, TaskKind, TaskStatus } from '../../domain/index.js';

/** One piece of human work, open or done: an approval step, a report, evidence, a self-assessment, a score. */
@Entity('task')
export class TaskEntity {
  @PrimaryColumn({ type: 'uuid' }) id!: string;
  @Column({ name: 'workflow_id', type: 'text' }) workflowId!: string;
  @Column({ name: 'step_key', type: 'text' }) stepKey!: string;
  @Column({ type: 'text' }) kind!: TaskKind;
  /** A project's work, or (with no project) a unit's report in a campaign. */
  @Column({ name: 'project_id', type: 'uuid', nullable: true }) projectId!: string | null;
  @Column({ name: 'campaign_id', type: 'uuid', nullable: true }) campaignId!: string | null;
  @Column({ name: 'assignee_id', type: 'uuid' }) assigneeId!: string;
  @Column({ type: 'text' }) title!: string;
  @Column({ type: 'text' }) status!: TaskStatus;
  @Column({ type: 'text', nullable: true }) purpose!: ApprovalPurpose | null;
  @Column({ name: 'chain_ref', type: 'text', nullable: true }) chainRef!: string | null;
  @Column({ type: 'int', nullable: true }) level!: number | null;
  @Column({ name: 'level_unit_name', type: 'text', nullable: true }) levelUnitName!: string | null;
  @Column({ name: 'level_mode', type: 'text', nullable: true }) levelMode!: LevelMode | null;
  /** The committee whose meeting decides this approval step's level (党委会议); null for a level people decide one by one. */
  @Column({ name: 'meeting_member_ids', type: 'uuid', array: true, nullable: true }) meetingMemberIds!: string[] | null;
  /** The thing the work is about: a quarter number, a rectification item id, an evaluation id. */
  @Column({ name: 'subject_id', type: 'text', nullable: true }) subjectId!: string | null;
  @Column({ name: 'due_at', type: 'timestamptz', nullable: true }) dueAt!: Date | null;
  @Column({ type: 'text', nullable: true }) outcome!: string | null;
  @Column({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
  @Column({ name: 'closed_at', type: 'timestamptz', nullable: true }) closedAt!: Date | null;
}
