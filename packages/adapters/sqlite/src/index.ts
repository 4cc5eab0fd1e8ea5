export {};
export * from './audit-store.ts';
export * from './audit-ed25519.ts';
export * from './audit-scrypt-password-hasher.ts';
