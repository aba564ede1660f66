export {
  type AppConfig,
  type AuditConfig,
  type MetricsConfig,
  ConfigError,
  type DatabaseConfig,
  type JwtAlgorithm,
  type JwtConfig,
  loadConfig,
  loadConfigFromProcessEnv,
  type SecurityConfig,
} from './configuration.js';
export { parseDurationSeconds } from './duration.js';
