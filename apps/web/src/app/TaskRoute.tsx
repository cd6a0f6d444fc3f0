import TaskPage from '../features/tasks/pages/TaskPage';
import { TaskPanels } from './TaskPanels';

/** The task page with every area's panels, loaded together on demand (a mail link opens exactly this). */
export default function TaskRoute() {
  return <TaskPage panels={TaskPanels} />;
}
