import { describe, expect, it } from 'vitest';
import { affectsQueue, parseQueueState, queueSearch, queueVariables } from './queue';

describe('review queue state', () => {
  it('reads the URL, defaulting to SUBMITTED, and writes it back', () => {
    expect(parseQueueState('')).toEqual({ status: 'SUBMITTED', organizationId: null, sectionId: null, after: null });
    const state = parseQueueState('?status=IN_REVIEW&org=T3Jn&section=U2Vj&after=abc');
    expect(state).toEqual({ status: 'IN_REVIEW', organizationId: 'T3Jn', sectionId: 'U2Vj', after: 'abc' });
    expect(queueSearch(state)).toBe('?status=IN_REVIEW&org=T3Jn&section=U2Vj&after=abc');
    expect(queueSearch(parseQueueState('?status=SUBMITTED'))).toBe('');
  });

  it('refuses states outside the queue (a hand-edited URL)', () => {
    expect(parseQueueState('?status=PUBLISHED').status).toBe('SUBMITTED');
    expect(parseQueueState('?status=%3Cscript%3E').status).toBe('SUBMITTED');
  });

  it('narrows counts and list by the same scope', () => {
    expect(queueVariables(parseQueueState('?status=APPROVED&org=O&section=S'))).toEqual({
      scope: { submittingOrganizationId: { eq: 'O' }, sectionIds: { some: { eq: 'S' } } },
      status: 'APPROVED',
      first: 20,
      after: null,
    });
    expect(queueVariables(parseQueueState('')).scope).toEqual({});
  });

  it('reacts to steps into or out of the queue only', () => {
    expect(affectsQueue({ from: null, to: 'SUBMITTED' })).toBe(true);
    expect(affectsQueue({ from: 'APPROVED', to: 'PUBLISHED' })).toBe(true);
    expect(affectsQueue({ from: 'PUBLISHED', to: 'ARCHIVED' })).toBe(false);
  });
});
