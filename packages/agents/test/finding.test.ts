import { describe, expect, it } from 'vitest';
import { isAetherError } from '@aethercore/core';
import { AGENT_FINDING_EVENT, findingEvent, findingFromEvent, type AgentFinding } from '../src/index.ts';

const finding: AgentFinding = {
  agent: 'analytika',
  kind: 'anomaly',
  severity: 'warning',
  time: 1_700_000_000_000,
  subject: 'ST05',
  title: { de: 'R7: Schwingung auffällig', en: 'R7: vibration anomalous' },
  evidence: { score: 31.2, threshold: 18 },
};

describe('agent findings as events', () => {
  it('round-trips through the event shape, on the agent stream', () => {
    const e = findingEvent(finding);
    expect(e.type).toBe(AGENT_FINDING_EVENT);
    expect(e.stream).toBe('agents/analytika');
    expect(findingFromEvent(JSON.parse(JSON.stringify(e)) as typeof e)).toEqual(finding);
  });

  it('rejects an unknown agent and a non-integer time with coded errors', () => {
    const code = (f: AgentFinding): string | undefined => {
      try {
        findingEvent(f);
        return undefined;
      } catch (e) {
        return isAetherError(e) ? e.code : 'not coded';
      }
    };
    expect(code({ ...finding, agent: 'mallory' as AgentFinding['agent'] })).toBe('agents.unknown-agent');
    expect(code({ ...finding, time: 1.5 })).toBe('agents.finding-invalid');
    expect(findingFromEvent({ type: 'StationStateChanged', time: 0, data: {} })).toBeUndefined();
  });
});
