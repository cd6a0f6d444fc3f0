import { chainDirectory, defaultApprovalPolicy, deriveLevels, launchTemplateFor } from '../../libs/domain/index.js';
import { demoDraft, demoLogins, demoRoles, demoUnits } from '../../scripts/seed.js';

/** The levels the default policy gives the demo draft on the demo tree, as person keys (wang, li, …). */
function demoDraftLevels(): string[][] {
  const units = new Map(demoUnits.map((u) => [u.key as string, { id: u.key as string, parentId: u.parent, kind: u.kind, name: u.name }]));
  const holders = (role: string) => (unitId: string) => demoRoles.filter(([, r, u]) => r === role && u === unitId).map(([key]) => key);
  const dir = chainDirectory(units, { secretariesOf: holders('secretary'), membersOf: holders('member'), adminIds: ['admin'] });
  const levels = deriveLevels(
    dir,
    launchTemplateFor(defaultApprovalPolicy, demoDraft.body.kind),
    { unitId: demoDraft.unit, submitterId: demoDraft.owner },
    defaultApprovalPolicy.rules,
  );
  return levels.map((l) => l.approverIds);
}

const bannerLine = (key: string) => demoLogins.find(([email]) => email === `${key}@demo.tandem`)?.[1] ?? '';

describe('the npm run up banner', () => {
  it('names the people who approve the demo draft, in the order they are asked', () => {
    const levels = demoDraftLevels();
    expect(levels).toEqual([['zhang'], ['li']]);
    expect(bannerLine(levels[0][0])).toContain('first launch approval of that draft');
    expect(bannerLine(levels[1][0])).toContain('second and last launch approval of that draft');
    // Nobody else is said to approve its launch.
    const approvers = new Set(levels.flat());
    for (const [email, role] of demoLogins) {
      if (!approvers.has(email.split('@')[0])) expect(role).not.toMatch(/(first|final|second)[^,]* (launch )?approval/);
    }
  });
});
