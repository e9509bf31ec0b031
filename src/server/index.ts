/** `server/`: the gateway service (HTTP + WebSocket) over an ExecutionEngine. See README.md here. */
export { type AuthOptions, type InboundRateLimit, type Principal, type Scope, TokenAuth } from './auth.ts';
export { type ErrorBody, HTTP_STATUS, HttpError, mapError, ServiceErrorCode } from './error-reply.ts';
export { EventRing, STREAM_TYPES, type StreamMessage, type StreamType } from './event-ring.ts';
export { createGatewayApp, type GatewayAppOptions } from './gateway-app.ts';
export { type GatewayAddress, listenGateway } from './listen-gateway.ts';
export {
  type FillView,
  fillView,
  type OrderView,
  orderView,
  type PositionView,
  positionView,
} from './views.ts';
