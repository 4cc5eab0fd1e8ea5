import type {
  AuditCheckpointResponse,
  AuditEntriesResponse,
  AuthLoginResponse,
  ErrorResponse,
  ProposalView,
  ProposalsResponse,
  StopResponse,
} from '@aethercore/server';
import { ApiError } from '../live/api.ts';

/** One JSON request with an optional bearer token; a non-2xx answer throws ApiError with the coded body. */
export async function call<T>(
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
  path: string,
  token?: string,
  body?: unknown,
): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (token !== undefined) headers['authorization'] = `Bearer ${token}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(path, {
    method,
    headers,
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  if (!res.ok) {
    let err: ErrorResponse | undefined;
    try {
      err = (await res.json()) as ErrorResponse;
    } catch {
      err = undefined;
    }
    throw new ApiError(res.status, err);
  }
  return (await res.json()) as T;
}

/** The governance routes (login, stop-all, inbox, audit), typed from @aethercore/server. */
export const governanceApi = {
  login: (user: string, password: string) =>
    call<AuthLoginResponse>('POST', '/api/auth/login', undefined, { user, password }),
  stopState: () => call<StopResponse>('GET', '/api/stop'),
  stop: (token: string, reason: string) => call<StopResponse>('POST', '/api/stop', token, { reason }),
  resume: (token: string, reason: string) => call<StopResponse>('POST', '/api/resume', token, { reason }),
  proposals: (token: string) => call<ProposalsResponse>('GET', '/api/proposals?status=all', token),
  decide: (token: string, id: string, decision: 'approve' | 'reject', reason: string) =>
    call<{ item?: ProposalView }>('POST', `/api/proposals/${encodeURIComponent(id)}/${decision}`, token, {
      reason,
    }),
  audit: (token: string, limit: number) =>
    call<AuditEntriesResponse>('GET', `/api/audit?limit=${limit}`, token),
  checkpoint: (token: string) => call<AuditCheckpointResponse>('GET', '/api/audit/checkpoint', token),
};
