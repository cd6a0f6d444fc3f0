import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

@Entity('person')
export class PersonEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column({ type: 'text' }) name!: string;
  @Column({ type: 'text' }) email!: string;
  @Column({ name: 'password_hash', type: 'text', nullable: true, select: false }) passwordHash!: string | null;
  @Column({ name: 'created_at', type: 'timestamptz', insert: false, update: false }) createdAt!: Date;
}
