export { connectTransport, type Transport } from './connect.js';
export type { ConnectionStatus } from './connection.js';
export { TransportProvider, useApi, useConnectionStatus, useEvent, useReconnected, useTransport } from './transport-context.js';
