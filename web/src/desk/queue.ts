// The review queue's state lives in the URL (/desk?status=IN_REVIEW&org=…&section=…), like every page of the app:
// a queue view can be bookmarked and shared between editors.
import type { StoryFilterInput, StoryStatus } from '../gql/graphql';

export const queueStatuses = ['SUBMITTED', 'IN_REVIEW', 'CHANGES_REQUESTED', 'APPROVED'] as const satisfies readonly StoryStatus[];
export type QueueStatus = (typeof queueStatuses)[number];

export interface QueueState {
  status: QueueStatus;
  organizationId: string | null;
  sectionId: string | null;
  after: string | null;
}

export const pageSize = 20;

export function parseQueueState(search: string): QueueState {
  const params = new URLSearchParams(search);
  const status = params.get('status');
  return {
    status: (queueStatuses as readonly string[]).includes(status ?? '') ? (status as QueueStatus) : 'SUBMITTED',
    organizationId: params.get('org') || null,
    sectionId: params.get('section') || null,
    after: params.get('after') || null,
  };
}

export function queueSearch(state: QueueState): string {
  const params = new URLSearchParams();
  if (state.status !== 'SUBMITTED') params.set('status', state.status);
  if (state.organizationId) params.set('org', state.organizationId);
  if (state.sectionId) params.set('section', state.sectionId);
  if (state.after) params.set('after', state.after);
  const query = params.toString();
  return query ? `?${query}` : '';
}

/** What narrows the counts and the list alike: the submitting organisation and the directive section, when chosen. */
export function queueScope(state: QueueState): StoryFilterInput {
  const scope: StoryFilterInput = {};
  if (state.organizationId) scope.submittingOrganizationId = { eq: state.organizationId };
  if (state.sectionId) scope.sectionIds = { some: { eq: state.sectionId } };
  return scope;
}

export function queueVariables(state: QueueState) {
  return { scope: queueScope(state), status: state.status, first: pageSize, after: state.after };
}

/** Whether a workflow step concerns what this queue shows: a story moving into or out of one of its states. */
export function affectsQueue(event: { from?: StoryStatus | null; to: StoryStatus }): boolean {
  const inQueue = (s: StoryStatus | null | undefined) => !!s && (queueStatuses as readonly string[]).includes(s);
  return inQueue(event.from) || inQueue(event.to);
}
