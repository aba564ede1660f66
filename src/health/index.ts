export { HealthModule } from './health.module.js';
export { HealthErrors } from './health.errors.js';
