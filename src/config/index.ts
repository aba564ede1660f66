export {
  type AppConfig,
  type AuditConfig,
  type MetricsConfig,
  ConfigError,
  type DatabaseConfig,
  type HttpConfig,
  type JwtAlgorithm,
  type JwtConfig,
  type MailConfig,
  type RecoveryConfig,
  loadConfig,
  loadConfigFromProcessEnv,
  type MfaConfig,
  type SecurityConfig,
} from './configuration.js';
export { parseDurationSeconds } from './duration.js';
export { defaultPasswordHashConcurrency } from './security.config.js';
