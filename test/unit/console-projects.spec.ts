import { goalErrors, mayWithdraw, pendingSteps, type ProjectDetail } from '../../apps/web/src/features/projects/model.js';

describe('the console\'s project model', () => {
  it('puts the API\'s goal messages beside the row and column they name, and nothing else', () => {
    const beside = goalErrors([
      'goals.1.target must be measurable (能量化、可考核): a number with its unit, a date or a count, e.g. "≥ 40 项"',
      'goals.0.title must be longer than or equal to 1 characters',
      'title must be a string',
    ]);
    expect([...beside.keys()]).toEqual(['1.target', '0.title']);
    expect(beside.get('1.target')).toMatch(/^must be measurable \(能量化、可考核\)/);
  });

  it('waits on the open steps of every chain, and lets the submitter withdraw only an undecided launch', () => {
    const step = (taskId: string, status: 'open' | 'done') => ({ taskId, status }) as ProjectDetail['approvals'][number]['steps'][number];
    const project = { approvals: [{ steps: [step('a', 'done'), step('b', 'open')] }, { steps: [step('c', 'open')] }] } as ProjectDetail;
    expect(pendingSteps(project).map((s) => s.taskId)).toEqual(['b', 'c']);
    expect(['draft', 'in_approval', 'sent_back', 'active', 'withdrawn'].filter((status) => mayWithdraw({ status } as ProjectDetail))).toEqual(['in_approval', 'sent_back']);
  });
});
