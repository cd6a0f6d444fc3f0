import { FlowTimeline } from '../features/tasks/components/FlowTimeline';
import ProjectPage from '../features/projects/pages/ProjectPage';

/** A project's page drawing its chains with the task page's timeline: composed here, as features never import each other. */
export default function ProjectRoute() {
  return <ProjectPage chainView={(chain) => <FlowTimeline chain={chain} currentTaskId="" />} />;
}
