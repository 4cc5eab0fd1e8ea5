import { useCallback, useEffect, useState } from 'react';
import type {
  AuditCheckpointResponse,
  AuditEntriesResponse,
  ProposalView,
  StopResponse,
} from '@aethercore/server';
import { ApiError } from '../live/api.ts';
import { governanceApi } from './governance-api.ts';
import type { SessionApi } from './use-session.ts';

export interface GovernanceView {
  readonly stop: StopResponse | undefined;
  readonly proposals: readonly ProposalView[] | undefined;
  readonly audit: AuditEntriesResponse | undefined;
  readonly checkpoint: AuditCheckpointResponse | undefined;
  readonly engage: (token: string, reason: string) => Promise<void>;
  readonly resume: (reason: string) => Promise<void>;
  readonly decide: (id: string, d: 'approve' | 'reject', reason: string) => Promise<void>;
}

const POLL_MS = 5_000;

/**
 * Stop state (pushed over SSE, polled as a fallback), the inbox and the audit trail (polled every
 * 5 s while signed in). A 401 means the session ended: sign out so the header offers sign-in again.
 */
export function useGovernance(auth: SessionApi, pushed: StopResponse | undefined): GovernanceView {
  const [stop, setStop] = useState<StopResponse | undefined>();
  const [proposals, setProposals] = useState<readonly ProposalView[] | undefined>();
  const [audit, setAudit] = useState<AuditEntriesResponse | undefined>();
  const [checkpoint, setCheckpoint] = useState<AuditCheckpointResponse | undefined>();
  const token = auth.session?.token;
  const { logout } = auth;

  useEffect(() => {
    if (pushed !== undefined) setStop(pushed);
  }, [pushed]);

  const refresh = useCallback(async (): Promise<void> => {
    governanceApi.stopState().then(setStop, () => undefined);
    if (token === undefined) {
      setProposals(undefined);
      setAudit(undefined);
      setCheckpoint(undefined);
      return;
    }
    try {
      const [p, a, c] = await Promise.all([
        governanceApi.proposals(token),
        governanceApi.audit(token, 12),
        governanceApi.checkpoint(token),
      ]);
      setProposals(p.proposals);
      setAudit(a);
      setCheckpoint(c);
    } catch (e) {
      if (e instanceof ApiError && e.status === 401) logout();
      // Otherwise (403 for a role without audit/inbox rights, an outage): keep what we had.
      if (e instanceof ApiError && e.status === 403) {
        governanceApi.audit(token, 12).then(setAudit, () => undefined);
        governanceApi.proposals(token).then(
          (p) => setProposals(p.proposals),
          () => undefined,
        );
      }
    }
  }, [token, logout]);

  useEffect(() => {
    void refresh();
    const timer = setInterval(() => void refresh(), POLL_MS);
    return () => clearInterval(timer);
  }, [refresh]);

  const engage = useCallback(
    async (t: string, reason: string): Promise<void> => {
      setStop(await governanceApi.stop(t, reason));
      void refresh();
    },
    [refresh],
  );
  const resume = useCallback(
    async (reason: string): Promise<void> => {
      if (token === undefined) return;
      setStop(await governanceApi.resume(token, reason));
      void refresh();
    },
    [token, refresh],
  );
  const decide = useCallback(
    async (id: string, d: 'approve' | 'reject', reason: string): Promise<void> => {
      if (token === undefined) return;
      await governanceApi.decide(token, id, d, reason);
      await refresh();
    },
    [token, refresh],
  );
  return { stop, proposals, audit, checkpoint, engage, resume, decide };
}
