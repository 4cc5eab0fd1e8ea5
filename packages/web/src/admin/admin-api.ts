import type {
  PolicyHistoryResponse,
  PolicyResponse,
  TokenCreatedResponse,
  TokensResponse,
  UserView,
  UsersResponse,
} from '@aethercore/server';
import { call } from '../governance/governance-api.ts';

/** Policy authorship, its history, users and sign-out (routes in docs/governance-api.md). */
export const adminApi = {
  policy: (token: string) => call<PolicyResponse>('GET', '/api/policy', token),
  history: (token: string) => call<PolicyHistoryResponse>('GET', '/api/policy/history', token),
  changePolicy: (token: string, text: string, reason: string) =>
    call<PolicyResponse>('PUT', '/api/policy', token, { policy: text, reason }),
  users: (token: string) => call<UsersResponse>('GET', '/api/users', token),
  addUser: (token: string, body: { id: string; displayName: string; roles: string[]; password: string }) =>
    call<UserView>('POST', '/api/users', token, body),
  changeUser: (
    token: string,
    id: string,
    body: { roles?: string[]; disabled?: boolean; password?: string },
  ) => call<UserView>('PATCH', `/api/users/${encodeURIComponent(id)}`, token, body),
  tokens: (token: string) => call<TokensResponse>('GET', '/api/tokens', token),
  issueToken: (
    token: string,
    body: { subject: string; roles: string[]; expiresInDays: number; label?: string },
  ) => call<TokenCreatedResponse>('POST', '/api/tokens', token, body),
  revokeToken: (token: string, id: string) =>
    call<{ id: string; revoked: boolean }>('DELETE', `/api/tokens/${encodeURIComponent(id)}`, token),
  logout: (token: string) => call<{ signedOut: boolean }>('POST', '/api/auth/logout', token),
};

/** Roles that may change the policy (the authorization matrix's `policy.change`). */
export const POLICY_CHANGE_ROLES: readonly string[] = ['engineer', 'production-manager'];
/** Roles that may see and manage users (`user.manage`) and API tokens (`token.issue`). */
export const USER_ADMIN_ROLES: readonly string[] = ['admin'];

/** The editor starts from the text in force with its version bumped by one (the server insists on +1). */
export function nextVersionText(text: string, version: number): string {
  const bumped = text.replace(/^(version:\s*)\d+/m, `$1${version + 1}`);
  if (bumped !== text) return bumped;
  return text.replace(/"version"\s*:\s*\d+/, `"version": ${version + 1}`);
}

/** Sign-out that also ends the session on the server (the stored token hash is deleted). */
export function serverSignOut(auth: {
  session: { token: string } | undefined;
  logout: () => void;
}): () => void {
  return () => {
    const token = auth.session?.token;
    if (token !== undefined) void adminApi.logout(token).catch(() => undefined);
    auth.logout();
  };
}
