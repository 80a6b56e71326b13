import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface CodeBlock {
  /** packages/<name>/README.md */
  readme: string;
  /** The fence's language: `ts`, `json`, `sh`, or '' when it has none. */
  lang: string;
  /** 1-based line of the opening fence in the README. */
  line: number;
  code: string;
}

/** Every fenced block of a README, in order. */
export function codeBlocks(repoRoot: string, readme: string): CodeBlock[] {
  const lines = readFileSync(join(repoRoot, readme), 'utf8').split('\n');
  const blocks: CodeBlock[] = [];
  let open: { lang: string; line: number; body: string[] } | undefined;
  lines.forEach((text, index) => {
    const fence = /^```\s*([\w-]*)\s*$/.exec(text);
    if (!open) {
      if (fence) open = { lang: fence[1] ?? '', line: index + 1, body: [] };
    } else if (fence && fence[1] === '') {
      blocks.push({ readme, lang: open.lang, line: open.line, code: `${open.body.join('\n')}\n` });
      open = undefined;
    } else {
      open.body.push(text);
    }
  });
  if (open) throw new Error(`${readme}:${open.line}: code block never closed`);
  return blocks;
}

/** A file name for a block that says where it came from: verify-README-L16.mts. */
export function blockFileName(block: CodeBlock): string {
  const pkg = block.readme.split('/')[1] ?? 'readme';
  return `${pkg}-README-L${block.line}.mts`;
}

/**
 * tsc's diagnostics (`src/verify-README-L16.mts(3,10): error TS2322: ...`) with the README line
 * each one is on: `packages/verify/README.md:19 (block at 16): error TS2322: ...`.
 */
export function inReadmeTerms(output: string, blocks: Map<string, CodeBlock>): string {
  return output
    .split('\n')
    .map((text) => {
      const match = /^(?:.*\/)?([\w-]+-README-L\d+\.mts)\((\d+),(\d+)\): (.*)$/.exec(text);
      const block = match && blocks.get(match[1] ?? '');
      if (!match || !block) return text;
      return `${block.readme}:${block.line + Number(match[2])}:${match[3]} (block at line ${block.line}): ${match[4]}`;
    })
    .join('\n');
}
