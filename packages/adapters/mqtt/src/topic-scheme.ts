import {
  AetherError,
  describeValue,
  listVariables,
  type AddressSpaceSpec,
  type EngineeringUnit,
} from '@aethercore/core';

/**
 * The MQTT topic scheme: a Unified Namespace in the ISA-95 equipment hierarchy (IEC 62264-1 §5:
 * enterprise/site → area → line → work cell → equipment), one topic per signal:
 *
 *   aethercore/v1/<site>/<area>/<line>/<workcell>/<equipment>/<signal>          data, QoS 1, not retained
 *   aethercore/v1/<site>/<area>/<line>/<workcell>/<equipment>/<signal>/$meta    birth, QoS 1, retained
 *   aethercore/v1/$gateway/<gatewayId>/$state                                   "online"/"offline", retained, last will
 *
 * The `$`-prefixed attribute levels follow the Homie convention (homieiot.github.io: `$state`,
 * attributes next to the value topic); a `$` level is legal anywhere but the first level (MQTT 3.1.1
 * §4.7.2 reserves only topics *starting* with `$` for the broker). The last two levels are the
 * platform's series id (`ST05/vibrationRmsMmS`), so a topic maps to a series without a lookup table.
 * `v1` versions the payload format, so a later format can run side by side.
 */
export const DEFAULT_TOPIC_PREFIX = 'aethercore/v1';

/** A topic level may not be empty or contain the separator, wildcards or NUL (MQTT 3.1.1 §4.7.1, §1.5.3). */
const LEVEL = /^[^/+#\u0000]{1,128}$/u;

/** One signal a sensor gateway publishes: where it sits in the hierarchy and what it measures. */
export interface MqttSignal {
  /** The platform's series id, `${equipment}/${signal}`. */
  readonly seriesId: string;
  /** Equipment ids from the site down to the equipment (`SITE-A`, `WH4`, `L1`, `WC-ROBOT`, `ST05`). */
  readonly path: readonly string[];
  /** The signal's name, the last topic level (`vibrationRmsMmS`). */
  readonly signal: string;
  readonly unit: EngineeringUnit;
  readonly euRange?: { readonly low: number; readonly high: number };
  readonly description?: string;
}

/** What a topic under the prefix is. */
export type ParsedTopic =
  | {
      readonly kind: 'data';
      readonly seriesId: string;
      readonly path: readonly string[];
      readonly signal: string;
    }
  | {
      readonly kind: 'meta';
      readonly seriesId: string;
      readonly path: readonly string[];
      readonly signal: string;
    }
  | { readonly kind: 'state'; readonly gatewayId: string };

function topicError(message: string, topic: unknown): AetherError {
  return new AetherError({
    code: 'mqtt.topic-invalid',
    message: `${message}: ${describeValue(topic)}`,
    hint: 'topics are <prefix>/<site>/<area>/<line>/<workcell>/<equipment>/<signal>[/$meta] or <prefix>/$gateway/<id>/$state (docs/mqtt.md)',
    path: 'topic',
  });
}

function checkLevels(levels: readonly string[], what: unknown): void {
  for (const l of levels)
    if (!LEVEL.test(l) || l.startsWith('$'))
      throw topicError('a topic level is empty, too long or holds /, +, #, NUL or a leading $', what);
}

/** The data topic of a signal (its birth topic is this plus `/$meta`). Throws `mqtt.topic-invalid`. */
export function signalTopic(prefix: string, path: readonly string[], signal: string): string {
  checkLevels([...path, signal], [...path, signal].join('/'));
  if (path.length < 1) throw topicError('a signal needs an equipment path', path);
  return `${prefix}/${path.join('/')}/${signal}`;
}

export function metaTopic(prefix: string, path: readonly string[], signal: string): string {
  return `${signalTopic(prefix, path, signal)}/$meta`;
}

export function gatewayStateTopic(prefix: string, gatewayId: string): string {
  checkLevels([gatewayId], gatewayId);
  return `${prefix}/$gateway/${gatewayId}/$state`;
}

/**
 * Parses a topic the subscriber received. Throws `mqtt.topic-invalid` for anything that is not
 * one of the three shapes (hostile or foreign topics on a shared broker are counted, never trusted).
 */
export function parseTopic(prefix: string, topic: unknown): ParsedTopic {
  if (typeof topic !== 'string' || topic.length > 1024)
    throw topicError('not a topic string of at most 1024 characters', topic);
  if (!topic.startsWith(`${prefix}/`)) throw topicError(`not under the prefix ${prefix}`, topic);
  const levels = topic.slice(prefix.length + 1).split('/');
  if (levels.length === 3 && levels[0] === '$gateway' && levels[2] === '$state') {
    const gatewayId = levels[1] ?? '';
    checkLevels([gatewayId], topic);
    return { kind: 'state', gatewayId };
  }
  const meta = levels.at(-1) === '$meta';
  const rest = meta ? levels.slice(0, -1) : levels;
  // At least an equipment and a signal; at most the ISA-95 depth plus the signal.
  if (rest.length < 2 || rest.length > 8) throw topicError('expected 2–8 hierarchy levels', topic);
  checkLevels(rest, topic);
  const signal = rest.at(-1) ?? '';
  const path = rest.slice(0, -1);
  const seriesId = `${path.at(-1) ?? ''}/${signal}`;
  return { kind: meta ? 'meta' : 'data', seriesId, path, signal };
}

/**
 * The signals of an address space that `select` picks, with their ISA-95 paths: what a sensor
 * gateway publishes and what the platform expects to receive.
 */
export function mqttSignals(
  spec: AddressSpaceSpec,
  select: (v: { readonly name: string; readonly seriesId: string }) => boolean,
): MqttSignal[] {
  return listVariables(spec)
    .filter(({ variable }) => variable.dataType !== 'String' && select(variable))
    .map(({ path, variable }) => ({
      seriesId: variable.seriesId,
      path,
      signal: variable.name,
      unit: variable.unit,
      ...(variable.euRange === undefined ? {} : { euRange: variable.euRange }),
      ...(variable.description === undefined ? {} : { description: variable.description }),
    }));
}
