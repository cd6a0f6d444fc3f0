import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The first schema: org master data, projects and their read model, the notice outbox, and the append-only,
 * hash-chained audit log. Constraints that guard idempotency and immutability live here, not in code.
 */
export class InitialSchema1795351134363 implements MigrationInterface {
  name = 'InitialSchema1795351134363';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE org_unit (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name text NOT NULL,
        kind text NOT NULL CHECK (kind IN ('committee', 'general_branch', 'branch')),
        parent_id uuid REFERENCES org_unit(id),
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX org_unit_parent_idx ON org_unit(parent_id)`);
    await q.query(`
      CREATE TABLE person (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name text NOT NULL,
        email text NOT NULL,
        password_hash text,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE UNIQUE INDEX person_email_idx ON person(lower(email))`);
    await q.query(`
      CREATE TABLE role_assignment (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        person_id uuid NOT NULL REFERENCES person(id),
        org_unit_id uuid REFERENCES org_unit(id),
        role text NOT NULL CHECK (role IN ('secretary', 'member', 'staff', 'auditor', 'admin')),
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT role_assignment_unique UNIQUE NULLS NOT DISTINCT (person_id, org_unit_id, role)
      )`);
    await q.query(`
      CREATE TABLE year_policy (
        year int PRIMARY KEY,
        version text NOT NULL,
        body jsonb NOT NULL,
        updated_by uuid REFERENCES person(id),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE project (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        year int NOT NULL,
        kind text NOT NULL,
        title text NOT NULL,
        goals jsonb NOT NULL DEFAULT '[]',
        org_unit_id uuid NOT NULL REFERENCES org_unit(id),
        owner_id uuid NOT NULL REFERENCES person(id),
        status text NOT NULL DEFAULT 'draft',
        policy_version text,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX project_unit_year_idx ON project(org_unit_id, year)`);
    await q.query(`
      CREATE TABLE task (
        id uuid PRIMARY KEY,
        workflow_id text NOT NULL,
        step_key text NOT NULL,
        kind text NOT NULL,
        project_id uuid NOT NULL REFERENCES project(id),
        assignee_id uuid NOT NULL REFERENCES person(id),
        title text NOT NULL,
        status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'done', 'cancelled')),
        purpose text,
        chain_ref text,
        level int,
        level_unit_name text,
        subject_id text,
        due_at timestamptz,
        outcome text,
        created_at timestamptz NOT NULL,
        closed_at timestamptz,
        CONSTRAINT task_step_unique UNIQUE (workflow_id, step_key)
      )`);
    await q.query(`CREATE INDEX task_assignee_idx ON task(assignee_id, status)`);
    await q.query(`CREATE INDEX task_project_idx ON task(project_id)`);
    await q.query(`
      CREATE TABLE decision (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        task_id uuid NOT NULL UNIQUE REFERENCES task(id),
        project_id uuid NOT NULL REFERENCES project(id),
        chain_ref text NOT NULL,
        purpose text NOT NULL,
        level int NOT NULL,
        actor_id uuid NOT NULL REFERENCES person(id),
        decision text NOT NULL CHECK (decision IN ('approve', 'reject', 'send_back')),
        comment text,
        decided_at timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX decision_project_idx ON decision(project_id)`);
    await q.query(`
      CREATE TABLE report (
        id uuid PRIMARY KEY,
        project_id uuid NOT NULL REFERENCES project(id),
        quarter int NOT NULL CHECK (quarter BETWEEN 1 AND 4),
        round int NOT NULL,
        content text NOT NULL,
        submitted_by uuid NOT NULL REFERENCES person(id),
        submitted_at timestamptz NOT NULL,
        due_at timestamptz NOT NULL,
        late boolean NOT NULL,
        status text NOT NULL DEFAULT 'submitted' CHECK (status IN ('submitted', 'accepted', 'sent_back')),
        CONSTRAINT report_round_unique UNIQUE (project_id, quarter, round)
      )`);
    await q.query(`
      CREATE TABLE deadline (
        ref text PRIMARY KEY,
        project_id uuid NOT NULL REFERENCES project(id),
        kind text NOT NULL,
        title text NOT NULL,
        due_at timestamptz NOT NULL,
        status text NOT NULL CHECK (status IN ('open', 'overdue', 'met', 'late')),
        submitted_at timestamptz,
        updated_at timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX deadline_project_idx ON deadline(project_id)`);
    await q.query(`
      CREATE TABLE finding (
        id uuid PRIMARY KEY,
        project_id uuid NOT NULL REFERENCES project(id),
        raised_by uuid NOT NULL REFERENCES person(id),
        description text NOT NULL,
        severity text NOT NULL CHECK (severity IN ('general', 'serious', 'major')),
        raised_at timestamptz NOT NULL
      )`);
    await q.query(`
      CREATE TABLE rectification_item (
        id uuid PRIMARY KEY,
        finding_id uuid NOT NULL REFERENCES finding(id),
        project_id uuid NOT NULL REFERENCES project(id),
        measures text NOT NULL,
        party_owner_id uuid NOT NULL REFERENCES person(id),
        business_owner_id uuid NOT NULL REFERENCES person(id),
        status text NOT NULL CHECK (status IN ('open', 'verifying', 'closed')),
        round int NOT NULL DEFAULT 1,
        due_at timestamptz NOT NULL,
        first_due_at timestamptz NOT NULL,
        closed_at timestamptz,
        closed_on_time boolean,
        updated_at timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX rectification_item_project_idx ON rectification_item(project_id)`);
    await q.query(`
      CREATE TABLE evidence (
        id uuid PRIMARY KEY,
        item_id uuid NOT NULL REFERENCES rectification_item(id),
        round int NOT NULL,
        text text NOT NULL,
        submitted_by uuid NOT NULL REFERENCES person(id),
        submitted_at timestamptz NOT NULL
      )`);
    await q.query(`
      CREATE TABLE evaluation (
        id uuid PRIMARY KEY,
        project_id uuid NOT NULL UNIQUE REFERENCES project(id),
        year int NOT NULL,
        status text NOT NULL CHECK (status IN ('self_assessment', 'scoring', 'done')),
        self_assessment text,
        self_assessed_at timestamptz,
        rule_version text,
        inputs jsonb,
        total numeric(6, 2),
        grade text,
        result jsonb,
        created_at timestamptz NOT NULL,
        completed_at timestamptz
      )`);
    await q.query(`
      CREATE TABLE score (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        evaluation_id uuid NOT NULL REFERENCES evaluation(id),
        evaluator_id uuid NOT NULL REFERENCES person(id),
        scores jsonb NOT NULL,
        total numeric(6, 2) NOT NULL,
        comment text NOT NULL,
        scored_at timestamptz NOT NULL,
        CONSTRAINT score_evaluator_unique UNIQUE (evaluation_id, evaluator_id)
      )`);
    await q.query(`
      CREATE TABLE notice (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        idempotency_key text NOT NULL UNIQUE,
        recipient_id uuid NOT NULL REFERENCES person(id),
        email text NOT NULL,
        kind text NOT NULL,
        project_id uuid REFERENCES project(id),
        subject text NOT NULL,
        body text NOT NULL,
        status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'failed')),
        attempts int NOT NULL DEFAULT 0,
        last_error text,
        created_at timestamptz NOT NULL DEFAULT now(),
        sent_at timestamptz,
        read_at timestamptz
      )`);
    await q.query(`CREATE INDEX notice_recipient_idx ON notice(recipient_id, created_at DESC)`);
    await q.query(`
      CREATE TABLE audit_event (
        seq bigserial PRIMARY KEY,
        chain_key text NOT NULL,
        project_id uuid,
        at timestamptz NOT NULL,
        actor_id uuid,
        action text NOT NULL,
        entity text NOT NULL,
        entity_id text,
        detail jsonb NOT NULL DEFAULT '{}',
        workflow_id text,
        step_key text,
        prev_hash text NOT NULL,
        hash text NOT NULL,
        CONSTRAINT audit_event_step_unique UNIQUE (workflow_id, step_key)
      )`);
    await q.query(`CREATE INDEX audit_event_chain_idx ON audit_event(chain_key, seq)`);
    await q.query(`CREATE INDEX audit_event_project_idx ON audit_event(project_id, seq)`);
    // The audit log is evidence: once written, no role the application uses may change or remove it.
    await q.query(`
      CREATE FUNCTION audit_event_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'audit_event is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
      END $$`);
    await q.query(`
      CREATE TRIGGER audit_event_no_update_delete BEFORE UPDATE OR DELETE ON audit_event
      FOR EACH ROW EXECUTE FUNCTION audit_event_append_only()`);
    await q.query(`
      CREATE TRIGGER audit_event_no_truncate BEFORE TRUNCATE ON audit_event
      FOR EACH STATEMENT EXECUTE FUNCTION audit_event_append_only()`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of [
      'audit_event', 'notice', 'score', 'evaluation', 'evidence', 'rectification_item', 'finding', 'deadline',
      'report', 'decision', 'task', 'project', 'year_policy', 'role_assignment', 'person', 'org_unit',
    ]) {
      await q.query(`DROP TABLE ${table}`);
    }
    await q.query(`DROP FUNCTION audit_event_append_only()`);
  }
}
