import { ResultPanel } from '../features/evaluation/components/ResultPanel';
import { ScorePanel } from '../features/evaluation/components/ScorePanel';
import { SelfAssessmentPanel } from '../features/evaluation/components/SelfAssessmentPanel';
import { MeetingPanel } from '../features/tasks/components/MeetingPanel';
import TaskPage from '../features/tasks/pages/TaskPage';
import type { TaskPanel } from '../shared/task-panel';
import { TaskPanels } from './TaskPanels';

/**
 * The task page with the panels of the features whose work arrives as tasks, loaded together on demand (a mail link
 * opens exactly this); each shows itself only where it applies.
 */
const panels: readonly TaskPanel[] = [TaskPanels, MeetingPanel, SelfAssessmentPanel, ScorePanel, ResultPanel];

export default function TaskRoute() {
  return <TaskPage panels={panels} />;
}
