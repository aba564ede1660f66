export {
  type AppConfig,
  ConfigError,
  type DatabaseConfig,
  type HttpConfig,
  type JwtAlgorithm,
  type JwtConfig,
  loadConfig,
  loadConfigFromProcessEnv,
  type SecurityConfig,
} from './configuration.js';
export { parseDurationSeconds } from './duration.js';
