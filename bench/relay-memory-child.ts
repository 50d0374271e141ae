// Runs the relay-memory measurement for one direction in a process of its own and prints the
// result as JSON. A fresh process matters here: RSS rarely shrinks, so after the other
// benchmarks the idle figure would already hold hundreds of MiB of freed memory, and a relay
// that buffered less than that would not show at all.
import { measureRelayMemory } from './relay-memory';

const direction = process.argv[2] === 'upload' ? 'upload' : 'download';
const result = await measureRelayMemory(direction);
process.stdout.write(`${JSON.stringify(result)}\n`);
