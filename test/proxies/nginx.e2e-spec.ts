import { describeForwardAuthThrough } from './forward-auth-suite.js';
import { startNginx } from './proxy-harness.js';

// Debian's nginx (1.22, auth_request) with docs/examples/nginx-gatehouse.conf; fails when nginx is not installed.
describeForwardAuthThrough('nginx', startNginx, { gatehouseDown: 503 });
