/**
 * `config/`: the one schema of the gateway's config file, its defaults and loading (every problem with its
 * path and line in one ConfigError), the environment it refers to (tokens, credentials, URLs) and the
 * `ag-exec config check` command.
 */
export {
  hashToken,
  MIN_TOKEN_LENGTH,
  matchToken,
  parseTokens,
  type ResolvedToken,
  TOKENS_ENV,
} from './bearer-tokens.ts';
export { type ConfigCommandDeps, runConfigCommand } from './config-command.ts';
export {
  DEFAULT_SQLITE_PATH,
  type GatewayConfig,
  type GatewayConfigInput,
  gatewayConfigSchema,
  LOG_LEVELS,
  type LogLevel,
  RISK_TRADING_STATES,
  type StoreConfig,
  TOKEN_SCOPES,
  type TokenScope,
  type VenueRateLimitConfig,
} from './config-schema.ts';
export { type ConfigSummary, describeConfig } from './describe-config.ts';
export {
  isLoopbackHost,
  type LoadConfigOptions,
  loadConfig,
  loadConfigFile,
  type RiskCheck,
  riskPolicyYaml,
} from './load-config.ts';
export {
  type Env,
  type ResolvedSecrets,
  type ResolvedStore,
  resolveSecrets,
  type VenueCredentials,
} from './resolve-secrets.ts';
export { Secret } from './secret.ts';
export {
  BINANCE_BASE_URL,
  BINANCE_WS_API_URL,
  type BinanceVenueConfig,
  type PaperVenueConfig,
  POLYMARKET_HOST,
  type PolymarketVenueConfig,
  VENUE_KINDS,
  type VenueConfig,
} from './venue-schema.ts';
