// Preloaded (node --require) into a Gatehouse under bench/profile-many-users.mjs: SIGWINCH starts V8's CPU profiler,
// the next SIGWINCH stops it and writes <GATEHOUSE_PROFILE_DIR>/<n>.cpuprofile. `node --cpu-prof` cannot be used: it
// profiles start-up too and writes only on a normal exit, while Nest's shutdown hook re-raises SIGTERM and the process
// dies of it. SIGWINCH because Nest's enableShutdownHooks() closes the app on SIGUSR2 (and node keeps SIGUSR1 for its
// inspector); a server has no terminal to resize. In-process, so no inspector port is opened.
const { Session } = require('node:inspector');
const { writeFileSync, renameSync } = require('node:fs');
const { join } = require('node:path');

const dir = process.env.GATEHOUSE_PROFILE_DIR;
const intervalUs = Number(process.env.GATEHOUSE_PROFILE_INTERVAL_US || 200);
const session = new Session();
session.connect();
let running = false;
let count = 0;

const post = (method, params = {}) =>
  new Promise((resolve, reject) => session.post(method, params, (error, result) => (error ? reject(error) : resolve(result))));

process.on('SIGWINCH', async () => {
  try {
    if (!running) {
      running = true;
      await post('Profiler.enable');
      await post('Profiler.setSamplingInterval', { interval: intervalUs });
      await post('Profiler.start');
      writeFileSync(join(dir, 'started'), String(count));
    } else {
      running = false;
      const { profile } = await post('Profiler.stop');
      const file = join(dir, `${count++}.cpuprofile`);
      // Written under another name first: the harness waits for the final name to appear.
      writeFileSync(`${file}.tmp`, JSON.stringify(profile));
      renameSync(`${file}.tmp`, file);
    }
  } catch (error) {
    console.error('cpu-profile-preload:', error);
  }
});
