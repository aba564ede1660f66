import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { loadConfigFromProcessEnv } from './src/config/configuration.js';
import { buildDataSourceOptions } from './src/database/data-source-options.js';

// The DataSource of the TypeORM CLI (npm run migration:run / migration:generate): the same options the app uses.
const options = buildDataSourceOptions(loadConfigFromProcessEnv().database);
export default new DataSource({ ...options, migrationsRun: false, synchronize: false });
