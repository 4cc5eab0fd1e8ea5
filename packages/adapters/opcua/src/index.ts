export {
  startOpcUaServer,
  type OpcUaServerHandle,
  type OpcUaServerOptions,
  type TextReading,
  type WriteDecision,
} from './opcua-server.ts';
export { subscribeOpcUa, type OpcUaSubscription, type SubscribeOptions } from './opcua-client.ts';
export {
  browseEquipment,
  flattenVariables,
  type BrowsedEquipment,
  type BrowsedVariable,
} from './browse-equipment.ts';
export type { ClientConnectOptions } from './client-session.ts';
export { euInformationOf, engineeringUnitOf } from './engineering-units.ts';
export { qualityOf, statusOf } from './status-quality.ts';
export {
  connectActuator,
  type ActuatorOptions,
  type OpcUaActuator,
  type OperationStatus,
  type CallOutcome,
  type ReadOutcome,
  type MethodArgument,
} from './actuator-session.ts';
export {
  methodNodeId,
  type ActuationSurface,
  type MethodSpec,
  type MethodArgumentSpec,
  type MethodArgumentType,
  type MethodValue,
  type MethodStatus,
  type MethodCallResult,
} from './method-surface.ts';
