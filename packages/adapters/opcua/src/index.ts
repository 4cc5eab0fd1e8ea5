export { startOpcUaServer, type OpcUaServerHandle, type OpcUaServerOptions, type TextReading, type WriteDecision } from './opcua-server.ts';
export { subscribeOpcUa, type OpcUaSubscription, type SubscribeOptions } from './opcua-client.ts';
export { browseEquipment, flattenVariables, type BrowsedEquipment, type BrowsedVariable } from './browse-equipment.ts';
export type { ClientConnectOptions } from './client-session.ts';
export { euInformationOf, engineeringUnitOf } from './engineering-units.ts';
export { qualityOf, statusOf } from './status-quality.ts';
