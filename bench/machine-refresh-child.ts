// Runs the machine-view refresh measurement in a fresh process and prints it as JSON: its CPU is
// read from this process (every thread), and `ss`, its baseline, runs fresh each time, so a
// heap left by the benchmarks before it (and V8's collector working on it) must not be counted.
import { measureMachineRefresh } from './machine-refresh';

process.stdout.write(`${JSON.stringify(await measureMachineRefresh())}\n`);
