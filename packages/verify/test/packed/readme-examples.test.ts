/**
 * Every TypeScript example in the SDK READMEs compiles as a reader would paste it: each block is
 * its own ES module in a fresh project outside the repository, with the packed SDKs installed
 * from their tarballs, compiled with `tsc --strict` (nodenext). JSON blocks must parse; shell
 * and plain blocks are not code to compile.
 */
import * as assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { compile, installProject, packAll, PUBLISHED, repoRoot, type Tarball, tempDir } from './project.js';
import { blockFileName, type CodeBlock, codeBlocks, inReadmeTerms } from './readme-blocks.js';

const READMES = PUBLISHED.map((name) => `packages/${name}/README.md`);
const TYPESCRIPT = new Set(['ts', 'typescript']);
const NOT_COMPILED = new Set(['sh', 'bash', 'shell', 'text', '']);

describe('README examples of the SDKs', () => {
  const work = tempDir('gatehouse-readme-');
  const blocks = READMES.flatMap((readme) => codeBlocks(repoRoot, readme));
  const project = join(work.path, 'project');
  let tarballs: Tarball[];

  before(async () => {
    const packDir = join(work.path, 'tarballs');
    mkdirSync(packDir);
    mkdirSync(join(project, 'src'), { recursive: true });
    tarballs = await packAll(packDir);
    await installProject(project, { name: 'readme-examples', type: 'module' }, tarballs);
    writeFileSync(
      join(project, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          target: 'ES2022',
          module: 'nodenext',
          moduleResolution: 'nodenext',
          strict: true,
          types: ['node'],
          noEmit: true,
        },
        include: ['src'],
      }),
    );
  });

  after(() => work.remove());

  test('every block is of a known kind', () => {
    const unknown = blocks.filter(
      (b) => !TYPESCRIPT.has(b.lang) && b.lang !== 'json' && !NOT_COMPILED.has(b.lang),
    );
    assert.deepEqual(
      unknown.map((b) => `${b.readme}:${b.line} \`\`\`${b.lang}`),
      [],
      'a block in a language this test does not check',
    );
  });

  test('JSON blocks parse', () => {
    for (const block of blocks.filter((b) => b.lang === 'json')) {
      assert.doesNotThrow(() => JSON.parse(block.code), `${block.readme}:${block.line}`);
    }
  });

  test('each README starts with a complete quick start: no stand-ins declared', () => {
    for (const readme of READMES) {
      const first = blocks.find((b) => b.readme === readme && TYPESCRIPT.has(b.lang));
      assert.ok(first, `${readme} has no TypeScript example`);
      assert.doesNotMatch(
        first.code,
        /^\s*declare\s/m,
        `${readme}:${first.line}: the quick start declares a stand-in`,
      );
      assert.match(
        first.code,
        /^import .* from '@gatehouse\//m,
        `${readme}:${first.line}: the quick start imports nothing`,
      );
    }
  });

  test('every TypeScript block compiles alone against the installed packages', async () => {
    const byFile = new Map<string, CodeBlock>();
    for (const block of blocks.filter((b) => TYPESCRIPT.has(b.lang))) {
      byFile.set(blockFileName(block), block);
      writeFileSync(join(project, 'src', blockFileName(block)), block.code);
    }
    assert.ok(byFile.size >= 10, `only ${byFile.size} TypeScript blocks found`);
    try {
      await compile(project);
    } catch (error) {
      assert.fail(`README examples do not compile:\n${inReadmeTerms((error as Error).message, byFile)}`);
    }
  });
});
