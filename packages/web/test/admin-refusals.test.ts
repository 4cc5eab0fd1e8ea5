import { describe, expect, it } from 'vitest';
import { refusalText } from '../src/admin/refusal-text.ts';
import { serverProblem } from '../src/admin/form-bits.tsx';
import { ApiError } from '../src/live/api.ts';

describe("the server's refusals in the reader's language", () => {
  it('a known code is translated, with the code kept in parentheses', () => {
    const r = {
      code: 'access.self-change',
      message: 'Nobody may change their own roles or disable themselves.',
    };
    expect(refusalText('de', r)).toBe(
      'Niemand darf die eigenen Rollen ändern oder sich selbst sperren. Bitte eine andere Administratorin oder einen anderen Administrator fragen. (access.self-change)',
    );
    expect(refusalText('en', r)).toBe(
      'Nobody may change their own roles or disable themselves. Ask another administrator. (access.self-change)',
    );
  });

  it("an unknown code keeps the server's message and the code; no code shows the message; never blank", () => {
    const r = { code: 'access.something-new', message: 'Something new went wrong.' };
    expect(refusalText('de', r)).toBe('access.something-new: Something new went wrong.');
    expect(refusalText('en', { message: 'Failed to fetch' })).toBe('Failed to fetch');
    expect(refusalText('de', { code: '', message: 'HTTP 502' })).toBe('HTTP 502');
  });

  it('serverProblem keeps the code, the message and the field its path names', () => {
    const e = new ApiError(400, {
      code: 'api.body-invalid',
      message: 'Invalid request body at body.password',
      path: 'body.password',
    });
    expect(serverProblem(e, ['id', 'password'] as const)).toEqual({
      code: 'api.body-invalid',
      message: 'Invalid request body at body.password',
      field: 'password',
    });
    expect(serverProblem(new Error('Failed to fetch'), [])).toEqual({ message: 'Failed to fetch' });
  });
});
