import { listVariables, type AddressSpaceSpec, type EngineeringUnit } from '@aethercore/core';
import { mqttSignals, type MqttSignal } from '@aethercore/adapter-mqtt';

/**
 * Which of the twin's signals travel over MQTT and which over OPC UA (PRODUCT.md, principle 6:
 * "OPC UA for the machine level, MQTT for sensors"). The split follows what a real line looks like:
 *
 * - MQTT, a condition-monitoring gateway: retrofit sensors that are not part of the machine's
 *   controller — vibration velocity RMS (ISO 10816 / 20816 accelerometers), housing and tool
 *   temperatures (clamp-on RTDs), and the electrical sub-meters (power, energy).
 * - OPC UA, the machine level: what the PLC itself knows — machine state, part counters, the
 *   in-process gauge of the quality characteristic — and every Method and setpoint Dexter acts on.
 *
 * The OPC UA server still serves every variable (a machine's PLC may mirror its sensors); the
 * platform subscribes to each series over exactly one path, so nothing arrives twice.
 */
export const MQTT_SENSOR_SIGNALS: ReadonlySet<string> = new Set([
  'vibrationRmsMmS',
  'temperatureC',
  'powerKW',
  'energyKWh',
]);

export interface SensorSplit {
  /** Numeric series the platform subscribes to over OPC UA. */
  readonly opcua: readonly string[];
  /** Signals the sensor gateway publishes and the platform subscribes to over MQTT. */
  readonly mqtt: readonly MqttSignal[];
  /** The MQTT series with their units (the subscriber refuses any other series or unit). */
  readonly mqttUnits: ReadonlyMap<string, EngineeringUnit>;
}

/** Partitions the numeric series of the address space: disjoint, and together every numeric series. */
export function splitSensorSeries(spec: AddressSpaceSpec, mqttEnabled: boolean): SensorSplit {
  const numeric = listVariables(spec).filter(({ variable }) => variable.dataType !== 'String');
  const onMqtt = (name: string): boolean => mqttEnabled && MQTT_SENSOR_SIGNALS.has(name);
  const mqtt = mqttSignals(spec, (v) => onMqtt(v.name));
  return {
    opcua: numeric.filter(({ variable }) => !onMqtt(variable.name)).map(({ variable }) => variable.seriesId),
    mqtt,
    mqttUnits: new Map(mqtt.map((s) => [s.seriesId, s.unit])),
  };
}
