import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { TaskKind } from '../../domain/index.js';

export const termChangeStatuses = ['scheduled', 'applied', 'done', 'cancelled', 'failed'] as const;
export type TermChangeStatus = (typeof termChangeStatuses)[number];

/** What a scheduled 换届 did when its moment came: the terms it changed and the work it handed on or left. */
export interface TermChangeOutcome {
  endedId?: string;
  startedId?: string;
  moved?: { taskId: string; projectId: string | null; title: string }[];
  /** The leaver's other open work (reports, evidence, self-assessments, scores, campaign reports), as a 换届 made now answers it. */
  movedWork?: { kind: Exclude<TaskKind, 'approval'>; projectId: string | null; campaignId: string | null; title: string; taskIds: string[]; toId: string; toName: string }[];
  /** null: not a step (a project's chain whose new holder still decides a level, say). */
  leftOpen?: { taskId: string | null; projectId: string | null; title: string; reason: string }[];
  /** Chains whose levels not yet opened named the leaver at the unit: those places went to the successor. */
  places?: { workflowId: string; projectId: string | null }[];
  /** Why a change that came due was not made (failed), in words an administrator can act on. */
  reason?: string;
}

/** 换届 decided ahead for a later moment, carried out then by its `scheduledTermChange` workflow. */
@Entity('term_change_schedule')
export class TermChangeScheduleEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column({ name: 'org_unit_id', type: 'uuid' }) orgUnitId!: string;
  @Column({ type: 'text' }) role!: 'secretary' | 'member';
  @Column({ name: 'from_person_id', type: 'uuid' }) fromPersonId!: string;
  @Column({ name: 'to_person_id', type: 'uuid' }) toPersonId!: string;
  @Column({ name: 'effective_at', type: 'timestamptz' }) effectiveAt!: Date;
  @Column({ type: 'text', default: 'scheduled' }) status!: TermChangeStatus;
  @Column({ name: 'scheduled_by', type: 'uuid' }) scheduledBy!: string;
  @Column({ type: 'jsonb', nullable: true }) result!: TermChangeOutcome | null;
  @Column({ name: 'created_at', type: 'timestamptz', insert: false, update: false }) createdAt!: Date;
  @Column({ name: 'settled_at', type: 'timestamptz', nullable: true }) settledAt!: Date | null;
}
