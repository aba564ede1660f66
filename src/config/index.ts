export {
  type AppConfig,
  ConfigError,
  type DatabaseConfig,
  type JwtAlgorithm,
  type JwtConfig,
  loadConfig,
  loadConfigFromProcessEnv,
  type MfaConfig,
  type SecurityConfig,
} from './configuration.js';
export { parseDurationSeconds } from './duration.js';
