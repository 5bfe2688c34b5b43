// The workflow steps an editor takes from the review page: each is the persisted mutation of the same name, sent
// with the version the editor read. A stale version is a VERSION_CONFLICT that the page shows; nothing is retried
// on its own, so nothing is overwritten without the editor seeing what changed.
import { execute, type ApiError } from '../api/client';
import {
  ApproveStoryDocument,
  ArchiveStoryDocument,
  FeatureStoryDocument,
  PublishStoryDocument,
  RejectStoryDocument,
  RequestStoryChangesDocument,
  ResubmitStoryDocument,
  StartStoryReviewDocument,
  UnfeatureStoryDocument,
  type StoryAction,
} from '../gql/graphql';

/** A workflow step (Story.allowedActions), or featuring a published story (Story.canFeature), which takes no note. */
export type DeskAction = StoryAction | 'FEATURE' | 'UNFEATURE';

export const takesNote = (action: DeskAction) => action !== 'FEATURE' && action !== 'UNFEATURE';

/** What the page offers now: exactly what the API says this caller may do, in its order. */
export function offered(story: { allowedActions: StoryAction[]; canFeature: boolean; featured: boolean }): DeskAction[] {
  return story.canFeature ? [...story.allowedActions, story.featured ? 'UNFEATURE' : 'FEATURE'] : story.allowedActions;
}

export type ActionOutcome =
  | { kind: 'done'; version: number; status: string }
  | { kind: 'conflict'; currentVersion: number }
  | { kind: 'refused'; error: ApiError };

interface Payload {
  story?: { version: number; status: string } | null;
  errors?: { __typename?: string; code?: string; message?: string; currentVersion?: number }[] | null;
}

const documents = {
  START_REVIEW: StartStoryReviewDocument,
  REQUEST_CHANGES: RequestStoryChangesDocument,
  RESUBMIT: ResubmitStoryDocument,
  APPROVE: ApproveStoryDocument,
  PUBLISH: PublishStoryDocument,
  REJECT: RejectStoryDocument,
  ARCHIVE: ArchiveStoryDocument,
  FEATURE: FeatureStoryDocument,
  UNFEATURE: UnfeatureStoryDocument,
} as const;

export async function takeStep(action: DeskAction, id: string, expectedVersion: number, note: string): Promise<ActionOutcome> {
  const variables = takesNote(action) ? { id, expectedVersion, note: note.trim() || null } : { id, expectedVersion };
  // Never sent twice: a mutation after a session ended reports the error and the form keeps the note.
  const result = await execute(documents[action] as never, variables as never, undefined, { retryWhenEnded: false });
  if (!result.ok) return { kind: 'refused', error: result.error };
  const payload = Object.values(result.data as Record<string, Payload>)[0];
  const error = payload?.errors?.[0];
  if (error?.__typename === 'VersionConflictError' && typeof error.currentVersion === 'number')
    return { kind: 'conflict', currentVersion: error.currentVersion };
  if (error || !payload?.story) return { kind: 'refused', error: { code: error?.code ?? 'UNKNOWN', message: error?.message ?? '' } };
  return { kind: 'done', version: payload.story.version, status: payload.story.status };
}
