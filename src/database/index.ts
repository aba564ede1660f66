export { buildDataSourceOptions } from './data-source-options.js';
