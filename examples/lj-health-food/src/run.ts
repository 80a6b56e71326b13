import { runScenario } from './scenario.js';

/** `npm run example`: the LJ Health Food scenario, one readable line per step. */
let n = 0;
console.log('LJ Health Food: securing a third-party delivery partner with Gatehouse\n');
runScenario((step) => {
  n += 1;
  const status = step.status === undefined ? '' : ` [HTTP ${step.status}]`;
  console.log(`${n}. ${step.title}${status}\n   ${step.detail}\n`);
}).then(
  () => console.log('Done: everything shut down.'),
  (error: unknown) => {
    console.error(`The example failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  },
);
