import { defineSignal, defineUpdate } from '@temporalio/workflow';
import type { HandOverReason } from '../libs/domain/index.js';

export type { HandOverReason };

/** An administrator hands the work a running workflow holds for `fromId` to `toId`. */
export interface HandOverWorkInput {
  fromId: string;
  toId: string;
  /** The administrator, recorded as the one who acted. */
  byId: string;
  reason: HandOverReason;
}

export interface HandOverWorkResult {
  /** The open tasks now with the taker (closed instead where the taker already held the same work). */
  taskIds: string[];
}

/**
 * 移交: a project's year (its owner's reports), a rectification item (an owner's evidence), a year-end evaluation
 * (the self-assessment, a panel member's score) and a campaign (a unit secretary's report) each take it for the work
 * they hold; the move is audited and the taker told.
 */
export const handOverWorkUpdate = defineUpdate<HandOverWorkResult, [HandOverWorkInput]>('handOverWork');

/** To a due date of handed-over work: its reminders and escalations name the new holder from now on. */
export const replaceOwnerSignal = defineSignal<[{ fromId: string; toId: string }]>('replaceOwner');
