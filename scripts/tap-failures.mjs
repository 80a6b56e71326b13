// Collects the failed tests from Node's TAP output, so `npm test` can repeat them after the
// totals. A run of three thousand tests prints tens of thousands of lines, and a reader who
// sees only the end of the log (a CI page, a terminal's scrollback) must still learn which test
// failed and why without searching for it.
//
// Node's TAP nests a subtest four spaces deeper than its parent, announces each one with
// `# Subtest: name`, and follows every verdict with a YAML block between `---` and `...`.

const MAX_BLOCK_LINES = 40;
const MAX_STACK_LINES = 8;

export function createFailureCollector() {
  const path = [];
  const failures = [];
  let open = null; // the failure whose YAML block is being read
  let inStack = false;
  let stackLines = 0;

  function levelOf(line) {
    const indent = /^ */.exec(line)[0].length;
    return Math.floor(indent / 4);
  }

  function push(line) {
    if (open) {
      const body = line.slice(open.indent);
      const indent = line.length - line.trimStart().length;
      const closed = body.trimEnd() === '...' && indent === open.indent;
      // A block cut short (a file's process that died mid-report) ends at the first line that is
      // not inside it, and that line is read as usual.
      const cut = line.trim() !== '' && indent < open.indent;
      if (closed || cut) {
        // A parent that failed only because a child did adds nothing the child does not say.
        if (open.failureType !== 'subtestsFailed') failures.push(open);
        open = null;
        if (closed) return;
      }
    }
    if (open) {
      const body = line.slice(open.indent);
      const failureType = /^failureType: '([^']*)'/.exec(body);
      if (failureType) open.failureType = failureType[1];
      if (/^\S/.test(body)) {
        inStack = body.startsWith('stack:');
        stackLines = 0;
      } else if (inStack) {
        // The runner's own frames say nothing about the test.
        if (/\(node:|^\s*node:|\(<anonymous>\)/.test(body)) return;
        if (++stackLines > MAX_STACK_LINES) return;
      }
      if (body === '---' || /^(duration_ms|type|failureType):/.test(body)) return;
      if (open.lines.length < MAX_BLOCK_LINES) open.lines.push(body);
      return;
    }
    const subtest = /^( *)# Subtest: (.*)$/.exec(line);
    if (subtest) {
      const level = levelOf(line);
      path.length = level;
      path[level] = subtest[2];
      return;
    }
    const verdict = /^( *)not ok \d+ - (.*?)(?: # .*)?$/.exec(line);
    if (verdict) {
      const level = levelOf(line);
      const names = path.slice(0, level);
      names.push(verdict[2]);
      open = { names, indent: verdict[1].length + 2, lines: [], failureType: undefined };
      inStack = false;
      return;
    }
  }

  // TAP comment lines, so the stream stays valid TAP for any tool reading it.
  function summary() {
    if (failures.length === 0) return '';
    const out = ['', `# ${failures.length} failed ${failures.length === 1 ? 'test' : 'tests'}:`];
    failures.forEach((failure, i) => {
      out.push(`# ${i + 1}. ${failure.names.join(' > ')}`);
      for (const line of failure.lines) out.push(`#      ${line}`);
    });
    return out.join('\n') + '\n';
  }

  return { push, summary, failures };
}
