import { ConfigError, loadConfigFromProcessEnv, parseDurationSeconds } from '../../config/index.js';
import { rotateSigningKey } from './key-rotation.js';

// `npm run keys:rotate [-- --sign-after=15m]`: adds a signing key to JWT_KEYS_DIR (see the README, "Keys, algorithms, rotation and encrypted tokens").
async function main(argv: string[]): Promise<void> {
  let signAfterSeconds: number | undefined;
  for (const arg of argv) {
    const match = /^--sign-after=(.+)$/.exec(arg);
    if (!match) throw new ConfigError(`unknown argument "${arg}"; usage: keys:rotate [--sign-after=15m]`);
    signAfterSeconds = parseDurationSeconds(match[1]);
    if (signAfterSeconds === undefined) throw new ConfigError(`--sign-after must be seconds or a duration like 15m, got "${match[1]}"`);
  }
  const config = loadConfigFromProcessEnv();
  const { kid, signsFrom } = await rotateSigningKey(config, { signAfterSeconds });
  const when = signsFrom ? `from ${signsFrom.toISOString()}` : 'from the next start';
  console.log(`New ${config.jwt.algorithm} key ${kid} in ${config.jwt.keysDir}: published at each instance's next start, signing ${when}`);
}

main(process.argv.slice(2)).catch((error: unknown) => {
  console.error(`keys:rotate failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
