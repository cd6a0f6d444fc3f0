import { Column, Entity, PrimaryColumn } from 'typeorm';

@Entity('calendar_override')
export class CalendarOverrideEntity {
  /** node-postgres returns a `date` column as the string it stores, YYYY-MM-DD, with no zone to shift it. */
  @PrimaryColumn({ type: 'date' }) date!: string;
  @Column({ type: 'text' }) kind!: 'holiday' | 'workday';
  @Column({ type: 'text', nullable: true }) note!: string | null;
  @Column({ name: 'updated_by', type: 'uuid', nullable: true }) updatedBy!: string | null;
  @Column({ name: 'updated_at', type: 'timestamptz' }) updatedAt!: Date;
}
