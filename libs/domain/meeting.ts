import type { ChainState } from './chain.js';
import { DomainError } from './errors.js';

/** 党委会议: what the committee secretary records when a level is decided at a meeting. */
export interface MeetingRecord {
  /** The day the meeting was held, YYYY-MM-DD. */
  heldOn: string;
  attendeeIds: string[];
  votesFor: number;
  votesAgainst: number;
  abstentions: number;
  /** Where the minutes are kept, e.g. "党委会纪要〔2026〕12号". */
  minutesRef: string;
}

export type MeetingOutcome = 'approve' | 'reject';

/**
 * The committee's rules of procedure: a meeting decides only with more than half of its members present (the
 * submitter, who withdraws from the discussion (回避), is not counted), and a motion carries only with the votes of
 * more than half of the members who should attend — not merely of those present.
 */
export function meetingOutcome(memberIds: readonly string[], meeting: MeetingRecord): MeetingOutcome {
  return meeting.votesFor * 2 > memberIds.length ? 'approve' : 'reject';
}

/** Every problem with a meeting record for the current level, in the words a secretary would use. */
export function checkMeeting(state: ChainState, submitterId: string, actorId: string, meeting: MeetingRecord): void {
  if (state.status !== 'pending') throw new DomainError('ALREADY_DECIDED', `this approval is already ${state.status}`);
  const level = state.levels[state.current];
  if (!level.meeting) throw new DomainError('WRONG_STAGE', 'this level is not decided at a committee meeting');
  if (!level.approverIds.includes(actorId)) throw new DomainError('NOT_ASSIGNEE', 'only the committee secretary of this level records its meeting');
  if (!/^\d{4}-\d{2}-\d{2}$/.test(meeting.heldOn) || Number.isNaN(Date.parse(meeting.heldOn))) {
    throw new DomainError('INVALID_INPUT', 'heldOn must be the date of the meeting, YYYY-MM-DD');
  }
  if (!meeting.minutesRef.trim()) throw new DomainError('INVALID_INPUT', 'the meeting needs a minutes reference');
  const members = new Set(level.meeting.memberIds.filter((id) => id !== submitterId));
  if (new Set(meeting.attendeeIds).size !== meeting.attendeeIds.length) throw new DomainError('INVALID_INPUT', 'an attendee is listed twice');
  if (meeting.attendeeIds.includes(submitterId)) throw new DomainError('SELF_APPROVAL', 'the submitter withdraws from the meeting (回避) and does not vote');
  const outsider = meeting.attendeeIds.find((id) => !members.has(id));
  if (outsider) throw new DomainError('INVALID_INPUT', `attendee ${outsider} is not a member of the committee`);
  const votes = [meeting.votesFor, meeting.votesAgainst, meeting.abstentions];
  if (votes.some((v) => !Number.isInteger(v) || v < 0)) throw new DomainError('INVALID_INPUT', 'votes are whole numbers of at least 0');
  if (votes.reduce((a, b) => a + b, 0) !== meeting.attendeeIds.length) {
    throw new DomainError('INVALID_INPUT', 'votes for, against and abstentions must add up to the number of attendees');
  }
  if (meeting.attendeeIds.length * 2 <= members.size) {
    throw new DomainError('QUORUM_NOT_MET', `${meeting.attendeeIds.length} of ${members.size} members attended; more than half must attend for the meeting to decide`);
  }
}
