export {
  DEFAULT_TOPIC_PREFIX,
  signalTopic,
  metaTopic,
  gatewayStateTopic,
  parseTopic,
  mqttSignals,
  type MqttSignal,
  type ParsedTopic,
} from './topic-scheme.ts';
export {
  encodeSample,
  decodeSample,
  encodeMeta,
  decodeMeta,
  MAX_PAYLOAD_BYTES,
  type SignalMeta,
} from './payload-codec.ts';
export { startMqttBroker, type MqttBrokerHandle, type MqttBrokerOptions } from './embedded-broker.ts';
export { connectSensorGateway, type SensorGateway, type SensorGatewayOptions } from './sensor-publisher.ts';
export {
  subscribeMqttTelemetry,
  type MqttTelemetryOptions,
  type MqttTelemetryStats,
  type MqttTelemetrySubscription,
} from './telemetry-subscriber.ts';
export { RecentTimes } from './recent-times.ts';
