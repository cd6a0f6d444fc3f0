import { FlowTimeline } from '../features/tasks/components/FlowTimeline';
import ProjectPage from '../features/projects/pages/ProjectPage';

type Chain = Parameters<typeof FlowTimeline>[0]['chain'];

/** A project's chains are drawn as a task's are: the timeline comes from the tasks feature, composed here. */
const ChainView = ({ chain }: { chain: Chain }) => <FlowTimeline chain={chain} currentTaskId="" />;

export default function ProjectRoute() {
  return <ProjectPage ChainView={ChainView} />;
}
