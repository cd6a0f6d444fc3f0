import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A file attached to rectification evidence (佐证材料), with the SHA-256 auditors check it against. */
@Entity('evidence_file')
export class EvidenceFileEntity {
  @PrimaryColumn({ type: 'uuid' }) id!: string;
  @Column({ name: 'item_id', type: 'uuid' }) itemId!: string;
  /** Null until the workflow has recorded the evidence the file belongs to. */
  @Column({ name: 'evidence_id', type: 'uuid', nullable: true }) evidenceId!: string | null;
  @Column({ type: 'text' }) name!: string;
  @Column({ name: 'content_type', type: 'text' }) contentType!: string;
  @Column({ type: 'int' }) size!: number;
  @Column({ type: 'text' }) sha256!: string;
  /** Not read with the row: lists show the file, a download fetches its bytes. */
  @Column({ type: 'bytea', select: false }) data!: Buffer;
  @Column({ name: 'uploaded_by', type: 'uuid' }) uploadedBy!: string;
  @Column({ name: 'uploaded_at', type: 'timestamptz', insert: false, update: false }) uploadedAt!: Date;
}
