import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { Role } from '../../domain/index.js';

@Entity('role_assignment')
export class RoleAssignmentEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column({ name: 'person_id', type: 'uuid' }) personId!: string;
  @Column({ name: 'org_unit_id', type: 'uuid', nullable: true }) orgUnitId!: string | null;
  @Column({ type: 'text' }) role!: Role;
  @Column({ name: 'created_at', type: 'timestamptz', insert: false, update: false }) createdAt!: Date;
}
