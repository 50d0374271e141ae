// The client launcher's helper process (see client-launcher.ts): runs one program per request
// and answers with what it printed. Requests and answers are JSON lines on stdin and stdout;
// it exits when its stdin ends (the bench process finished or died).
import { execFile } from 'node:child_process';
import { createInterface } from 'node:readline';

const answer = (reply) => process.stdout.write(`${JSON.stringify(reply)}\n`);

createInterface({ input: process.stdin }).on('line', (line) => {
  const { id, file, args } = JSON.parse(line);
  execFile(file, args, { maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
    if (error === null) answer({ id, stdout });
    else answer({ id, error: `${file} ${args.join(' ')}: ${error.message}\n${stderr}` });
  });
});
