/**
 * The published packages as a user gets them: `npm pack`ed, installed from the tarballs with a
 * real (offline) `npm install` into fresh projects outside the repository, compiled with
 * `tsc --strict` under each TypeScript module resolution a project may use, and run against a
 * live Gatehouse, with require() in CommonJS projects and import in ESM ones.
 */
import * as assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { type TestClient, TestGatehouse } from '../support/gatehouse.js';
import {
  compile,
  installProject,
  packAll,
  PUBLISHED,
  run,
  type Tarball,
  tempDir,
  TOOLS_ONLY,
} from './project.js';
import { BARE_PROGRAM, SMOKE_PROGRAM } from './smoke-program.js';

interface ProjectKind {
  /** The project's package.json "type". */
  type: 'commonjs' | 'module';
  module: string;
  moduleResolution: string;
  /** Where Node must load the SDKs from in this project. */
  build: 'dist/cjs' | 'dist/src';
  esModuleInterop?: boolean;
}

const KINDS: Record<string, ProjectKind> = {
  'commonjs-node16': { type: 'commonjs', module: 'node16', moduleResolution: 'node16', build: 'dist/cjs' },
  'esm-nodenext': { type: 'module', module: 'nodenext', moduleResolution: 'nodenext', build: 'dist/src' },
  'esm-bundler': { type: 'module', module: 'esnext', moduleResolution: 'bundler', build: 'dist/src' },
  // esModuleInterop as `tsc --init` sets it: fastify's own types need it under node10.
  'commonjs-node10': {
    type: 'commonjs',
    module: 'commonjs',
    moduleResolution: 'node10',
    build: 'dist/cjs',
    esModuleInterop: true,
  },
};

/** Every entry point of the published packages. */
const SPECIFIERS = [
  '@gatehouse/jws',
  '@gatehouse/jws/loopback',
  '@gatehouse/verify',
  '@gatehouse/verify/express',
  '@gatehouse/verify/fastify',
  '@gatehouse/verify/http',
  '@gatehouse/verify/lambda',
  '@gatehouse/verify/resource-metadata',
  '@gatehouse/client',
];

/** Every file below `dir`, relative to it. */
function walk(dir: string, base = dir, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) walk(path, base, out);
    else out.push(path.slice(base.length + 1));
  }
  return out;
}

describe('the packed SDKs, installed outside the repository', () => {
  const work = tempDir('gatehouse-packed-');
  let gate: TestGatehouse;
  let client: TestClient;
  let tarballs: Tarball[];
  const projects = new Map<string, string>();

  before(async () => {
    gate = await TestGatehouse.start();
    await gate.resourceServer({ identifier: 'packed-api', name: 'Packed API', scopes: [{ name: 'read' }] });
    client = await gate.client(['packed-api/read']);

    const packDir = join(work.path, 'tarballs');
    mkdirSync(packDir);
    tarballs = await packAll(packDir);
    await Promise.all(
      Object.entries(KINDS).map(async ([name, kind]) => {
        const dir = join(work.path, name);
        mkdirSync(join(dir, 'src'), { recursive: true });
        await installProject(dir, { name: `packed-${name}`, type: kind.type }, tarballs);
        writeFileSync(
          join(dir, 'tsconfig.json'),
          JSON.stringify({
            compilerOptions: {
              target: 'ES2022',
              module: kind.module,
              moduleResolution: kind.moduleResolution,
              ...(kind.esModuleInterop ? { esModuleInterop: true } : {}),
              strict: true,
              // Our declaration files are checked too, not only the program.
              skipLibCheck: false,
              types: ['node'],
              rootDir: 'src',
              outDir: 'dist',
            },
            include: ['src'],
          }),
        );
        writeFileSync(join(dir, 'src', 'main.ts'), SMOKE_PROGRAM);
        projects.set(name, dir);
      }),
    );
  });

  /** A Lambda or plain node:http project: no Express, Fastify or @types/aws-lambda installed. */
  async function bareProject(): Promise<string> {
    const dir = join(work.path, 'bare-commonjs');
    mkdirSync(join(dir, 'src'), { recursive: true });
    await installProject(dir, { name: 'packed-bare', type: 'commonjs' }, tarballs, TOOLS_ONLY);
    writeFileSync(
      join(dir, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          target: 'ES2022',
          module: 'node16',
          strict: true,
          skipLibCheck: false,
          types: ['node'],
          rootDir: 'src',
          outDir: 'dist',
        },
        include: ['src'],
      }),
    );
    writeFileSync(join(dir, 'src', 'main.ts'), BARE_PROGRAM);
    return dir;
  }

  after(async () => {
    await gate?.stop();
    work.remove();
  });

  test('each tarball holds both builds with their types, the sources its maps name, README and LICENSE; no tests', () => {
    assert.deepEqual(
      tarballs.map((t) => t.name),
      PUBLISHED.map((name) => `@gatehouse/${name}`),
    );
    for (const tarball of tarballs) {
      const files = new Set(tarball.files.map((f) => f.path));
      for (const required of [
        'LICENSE',
        'README.md',
        'package.json',
        'dist/src/index.js',
        'dist/src/index.d.ts',
        'dist/cjs/index.js',
        'dist/cjs/index.d.ts',
        'dist/cjs/package.json',
        'src/index.ts',
      ]) {
        assert.ok(files.has(required), `${tarball.name} lacks ${required}`);
      }
      const unwanted = [...files].filter((f) => /(^|\/)test\/|\.test\.|tsbuildinfo|^dist\/test/.test(f));
      assert.deepEqual(unwanted, [], `${tarball.name} ships test or build-state files`);
      assert.match(
        readFileSync(
          join(projects.get('esm-nodenext') ?? '', 'node_modules', tarball.name, 'LICENSE'),
          'utf8',
        ),
        /Apache License\s+Version 2\.0/,
      );
    }
  });

  test('package.json: every export target is in the tarball; the SDKs depend on @gatehouse/jws alone, at its exact version', () => {
    const installed = join(projects.get('esm-nodenext') ?? '', 'node_modules');
    const jwsVersion = (
      JSON.parse(readFileSync(join(installed, '@gatehouse/jws/package.json'), 'utf8')) as { version: string }
    ).version;
    for (const tarball of tarballs) {
      const root = join(installed, tarball.name);
      const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
        main: string;
        types: string;
        exports: Record<string, string | Record<string, Record<string, string>>>;
        dependencies?: Record<string, string>;
        sideEffects?: boolean;
      };
      const targets = [pkg.main, pkg.types];
      for (const [subpath, entry] of Object.entries(pkg.exports)) {
        if (typeof entry === 'string') continue;
        assert.deepEqual(Object.keys(entry), ['import', 'require'], `${tarball.name} ${subpath}`);
        for (const condition of Object.values(entry)) {
          assert.deepEqual(Object.keys(condition), ['types', 'default'], `${tarball.name} ${subpath}`);
          targets.push(...Object.values(condition));
        }
      }
      for (const target of targets)
        assert.ok(existsSync(join(root, target)), `${tarball.name}: ${target} missing`);
      assert.equal(pkg.sideEffects, false);
      const expected = tarball.name === '@gatehouse/jws' ? undefined : { '@gatehouse/jws': jwsVersion };
      assert.deepEqual(pkg.dependencies, expected, `${tarball.name} runtime dependencies`);
    }
  });

  test('every source map in the tarballs points at a file that is shipped', () => {
    const installed = join(projects.get('esm-nodenext') ?? '', 'node_modules');
    let maps = 0;
    for (const tarball of tarballs) {
      const root = join(installed, tarball.name);
      for (const file of walk(root).filter((f) => f.endsWith('.map'))) {
        const map = JSON.parse(readFileSync(join(root, file), 'utf8')) as {
          sources: string[];
          sourceRoot?: string;
        };
        for (const source of map.sources) {
          const path = resolve(dirname(join(root, file)), map.sourceRoot ?? '', source);
          assert.ok(existsSync(path), `${tarball.name}/${file} names ${source}, which is not shipped`);
        }
        maps++;
      }
    }
    assert.ok(maps > 50, `only ${maps} source maps`);
  });

  test('without any framework installed, the verifier, node:http, Lambda and client entry points compile and load', async () => {
    const dir = await bareProject();
    for (const framework of ['express', 'fastify', '@types/express', '@types/aws-lambda']) {
      assert.ok(!existsSync(join(dir, 'node_modules', framework)), `${framework} was installed`);
    }
    await compile(dir);
    const { stdout } = await run(process.execPath, [join(dir, 'dist', 'main.js')], { cwd: dir });
    assert.deepEqual(JSON.parse(stdout.trim()), {
      client: 'function',
      verifier: 'function',
      http: 'function',
      lambda: true,
      resourceMetadata: 'function',
    });
  });

  for (const [name, kind] of Object.entries(KINDS)) {
    test(`${name}: compiles with tsc --strict, loads ${kind.build}, gets and verifies a token from a live Gatehouse`, async () => {
      const dir = projects.get(name);
      assert.ok(dir);
      const { stdout: compiled } = await compile(dir, ['--listFiles']);
      // TypeScript read the declarations of the build Node will load, and no others.
      const declarations = compiled.split('\n').filter((line) => line.includes('/node_modules/@gatehouse/'));
      assert.ok(declarations.length > 20, compiled);
      for (const file of declarations)
        assert.ok(file.includes(`/${kind.build}/`), `${name} type-checked against ${file}`);

      // Which file Node loads for each entry point, by the project's own module system.
      const resolver =
        kind.type === 'commonjs'
          ? [
              '-e',
              `for (const s of ${JSON.stringify(SPECIFIERS)}) { require(s); console.log(require.resolve(s)); }`,
            ]
          : [
              '--input-type=module',
              '-e',
              `for (const s of ${JSON.stringify(SPECIFIERS)}) { await import(s); console.log(import.meta.resolve(s)); }`,
            ];
      const resolved = (await run(process.execPath, resolver, { cwd: dir })).stdout.trim().split('\n');
      assert.equal(resolved.length, SPECIFIERS.length);
      for (const path of resolved) {
        assert.ok(path.includes(`/node_modules/@gatehouse/`) && path.includes(`/${kind.build}/`), path);
      }

      const { stdout } = await run(process.execPath, [join(dir, 'dist', 'main.js')], {
        cwd: dir,
        env: {
          GATEHOUSE_ISSUER: gate.issuer,
          GATEHOUSE_CLIENT_ID: client.clientId,
          GATEHOUSE_CLIENT_SECRET: client.secret,
        },
      });
      const result = JSON.parse(stdout.trim()) as unknown;
      assert.deepEqual(result, {
        api: { status: 200, body: { client: client.clientId, scopes: ['read'] } },
        withoutToken: 401,
        claims: { aud: 'packed-api', sub: client.clientId, scopes: ['read'] },
        typ: 'at+jwt',
        refused: 'ERR_SIGNATURE_INVALID',
        loopback: true,
        exports: {
          express: 'function',
          fastify: 'function',
          lambda: true,
          resourceMetadata: 'function',
          tokenError: 'function',
        },
      });
    });
  }
});
