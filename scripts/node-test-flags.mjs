// The flags `npm test` (scripts/test.mjs) gives Node's test runner, apart from the files.
// packages/server/test/project/test-runner.test.ts checks that with them no verdict is lost.
export const nodeTestFlags = [
  '--enable-source-maps',
  '--test',
  '--test-concurrency=2',
  // A test that hangs, or a file that stays alive after its tests because a socket or timer was
  // left open, fails with its name after five minutes instead of holding the run.
  '--test-timeout=300000',
  // Never --test-force-exit: on Linux it can end a file's process before the last reports have
  // crossed the pipe to the runner, and those verdicts are silently lost.
];
