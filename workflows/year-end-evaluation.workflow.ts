import { allHandlersFinished, condition, executeChild, setHandler, startChild, uuid4, workflowInfo } from '@temporalio/workflow';
import {
  chainDecisions,
  approvalWorkflowId,
  bonusErrors,
  deadlineWorkflowId,
  dimensions,
  escalatingRules,
  dimensionScoreErrors,
  durationMs,
  gradeLabels,
  noticeKey,
  publishRef,
  publishTemplate,
  scoreEvaluation,
  scoringRef,
  selfAssessmentRef,
  type DimensionScores,
  type EvaluationInputs,
  type EvaluationResult,
} from '../libs/domain/index.js';
import { directory, evaluations, notify, nowIso, refusal, tasks } from './activity-proxies.js';
import { approvalChain } from './approval-chain.workflow.js';
import { satisfySignal } from './deadline.messages.js';
import { deadline } from './deadline.workflow.js';
import { handOverWorkUpdate, type HandOverWorkInput } from './hand-over.messages.js';
import { checkTaker, handOverWork } from './hand-over.js';
import {
  evaluationStateQuery,
  submitScoreUpdate,
  submitSelfAssessmentUpdate,
  type EvaluationState,
  type YearEndEvaluationInput,
} from './year-end-evaluation.messages.js';
import { reportingTo } from './child-outcome.js';

/**
 * 年终考评: the owner's self-assessment, then the evaluators' four-dimension scores, then the score from
 * the year's versioned rules with every input recorded, so anyone can recompute it later.
 */
export async function yearEndEvaluation(input: YearEndEvaluationInput): Promise<EvaluationState> {
  return reportingTo(input.reportTo, () => runEvaluation(input));
}

async function runEvaluation(input: YearEndEvaluationInput): Promise<EvaluationState> {
  const workflowId = workflowInfo().workflowId;
  // The owner is read from the input each time: a 移交 changes it there.
  const { projectId, policy } = input;
  const state: EvaluationState = { evaluationId: uuid4(), status: 'self_assessment', evaluatorIds: [], scoredBy: [], result: null };
  const scores = new Map<string, DimensionScores>();
  const bonuses = new Map<string, number>();
  const inFlight = new Set<string>();
  /** Set once the evaluators' score tasks are written: a score taken before that waits to be recorded. */
  let scoreTasksOpen = false;
  const selfAssessment: { at: string | null } = { at: null };
  const step = (stepKey: string) => ({ workflowId, stepKey, projectId });
  const startDeadline = (ref: string, kind: 'self_assessment' | 'score', title: string, ownerIds: string[], dueAt: string) =>
    startChild(deadline, {
      workflowId: deadlineWorkflowId(ref),
      args: [{ ref, projectId, projectTitle: input.title, title, kind, ownerIds, unitId: input.unitId, dueAt, ladder: policy.ladder }],
    });

  setHandler(evaluationStateQuery, () => state);
  setHandler(
    submitSelfAssessmentUpdate,
    async ({ actorId, summary }) => {
      inFlight.add('self');
      const at = nowIso();
      await evaluations.recordSelfAssessment({ ...step('self-assessment'), evaluationId: state.evaluationId, summary, actorId, at });
      selfAssessment.at = at;
      inFlight.delete('self');
      return state;
    },
    {
      validator: ({ actorId }) => {
        if (actorId !== input.ownerId) throw refusal('FORBIDDEN', 'only the project owner submits the self-assessment');
        if (inFlight.has('self') || selfAssessment.at !== null) throw refusal('WRONG_STAGE', 'the self-assessment has already been submitted');
      },
    },
  );
  setHandler(
    submitScoreUpdate,
    async ({ actorId, scores: given, comment, bonus, bonusJustification }) => {
      inFlight.add(actorId);
      // A score sent the moment its task shows is taken, and recorded once the tasks it closes are there.
      await condition(() => scoreTasksOpen);
      const total = dimensions.reduce((acc, d) => acc + given[d], 0);
      const proposal = bonus === undefined ? {} : { bonus, bonusJustification: bonusJustification?.trim() || null };
      await evaluations.recordScore({ ...step(`score:${actorId}`), evaluationId: state.evaluationId, evaluatorId: actorId, scores: given, total, comment, at: nowIso(), ...proposal });
      scores.set(actorId, given);
      if (bonus !== undefined) bonuses.set(actorId, bonus);
      state.scoredBy.push(actorId);
      inFlight.delete(actorId);
      return state;
    },
    {
      validator: ({ actorId, scores: given, comment, bonus, bonusJustification }) => {
        if (state.status !== 'scoring') throw refusal('WRONG_STAGE', `scores are not being collected now (the evaluation is at ${state.status})`);
        if (!state.evaluatorIds.includes(actorId)) throw refusal('FORBIDDEN', 'you are not an evaluator of this project');
        if (inFlight.has(actorId) || scores.has(actorId)) throw refusal('ALREADY_DECIDED', 'you have already scored this project');
        const errors = [...dimensionScoreErrors(given), ...bonusErrors(bonus, bonusJustification, policy.scoring)];
        if (errors.length > 0) throw refusal('INVALID_INPUT', errors.join('; '));
        if (!comment.trim()) throw refusal('INVALID_INPUT', 'a written justification is required');
      },
    },
  );

  /**
   * 移交: the owner's self-assessment (while it is owed; once it is in, only the owner's place, so the result and the
   * sign-off follow the project to its new holder), or a panel member's score (while it is owed) with their place on
   * the panel. The result then goes to the new owner, and the scores counted are the new member's. A hand-over after
   * the self-assessment was refused before, so no stored history holds one.
   */
  setHandler(
    handOverWorkUpdate,
    async (request) => {
      const { fromId, toId } = request;
      const owner = fromId === input.ownerId;
      inFlight.add(`hand-over:${fromId}`);
      // A place on the panel moves once its score tasks are there to move.
      if (!owner) await condition(() => scoreTasksOpen);
      const result = await handOverWork(
        {
          workflowId,
          projectId,
          kinds: [owner ? 'self_assessment' : 'score'],
          holder: null,
          deadlineIds: [deadlineWorkflowId(owner ? selfAssessmentRef(projectId) : scoringRef(projectId))],
          notice: { projectTitle: input.title, taskTitle: owner ? (selfAssessment.at ? `${input.year}年度项目考评` : `${input.year}年度项目自评`) : '年终考评评分', subject: input.title },
        },
        request,
      );
      if (owner) input.ownerId = toId;
      // A taker already on the panel keeps their one place (their task stays; the leaver's was closed).
      else state.evaluatorIds = [...new Set(state.evaluatorIds.map((id) => (id === fromId ? toId : id)))];
      inFlight.delete(`hand-over:${fromId}`);
      return result;
    },
    { validator: (request) => validateHandOver(request) },
  );

  function validateHandOver(request: HandOverWorkInput): void {
    checkTaker(request);
    const { fromId, toId } = request;
    if (inFlight.has(`hand-over:${fromId}`)) throw refusal('ALREADY_DECIDED', 'the same request is already being processed');
    if (fromId === input.ownerId) {
      if (inFlight.has('self')) throw refusal('ALREADY_DECIDED', 'the self-assessment is being submitted; try again');
      if (state.evaluatorIds.includes(toId)) throw refusal('FORBIDDEN', 'an evaluator of this project cannot become its owner here');
      return;
    }
    if (state.status !== 'scoring' || !state.evaluatorIds.includes(fromId)) throw refusal('WRONG_STAGE', 'the person handing over owes no self-assessment or score here');
    if (scores.has(fromId) || inFlight.has(fromId)) throw refusal('WRONG_STAGE', 'this evaluator has already scored');
    if (toId === input.ownerId) throw refusal('FORBIDDEN', 'the project owner cannot score their own project');
  }

  /** 审定发布: the committee's secretary signs the result off (an approval step in their to-do list) before the owner hears it. */
  async function signOff(result: EvaluationResult): Promise<void> {
    const ref = publishRef(projectId);
    const levels = await directory.resolveLevels({ unitId: input.unitId, submitterId: input.ownerId, template: publishTemplate, rules: escalatingRules });
    const subject = `${input.year}年度考评结果：${input.title}（${result.total} 分，${gradeLabels[result.grade]}）`;
    const chain = await executeChild(approvalChain, {
      workflowId: approvalWorkflowId(ref),
      args: [{ ref, purpose: 'evaluation_publish', projectId, subject, submitterId: input.ownerId, levels, allowed: [...chainDecisions.evaluation_publish] }],
    });
    const signed = chain.decisions[chain.decisions.length - 1];
    await evaluations.recordEvaluationPublished({ ...step('published'), evaluationId: state.evaluationId, publishedBy: signed.actorId, at: signed.at });
  }

  await evaluations.openEvaluation({ ...step('opened'), evaluationId: state.evaluationId, year: input.year, at: nowIso() });
  const selfRef = selfAssessmentRef(projectId);
  const selfDue = await startDeadline(selfRef, 'self_assessment', `${input.year}年度项目自评`, [input.ownerId], policy.selfAssessmentDueAt);
  await tasks.openTasks({
    ...step('self-assessment-task'),
    tasks: [{ id: uuid4(), stepKey: 'self-assessment', kind: 'self_assessment', assigneeId: input.ownerId, title: `${input.year}年度项目自评`, dueAt: policy.selfAssessmentDueAt, subjectId: state.evaluationId }],
  });
  await condition(() => selfAssessment.at !== null);
  await selfDue.signal(satisfySignal, { at: selfAssessment.at as string });

  state.evaluatorIds = await directory.resolveEvaluators({ unitId: input.unitId, ownerId: input.ownerId, ...(policy.panel ? { panel: policy.panel } : {}) });
  // Scoring opens before its tasks are written, so nobody who sees a task is told scores are not being collected.
  state.status = 'scoring';
  const scoringDueAt = new Date(Date.now() + durationMs(policy.scoringDueIn)).toISOString();
  await tasks.openTasks({
    ...step('score-tasks'),
    tasks: state.evaluatorIds.map((evaluatorId) => ({
      id: uuid4(),
      stepKey: `score:${evaluatorId}`,
      kind: 'score' as const,
      assigneeId: evaluatorId,
      title: `年终考评评分：${input.title}`,
      dueAt: scoringDueAt,
      subjectId: state.evaluationId,
    })),
  });
  scoreTasksOpen = true;
  const scoringDue = await startDeadline(scoringRef(projectId), 'score', '年终考评评分', state.evaluatorIds, scoringDueAt);
  await condition(() => state.scoredBy.length === state.evaluatorIds.length && inFlight.size === 0);
  await scoringDue.signal(satisfySignal, { at: nowIso() });

  const completion = await evaluations.loadCompletion({ projectId });
  // Rules before score-v2 take nothing off for overdue items; executions under them never asked for the count.
  const overdueItems = policy.scoring.overdueDeduction ? await evaluations.loadOverdueItems({ projectId }) : undefined;
  const dutyReport = policy.scoring.dutyReportForExcellent ? await evaluations.loadDutyReportRating({ unitId: input.unitId, year: input.year }) : undefined;
  const inputs: EvaluationInputs = {
    scores: state.evaluatorIds.map((id) => scores.get(id) as DimensionScores),
    completion,
    ...(bonuses.size > 0 ? { bonuses: state.evaluatorIds.map((id) => bonuses.get(id) ?? 0) } : {}),
    ...(overdueItems ? { overdueItems } : {}),
    ...(dutyReport !== undefined ? { dutyReport } : {}),
  };
  const result = scoreEvaluation(inputs, policy.scoring);
  await evaluations.recordEvaluationResult({ ...step('result'), evaluationId: state.evaluationId, inputs, result, at: nowIso() });
  state.result = result;
  state.status = 'done';
  await signOff(result);
  await notify({
    key: noticeKey(workflowId, 'result', input.ownerId),
    recipientId: input.ownerId,
    kind: 'evaluation_result',
    projectId,
    data: { projectTitle: input.title, total: result.total, gradeLabel: gradeLabels[result.grade], ruleVersion: result.ruleVersion },
  });
  await Promise.all([selfDue.result(), scoringDue.result()]);
  await condition(allHandlersFinished);
  return state;
}
