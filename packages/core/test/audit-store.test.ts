import { MemoryAuditStore } from '../src/ports/audit-store.ts';
import { runAuditStoreContract } from './contracts/audit-store.contract.ts';

runAuditStoreContract('memory', () => new MemoryAuditStore());
