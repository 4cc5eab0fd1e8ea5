import { useCallback, useState } from 'react';
import type { AuthLoginResponse, PrincipalView } from '@aethercore/server';
import { governanceApi } from './governance-api.ts';

const KEY = 'aethercore.session';

export interface Session {
  readonly token: string;
  readonly principal: PrincipalView;
  readonly expiresAt: number;
}

export interface SessionApi {
  readonly session: Session | undefined;
  readonly login: (user: string, password: string) => Promise<Session>;
  readonly logout: () => void;
}

/**
 * The signed-in person. The bearer token lives in sessionStorage (this tab only, gone when the tab
 * closes), never in localStorage, so a shared control-room PC does not keep people signed in.
 */
function read(): Session | undefined {
  try {
    const raw = window.sessionStorage.getItem(KEY);
    if (raw === null) return undefined;
    const s = JSON.parse(raw) as Session;
    return s.expiresAt > Date.now() ? s : undefined;
  } catch {
    return undefined;
  }
}

export function useSession(): SessionApi {
  const [session, setSession] = useState<Session | undefined>(read);
  const login = useCallback(async (user: string, password: string): Promise<Session> => {
    const r: AuthLoginResponse = await governanceApi.login(user, password);
    const s: Session = { token: r.token, principal: r.principal, expiresAt: r.expiresAt };
    try {
      window.sessionStorage.setItem(KEY, JSON.stringify(s));
    } catch {
      // storage disabled: signed in for this page view only
    }
    setSession(s);
    return s;
  }, []);
  const logout = useCallback(() => {
    try {
      window.sessionStorage.removeItem(KEY);
    } catch {
      // nothing stored
    }
    setSession(undefined);
  }, []);
  return { session, login, logout };
}

/** Roles that may resume after a stop (the authorization matrix's `stop.resume`). */
export const RESUME_ROLES: readonly string[] = ['supervisor', 'production-manager', 'admin'];
/** Roles that may approve or reject (`proposal.approve` / `proposal.reject`). */
export const DECIDE_ROLES: readonly string[] = ['supervisor', 'engineer', 'production-manager'];
