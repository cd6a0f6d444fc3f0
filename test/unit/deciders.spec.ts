import { deciderRefusal, deciderRefusalMessage, stepLevelUnits, type OrgUnitNode, type RoleGrant } from '../../libs/domain/index.js';

// committee ─┬─ general ─┬─ branch
//            │           └─ sibling
//            └─ other ──── otherBranch
const units = new Map<string, OrgUnitNode>(
  (
    [
      { id: 'committee', parentId: null, kind: 'committee' },
      { id: 'general', parentId: 'committee', kind: 'general_branch' },
      { id: 'branch', parentId: 'general', kind: 'branch' },
      { id: 'sibling', parentId: 'general', kind: 'branch' },
      { id: 'other', parentId: 'committee', kind: 'general_branch' },
      { id: 'otherBranch', parentId: 'other', kind: 'branch' },
    ] satisfies OrgUnitNode[]
  ).map((u) => [u.id, u]),
);

const at = (levelUnitIds: string[], grants: RoleGrant[], isOwner = false) => deciderRefusal(units, grants, { levelUnitIds, isOwner });

describe(deciderRefusal.name, () => {
  it("lets the level unit's secretaries and members decide, and those of the units above it", () => {
    expect(at(['general'], [{ role: 'secretary', unitId: 'general' }])).toBeNull();
    expect(at(['general'], [{ role: 'member', unitId: 'general' }])).toBeNull();
    expect(at(['general'], [{ role: 'secretary', unitId: 'committee' }])).toBeNull();
    expect(at(['branch'], [{ role: 'member', unitId: 'committee' }])).toBeNull();
  });

  it('lets an organisation-wide admin decide at any level (the fallback when a unit has nobody)', () => {
    expect(at(['branch'], [{ role: 'admin', unitId: null }])).toBeNull();
  });

  it('refuses people below the level, in a sibling subtree, or holding no deciding role', () => {
    expect(at(['general'], [{ role: 'secretary', unitId: 'branch' }])).toBe('no_role');
    expect(at(['general'], [{ role: 'secretary', unitId: 'other' }])).toBe('no_role');
    expect(at(['branch'], [{ role: 'secretary', unitId: 'sibling' }])).toBe('no_role');
    expect(at(['branch'], [{ role: 'staff', unitId: 'branch' }])).toBe('no_role');
    // A role that has ended leaves no grant behind.
    expect(at(['branch'], [])).toBe('no_role');
  });

  it('refuses auditors, wherever they are granted and whatever else they hold', () => {
    expect(at(['branch'], [{ role: 'auditor', unitId: null }])).toBe('auditor');
    expect(at(['branch'], [{ role: 'auditor', unitId: 'committee' }])).toBe('auditor');
    expect(at(['branch'], [{ role: 'auditor', unitId: 'other' }, { role: 'secretary', unitId: 'branch' }])).toBe('auditor');
  });

  it('refuses the owner even when they hold a deciding role at the level', () => {
    expect(at(['branch'], [{ role: 'secretary', unitId: 'branch' }], true)).toBe('owner');
  });

  it('counts every co-owning unit of a 联建共建 level', () => {
    expect(at(['branch', 'otherBranch'], [{ role: 'secretary', unitId: 'otherBranch' }])).toBeNull();
    expect(at(['branch'], [{ role: 'secretary', unitId: 'otherBranch' }])).toBe('no_role');
  });
});

describe(stepLevelUnits.name, () => {
  const named = new Map([...units].map(([id, u]) => [id, { ...u, name: `${id}-name` }]));
  const project = { orgUnitId: 'branch', coOwningUnitIds: [] };

  it("finds the level's unit by its name in the project's line", () => {
    expect(stepLevelUnits(named, project, 'general-name')).toEqual(['general']);
    expect(stepLevelUnits(named, project, 'branch-name')).toEqual(['branch']);
  });

  it('never takes a unit outside the line, and stands for the whole line when the name is not found once', () => {
    expect(stepLevelUnits(named, project, 'other-name')).toEqual(['branch']);
    expect(stepLevelUnits(named, { orgUnitId: 'branch', coOwningUnitIds: ['otherBranch'] }, '共建单位（branch-name、otherBranch-name）')).toEqual(['branch', 'otherBranch']);
    const twins = new Map([...named].map(([id, u]) => [id, { ...u, name: id === 'sibling' ? 'x' : 'same' }]));
    expect(stepLevelUnits(twins, project, 'same')).toEqual(['branch']);
  });
});

describe(deciderRefusalMessage.name, () => {
  it('says in Chinese who may not do what, and why', () => {
    expect(deciderRefusalMessage('auditor', '吴审计', '生产党总支', 'delegate')).toBe('吴审计是纪检审计人员，只监督不审批，不能接受转交');
    expect(deciderRefusalMessage('no_role', '周明', '生产党总支', 'add_approver')).toBe('周明在生产党总支及其上级党组织中没有书记或委员职务，不能被加签');
    expect(deciderRefusalMessage('owner', '你', '一车间党支部', 'decide')).toBe('你是本项目的负责人或提交人，不能审批此事项');
  });
});
