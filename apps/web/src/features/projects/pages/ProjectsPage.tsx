import { Alert, Typography } from 'antd';
import { useSearchParams } from 'react-router';
import { messageOf } from '../../../api/errors';
import type { components } from '../../../api/schema';
import { projectKindLabels, projectStatusLabels } from '../../../shared/labels';
import { useProjects } from '../api';
import { ProjectFilters } from '../components/ProjectFilters';
import { ProjectResults } from '../components/ProjectResults';
import { filterChoices, filtersFrom, matchesKeyword, paramsOf, serverFilters } from '../model';

const kinds = Object.keys(projectKindLabels) as components['schemas']['ProjectKind'][];
const statuses = Object.keys(projectStatusLabels) as components['schemas']['ProjectStatus'][];

/** 项目: the projects in my scope, searched and filtered, the filters kept in the address; overdue ones badged. */
export default function ProjectsPage() {
  const [params, setParams] = useSearchParams();
  const filters = filtersFrom(params, kinds, statuses);
  const everything = useProjects({});
  const found = useProjects(serverFilters(filters));
  const shown = (found.data ?? []).filter((p) => matchesKeyword(p, filters.q));
  const { units, years } = filterChoices(everything.data ?? []);
  return (
    <>
      <Typography.Title level={1} style={{ fontSize: 20 }}>
        项目
      </Typography.Title>
      <ProjectFilters
        filters={filters}
        units={units}
        years={years}
        // Merged into the address as it is when the change lands, not as this render saw it: a search typed just after
        // a filter was picked keeps that filter.
        onChange={(patch) => setParams((current) => paramsOf({ ...filtersFrom(current, kinds, statuses), ...patch }), { replace: true })}
        onClear={() => setParams(new URLSearchParams(), { replace: true })}
      />
      {found.error && <Alert type="error" title={messageOf(found.error)} showIcon role="alert" />}
      <Typography.Paragraph type="secondary" aria-live="polite">
        共 {shown.length} 个项目
      </Typography.Paragraph>
      <ProjectResults projects={shown} loading={found.isPending} />
    </>
  );
}
