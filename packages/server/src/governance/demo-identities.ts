import type { HumanPrincipal, IdentityDirectory, Role } from '@aethercore/governance';

/** One demo user per human role (ids are also the login names). */
export const DEMO_USERS: readonly { id: string; displayName: string; roles: readonly Role[] }[] = [
  { id: 'admin', displayName: 'Demo admin', roles: ['admin'] },
  { id: 'operator', displayName: 'Demo operator', roles: ['operator'] },
  { id: 'supervisor', displayName: 'Demo shift supervisor', roles: ['supervisor'] },
  { id: 'engineer', displayName: 'Demo process engineer', roles: ['engineer'] },
  { id: 'manager', displayName: 'Demo production manager', roles: ['production-manager'] },
];

/** The agent team (PRODUCT.md); each gets an identity with the `agent` role and nothing else. */
export const AGENT_NAMES = [
  'Strategos',
  'Analytika',
  'Linguos',
  'Sentinel',
  'Visura',
  'Dexter',
  'Scout',
] as const;

/**
 * Seeds an empty directory: the admin through the one-time bootstrap, then the other users and
 * the agents *by that admin*, so every addition is an audited act of a principal holding
 * `user.manage`, exactly as later additions through the API would be.
 */
export async function seedDemoIdentities(
  identities: IdentityDirectory,
  passwordOf: (userId: string) => string,
): Promise<HumanPrincipal> {
  const [first, ...rest] = DEMO_USERS;
  const admin = await identities.addUser('bootstrap', { ...first!, password: passwordOf(first!.id) });
  for (const u of rest) await identities.addUser(admin, { ...u, password: passwordOf(u.id) });
  for (const name of AGENT_NAMES)
    await identities.addAgent(admin, { id: name.toLowerCase(), displayName: name });
  return admin;
}
