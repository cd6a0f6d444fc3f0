import type { ComponentType } from 'react';
import type { components } from '../api/schema';

export type TaskView = components['schemas']['TaskResponseDto'];
export type ProjectView = components['schemas']['ProjectDetailResponseDto'];

/**
 * A part of the task page that another feature contributes (composed in app/, as features never import each
 * other): the self-assessment form, a score, a meeting record … Each shows itself only on the tasks it is about.
 */
export type TaskPanel = ComponentType<{ task: TaskView; project: ProjectView | undefined }>;
