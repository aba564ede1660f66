// The build keeps the source tree's layout (dist/src/..., dist/ormconfig.js); dist/main.js is the stable entry point.
require('node:fs').writeFileSync(require('node:path').join(__dirname, '..', 'dist', 'main.js'), "require('./src/main.js');\n");
