import { describeForwardAuthThrough } from './forward-auth-suite.js';
import { startCaddy } from './proxy-harness.js';

// Debian's Caddy (2.6, forward_auth) with docs/examples/Caddyfile; fails when caddy is not installed.
describeForwardAuthThrough('Caddy', startCaddy, { gatehouseDown: 503 });
