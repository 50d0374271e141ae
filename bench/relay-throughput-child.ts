// Runs the relay-throughput measurement in a process of its own and prints the results as JSON,
// so `npm run bench` can measure the relay the way browser mode runs its engine (a process
// started with glibc's huge pages for malloc, a setting read only at process start).
import { measureRelayThroughput } from './relay-throughput';

const results = [];
for (const direction of ['upload', 'download'] as const) {
  results.push(await measureRelayThroughput(direction));
}
process.stdout.write(`${JSON.stringify(results)}\n`);
