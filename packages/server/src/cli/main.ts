// The `gatehouse` command: bin/gatehouse.js imports this module, which runs process.argv.
import { run } from './dispatch.js';
import { processIo } from './output.js';
import { program } from './program.js';

// `gatehouse clients list | head` closes the pipe early; that is not an error worth a stack trace.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw error;
});

process.exitCode = await run(program, process.argv.slice(2), processIo);
