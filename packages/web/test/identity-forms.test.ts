import { describe, expect, it } from 'vitest';
import {
  checkNewToken,
  checkNewUser,
  checkUserChange,
  daysLeft,
  fieldOfPath,
  humanRolesOf,
  sameRoles,
  tokenRolesFor,
} from '../src/admin/identity-forms.ts';

const ok = {
  id: 'k.lehmann',
  displayName: 'Katrin Lehmann',
  roles: ['operator'],
  password: 'a-long-passphrase',
};

describe('user and token form checks (mirror the server)', () => {
  it('a valid new user gives the POST body, trimmed, roles in list order', () => {
    const r = checkNewUser({
      ...ok,
      id: ' k.lehmann ',
      displayName: ' Katrin Lehmann ',
      roles: ['engineer', 'operator'],
    });
    expect(r.problems).toEqual({});
    expect(r.body).toEqual({
      id: 'k.lehmann',
      displayName: 'Katrin Lehmann',
      roles: ['operator', 'engineer'],
      password: 'a-long-passphrase',
    });
  });

  it('names every wrong field and gives no body', () => {
    const r = checkNewUser({
      id: 'K Lehmann',
      displayName: '  ',
      roles: ['agent', 'root'],
      password: 'short',
    });
    expect(r.problems).toEqual({
      id: 'id-format',
      displayName: 'name-missing',
      roles: 'roles-missing',
      password: 'password-short',
    });
    expect(r.body).toBeUndefined();
    expect(checkNewUser({ ...ok, password: 'x'.repeat(1025) }).problems).toEqual({
      password: 'password-long',
    });
    expect(checkNewUser({ ...ok, password: 'x'.repeat(12) }).problems).toEqual({});
    expect(checkNewUser({ ...ok, password: 'x'.repeat(11) }).problems).toEqual({
      password: 'password-short',
    });
    expect(checkNewUser({ ...ok, displayName: 'n'.repeat(201) }).problems).toEqual({
      displayName: 'name-long',
    });
    expect(checkNewUser({ ...ok, id: 'a' }).problems).toEqual({ id: 'id-format' });
  });

  it('a role change sends the roles, a password only when typed', () => {
    expect(checkUserChange({ roles: ['supervisor'], password: '' }).body).toEqual({ roles: ['supervisor'] });
    expect(checkUserChange({ roles: ['supervisor'], password: 'twelve-chars' }).body).toEqual({
      roles: ['supervisor'],
      password: 'twelve-chars',
    });
    expect(checkUserChange({ roles: [], password: 'short' }).problems).toEqual({
      roles: 'roles-missing',
      password: 'password-short',
    });
    expect(sameRoles(['engineer', 'operator'], ['operator', 'engineer', 'operator'])).toBe(true);
    expect(sameRoles(['engineer'], ['engineer', 'operator'])).toBe(false);
    expect(humanRolesOf(['admin', 'agent', 'operator', 'admin'])).toEqual(['operator', 'admin']);
  });

  it('a token never carries admin and stays within its owner roles', () => {
    expect(tokenRolesFor(['admin'])).toEqual([]);
    expect(tokenRolesFor(['supervisor', 'admin'])).toEqual(['supervisor']);
    const base = {
      subject: 'dexter',
      subjectRoles: ['agent'],
      roles: ['agent'],
      expiresInDays: '30',
      label: ' Wall ',
    };
    expect(checkNewToken(base).body).toEqual({
      subject: 'dexter',
      roles: ['agent'],
      expiresInDays: 30,
      label: 'Wall',
    });
    expect(checkNewToken({ ...base, label: '   ' }).body).toEqual({
      subject: 'dexter',
      roles: ['agent'],
      expiresInDays: 30,
    });
    // Roles outside the owner's (or admin) are dropped; none left is a problem of the roles field.
    expect(
      checkNewToken({ ...base, subjectRoles: ['supervisor', 'admin'], roles: ['admin'] }).problems,
    ).toEqual({
      roles: 'token-roles-missing',
    });
    expect(
      checkNewToken({ ...base, subjectRoles: ['supervisor', 'admin'], roles: ['admin', 'supervisor'] }).body
        ?.roles,
    ).toEqual(['supervisor']);
    expect(checkNewToken({ ...base, subjectRoles: ['admin'], roles: ['admin'] }).problems).toEqual({
      roles: 'token-roles-none',
    });
    expect(checkNewToken({ ...base, subjectRoles: undefined }).problems).toEqual({
      subject: 'subject-missing',
    });
    expect(checkNewToken({ ...base, subject: '' }).problems).toEqual({ subject: 'subject-missing' });
    expect(checkNewToken({ ...base, label: 'l'.repeat(201) }).problems).toEqual({ label: 'label-long' });
  });

  it('expiry days are whole numbers from 1 to 365', () => {
    const base = { subject: 'dexter', subjectRoles: ['agent'], roles: ['agent'], label: '' };
    for (const d of ['1', '90', '365', ' 7 '])
      expect(checkNewToken({ ...base, expiresInDays: d }).problems).toEqual({});
    for (const d of ['0', '366', '1.5', '-3', '', 'abc', '1e2'])
      expect(checkNewToken({ ...base, expiresInDays: d }).problems, d).toEqual({
        expiresInDays: 'days-range',
      });
  });

  it('a server error path names the form field', () => {
    const fields = ['id', 'displayName', 'roles', 'password'] as const;
    expect(fieldOfPath('body.password', fields)).toBe('password');
    expect(fieldOfPath('body.roles.0', fields)).toBe('roles');
    expect(fieldOfPath('id', fields)).toBe('id');
    expect(fieldOfPath('roles', fields)).toBe('roles');
    expect(fieldOfPath('body', fields)).toBeUndefined();
    expect(fieldOfPath('body.extra', fields)).toBeUndefined();
    expect(fieldOfPath(undefined, fields)).toBeUndefined();
    expect(fieldOfPath('', fields)).toBeUndefined();
  });

  it('days left round up and stop at zero', () => {
    const day = 86_400_000;
    expect(daysLeft(10 * day, 0)).toBe(10);
    expect(daysLeft(10 * day, 1)).toBe(10);
    expect(daysLeft(10 * day, 9 * day + 1)).toBe(1);
    expect(daysLeft(10 * day, 10 * day)).toBe(0);
    expect(daysLeft(0, 5)).toBe(0);
  });
});
