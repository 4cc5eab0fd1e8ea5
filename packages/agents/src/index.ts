// The agent team (PRODUCT.md): pure decision logic per agent. Agents observe through ports and values
// handed to them, report findings (facts for the log and the dashboard) and send actions to Sentinel
// as proposals. The server composes them into the live loop; nothing here does I/O or reads a clock.
export * from './finding.ts';
export * from './strategos/index.ts';
export * from './analytika/index.ts';
export * from './evidence-refresh.ts';
export * from './analytika/summary/index.ts';
