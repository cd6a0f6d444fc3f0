import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { NoticeKind } from '../../domain/index.js';

/** Outbox and inbox in one row: written before the mail goes out, read by the in-app notice list. */
@Entity('notice')
export class NoticeEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column({ name: 'idempotency_key', type: 'text' }) idempotencyKey!: string;
  @Column({ name: 'recipient_id', type: 'uuid' }) recipientId!: string;
  @Column({ type: 'text' }) email!: string;
  @Column({ type: 'text' }) kind!: NoticeKind;
  @Column({ name: 'project_id', type: 'uuid', nullable: true }) projectId!: string | null;
  @Column({ type: 'text' }) subject!: string;
  @Column({ type: 'text' }) body!: string;
  /** in_digest: not mailed by itself; the next 09:00 digest lists the work it is about. */
  @Column({ type: 'text' }) status!: 'pending' | 'sent' | 'failed' | 'in_digest';
  @Column({ type: 'int' }) attempts!: number;
  @Column({ name: 'last_error', type: 'text', nullable: true }) lastError!: string | null;
  /** Who is mailing it now, and until when that claim holds unless renewed: a claim that lapses was a crashed sender. */
  @Column({ name: 'claimed_by', type: 'text', nullable: true }) claimedBy!: string | null;
  @Column({ name: 'claimed_until', type: 'timestamptz', nullable: true }) claimedUntil!: Date | null;
  /** Set while an SMTP transaction runs: a claim that lapses with it set leaves the notice in doubt, not to be resent. */
  @Column({ name: 'sending_since', type: 'timestamptz', nullable: true }) sendingSince!: Date | null;
  /** A deferred notice: when the sweeper tries it again. */
  @Column({ name: 'next_attempt_at', type: 'timestamptz', nullable: true }) nextAttemptAt!: Date | null;
  @Column({ name: 'created_at', type: 'timestamptz', insert: false, update: false }) createdAt!: Date;
  @Column({ name: 'sent_at', type: 'timestamptz', nullable: true }) sentAt!: Date | null;
  @Column({ name: 'read_at', type: 'timestamptz', nullable: true }) readAt!: Date | null;
}
