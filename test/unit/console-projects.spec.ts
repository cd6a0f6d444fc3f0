import { goalErrors, mayWithdraw, pendingSteps, type ProjectDetail } from '../../apps/web/src/features/projects/model.js';

describe('the console\'s project model', () => {
  it('puts the API\'s goal messages beside the row and column they name, and nothing else', () => {
    const beside = goalErrors([
      'goals.1.target: 年度目标第 2 项的考核指标须能量化、可考核：写明带单位的数字、日期或数量，例如「≥ 40 项」「≥ 95%」「2026-06-30 前完成」「12」',
      'goals.0.title: 请填写年度目标第 1 项的目标名称',
      'title: 项目名称应为文字',
    ]);
    expect([...beside.keys()]).toEqual(['1.target', '0.title']);
    expect(beside.get('1.target')).toMatch(/^年度目标第 2 项的考核指标须能量化、可考核/);
  });

  it('waits on the open steps of every chain, and lets the submitter withdraw only an undecided launch', () => {
    const step = (taskId: string, status: 'open' | 'done') => ({ taskId, status }) as ProjectDetail['approvals'][number]['steps'][number];
    const project = { approvals: [{ steps: [step('a', 'done'), step('b', 'open')] }, { steps: [step('c', 'open')] }] } as ProjectDetail;
    expect(pendingSteps(project).map((s) => s.taskId)).toEqual(['b', 'c']);
    expect(['draft', 'in_approval', 'sent_back', 'active', 'withdrawn'].filter((status) => mayWithdraw({ status } as ProjectDetail))).toEqual(['in_approval', 'sent_back']);
  });
});
