/**
 * The fake upstream in its own process, so a benchmark measures only its own CPU.
 * Prints the base URL on stdout, then serves until killed.
 */
import { startFakeUpstream } from '../fixtures/fakeUpstream.js';

const latencyMs = Number(process.argv[2] ?? '50');
const upstream = await startFakeUpstream({ latencyMs });
process.stdout.write(`${upstream.url}\n`);
process.on('SIGTERM', () => {
  void upstream.close().then(() => process.exit(0));
});
