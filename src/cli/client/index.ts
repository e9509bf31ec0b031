/** `cli/client/`: the `ag-exec` commands that talk to a running gateway over HTTP. */
export { COMMON_HELP, UsageError } from './client-args.ts';
export { alignDecimals, formatTable } from './format.ts';
export {
  DEFAULT_GATEWAY_URL,
  GatewayClient,
  type GatewayClientOptions,
  GatewayRefused,
  GatewayUnreachable,
  OutcomeUnknown,
} from './gateway-client.ts';
export {
  type GatewayCommandIo,
  RISK_GATEWAY_WORDS,
  runGatewayCommand,
} from './run-gateway-command.ts';
