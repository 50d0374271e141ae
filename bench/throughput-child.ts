// Runs the capture-throughput measurement in a process of its own and prints the result as
// JSON, so `npm run bench` can compare process-level settings (glibc huge pages) that only
// take effect when a process starts.
import { measureCaptureThroughput } from './capture-throughput';

const result = await measureCaptureThroughput();
process.stdout.write(`${JSON.stringify(result)}\n`);
