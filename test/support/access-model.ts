/**
 * Who may use which route, written down once: one row per route the router serves, read by the access matrix test
 * (test/e2e/access-matrix.spec.ts), which asks every route as every actor and fails on a route with no row here.
 *
 * Actors are named by where they sit relative to the fixture's project, owned by the branch 一车间党支部:
 * `own*` hold a role in that branch, `parent*` in the general branch above it, `sibling*` in a branch of another
 * general branch; `m` member (委员/党员), `s` secretary, `a` auditor; `orgAuditor` and `admin` are granted on the
 * whole organisation. `ownM` is the project's owner. Anonymous, forged and expired tokens are refused (401) on every
 * route that is not public.
 *
 * A new route is one line: its key as the router names it, who gets past its access check, and the kind of object
 * its path names (e.g. `'POST /people/:id/deactivate': { allow: admin, targets: ['person'] }`); the matrix's
 * fixture builds one object of each kind, and its request body, when the route needs one, goes in the matrix.
 */
export const unitActors = ['ownM', 'ownS', 'ownA', 'parentM', 'parentS', 'parentA', 'siblingM', 'siblingS', 'siblingA'] as const;
export const actors = [...unitActors, 'orgAuditor', 'admin'] as const;
export type Actor = (typeof actors)[number];

/** What a route's path parameters name, built once by the matrix's fixture. */
export type Target =
  | 'none'
  | 'project'
  | 'approvalTask'
  | 'campaignTask'
  | 'auditorTask'
  | 'siblingTask'
  | 'projectDeadline'
  | 'campaignDeadline'
  | 'projectWorkflow'
  | 'ownUnit'
  | 'item'
  | 'itemFile'
  | 'evaluation'
  | 'ownerNotice'
  | 'campaign'
  | 'campaignReport'
  | 'year'
  /** Someone of the sibling subtree whom only the routes about one person name. */
  | 'person'
  /** A role held by another spare person of the sibling subtree, named only by the route that ends it. */
  | 'role'
  /** One figure of the statistics dashboard. */
  | 'statsFigure'
  /** A 换届 scheduled ahead (and already carried out), named only by the route that cancels one. */
  | 'termChangeSchedule';

export interface AccessRow {
  /** Anyone may call it, without a token. */
  public?: true;
  /** Who gets past the route's access check; everyone else logged in is refused with `refused`. */
  allow?: readonly Actor[];
  /** 403 unless existence itself is private (404). */
  refused?: 403 | 404;
  /** The object(s) the route names; a route asked about several kinds of object lists each. */
  targets?: readonly Target[];
  /**
   * Allowed callers are not sent the request: a replay bundles the workflow code (a minute of CPU), and the audit
   * tests run it. Refusals are still checked.
   */
  skipAllowed?: string;
}

const all = actors;
const readers: readonly Actor[] = ['ownM', 'ownS', 'ownA', 'parentM', 'parentS', 'parentA', 'orgAuditor', 'admin'];
const writers: readonly Actor[] = ['ownM', 'ownS', 'parentM', 'parentS', 'admin'];
const admin: readonly Actor[] = ['admin'];
/** Statistics: secretaries, committee members (a general branch's) and auditors over their subtree; a branch's members are refused. */
const statsReaders: readonly Actor[] = ['ownS', 'ownA', 'parentM', 'parentS', 'parentA', 'siblingS', 'siblingA', 'orgAuditor', 'admin'];

/** One line per route. */
export const accessModel: Record<string, AccessRow> = {
  'POST /auth/login': { public: true },
  'GET /health': { public: true },
  'GET /health/live': { public: true },
  'GET /health/ready': { public: true },
  'GET /me': { allow: all },
  'POST /me/password': { allow: all },

  'GET /org-units': { allow: all },
  'GET /org-units/:id': { allow: readers, targets: ['ownUnit'] },
  'POST /org-units': { allow: admin },
  'POST /org-units/:id/rename': { allow: admin, targets: ['ownUnit'] },
  'POST /org-units/:id/move': { allow: admin, targets: ['ownUnit'] },
  'POST /org-units/:id/close': { allow: admin, targets: ['ownUnit'] },
  'POST /org-units/:id/term-change': { allow: admin, targets: ['ownUnit'] },
  'POST /org-units/:id/term-change-schedules': { allow: admin, targets: ['ownUnit'] },
  'GET /term-change-schedules': { allow: admin },
  'POST /term-change-schedules/:id/cancel': { allow: admin, targets: ['termChangeSchedule'] },
  'PUT /people/:id': { allow: admin, targets: ['person'] },
  'GET /role-assignments': { allow: admin },
  'GET /org-import/template': { allow: admin },
  'POST /org-import/dry-run': { allow: admin },
  'POST /org-import': { allow: admin },
  'GET /people': { allow: all },
  'POST /people': { allow: admin },
  'POST /role-assignments': { allow: admin },
  'POST /role-assignments/:id/end': { allow: admin, targets: ['role'] },
  'POST /people/:id/password-reset': { allow: admin, targets: ['person'] },
  'POST /people/:id/deactivate': { allow: admin, targets: ['person'] },
  'GET /policies/:year': { allow: all, targets: ['year'] },
  'GET /policies/:year/due-dates': { allow: all, targets: ['year'] },
  'PUT /policies/:year': { allow: admin, targets: ['year'] },
  'GET /calendar/workdays': { allow: all },
  'GET /calendar/overrides': { allow: all },
  'PUT /calendar/overrides': { allow: admin },

  'POST /projects': { allow: writers },
  'GET /projects': { allow: all },
  'GET /projects/:id': { allow: readers, targets: ['project'] },
  'PUT /projects/:id': { allow: ['ownM'], targets: ['project'] },
  'POST /projects/:id/submit': { allow: ['ownM'], targets: ['project'] },
  'POST /projects/:id/withdraw': { allow: writers, targets: ['project'] },
  'POST /projects/:id/resubmit': { allow: writers, targets: ['project'] },
  'POST /projects/:id/reports': { allow: writers, targets: ['project'] },
  'POST /projects/:id/findings': { allow: writers, targets: ['project'] },
  'POST /projects/:id/resume': { allow: admin, targets: ['project'] },
  'POST /projects/:id/self-assessment': { allow: writers, targets: ['project'] },

  'GET /tasks': { allow: all },
  'GET /tasks/:id': { allow: readers, targets: ['approvalTask'] },
  'POST /tasks/:id/decision': { allow: writers, targets: ['approvalTask', 'campaignTask', 'auditorTask', 'siblingTask'] },
  'POST /tasks/:id/delegate': { allow: writers, targets: ['approvalTask', 'campaignTask', 'auditorTask', 'siblingTask'] },
  'POST /tasks/:id/add-approver': { allow: writers, targets: ['approvalTask', 'campaignTask'] },
  'POST /tasks/:id/meeting': { allow: writers, targets: ['approvalTask', 'campaignTask'] },
  'POST /tasks/:id/nudge': { allow: writers, targets: ['approvalTask', 'campaignTask'] },
  'POST /deadlines/:ref/extension': { allow: writers, targets: ['projectDeadline', 'campaignDeadline'] },

  'GET /ledger': { allow: all },
  'GET /ledger/export.csv': { allow: all },
  'GET /rectifications/:id': { allow: readers, targets: ['item'] },
  'POST /rectifications/:id/evidence': { allow: writers, targets: ['item'] },
  'GET /rectifications/:id/files/:fileId': { allow: readers, targets: ['itemFile'] },

  'GET /evaluations': { allow: all },
  'GET /evaluations/:id': { allow: readers, targets: ['evaluation'] },
  'POST /evaluations/:id/scores': { allow: writers, targets: ['evaluation'] },

  'POST /campaigns': { allow: admin },
  'GET /campaigns': { allow: all },
  'GET /campaigns/:id': { allow: readers, targets: ['campaign'] },
  'POST /campaigns/:id/reports': { allow: writers, targets: ['campaign'] },
  'POST /campaigns/:id/reports/:unitId/rating': { allow: admin, targets: ['campaignReport'] },

  'GET /notices': { allow: all },
  'GET /notices/undelivered': { allow: admin },
  'POST /notices/:id/read': { allow: ['ownM'], refused: 404, targets: ['ownerNotice'] },

  'GET /audit/verify': { allow: all },
  'GET /audit/workflows/:id/history': { allow: readers, targets: ['projectWorkflow'] },
  'GET /audit/projects/:id/histories': { allow: readers, targets: ['project'] },
  'GET /audit/projects/:id/timeline': { allow: readers, targets: ['project'] },
  'GET /audit/projects/:id/dossier': { allow: readers, targets: ['project'] },
  'GET /stats/:figure': { allow: statsReaders, targets: ['statsFigure'] },
  'GET /stats/:figure/list': { allow: statsReaders, targets: ['statsFigure'] },
  'GET /stats/:figure/export.xlsx': { allow: statsReaders, targets: ['statsFigure'] },
  'POST /audit/replay': { allow: readers, targets: ['projectWorkflow'], skipAllowed: 'a replay bundles the workflow code; test/e2e/audit-*.spec.ts run it' },
};
