import path from 'node:path';
import { ESLint } from 'eslint';
import tseslint from 'typescript-eslint';
import { describe, expect, it } from 'vitest';
import aethercore from '../eslint-plugin-aethercore/index.js';

// Proves that the layering rule fires: lint in-memory sources as if they lived in a package.
// The rule needs no type information, so the test runs it alone with the TypeScript parser.
const eslint = new ESLint({
  cwd: path.resolve(import.meta.dirname, '../..'),
  overrideConfigFile: true,
  overrideConfig: [
    {
      files: ['**/*.ts'],
      languageOptions: { parser: tseslint.parser },
      plugins: { aethercore },
      rules: { 'aethercore/layers': 'error' },
    },
  ],
});

async function lint(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, {
    filePath: path.resolve(import.meta.dirname, '../..', file),
  });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'aethercore/layers').map((m) => m.message);
}

describe('aethercore/layers', () => {
  it('rejects node:* in a pure package and says where the code belongs', async () => {
    const msgs = await lint(
      'packages/twin/src/x.ts',
      "import { readFileSync } from 'node:fs';\nexport const f = readFileSync;\n",
    );
    expect(msgs).toHaveLength(1);
    expect(msgs[0]).toMatch(/twin may not import 'node:fs'/);
    expect(msgs[0]).toMatch(/adapter/);
  });

  it('rejects an adapter import from a pure package', async () => {
    const msgs = await lint(
      'packages/planning/src/x.ts',
      "export { SqliteEventStore } from '@aethercore/adapter-sqlite';\n",
    );
    expect(msgs.join('\n')).toMatch(
      /planning may not import '@aethercore\/adapter-sqlite'.*Depend on the port/,
    );
  });

  it('rejects Date.now, Math.random and timers in pure packages', async () => {
    const code =
      'export const a = Date.now();\nexport const b = Math.random();\nsetTimeout(() => 1, 5);\nexport const d = new Date();\n';
    const msgs = await lint('packages/analytics/src/x.ts', code);
    expect(msgs).toHaveLength(4);
    expect(msgs[0]).toMatch(/Clock port/);
    expect(msgs[1]).toMatch(/Random port/);
    expect(msgs[2]).toMatch(/setTimeout/);
    expect(msgs[3]).toMatch(/new Date\(\)/);
  });

  it('rejects sideways imports between pure packages and deep imports', async () => {
    const msgs = await lint(
      'packages/governance/src/x.ts',
      "export * from '@aethercore/planning';\nexport * from '@aethercore/core/src/result.ts';\n",
    );
    expect(msgs).toHaveLength(2);
    expect(msgs[0]).toMatch(/governance may not import '@aethercore\/planning'/);
    expect(msgs[1]).toMatch(/deep imports/);
  });

  it('allows what the layer table allows', async () => {
    expect(
      await lint('packages/core/src/x.ts', "import { z } from 'zod';\nexport const s = z.string();\n"),
    ).toEqual([]);
    expect(
      await lint(
        'packages/twin/src/x.ts',
        "import { createRandom } from '@aethercore/core';\nexport const r = createRandom(1);\n",
      ),
    ).toEqual([]);
    expect(
      await lint(
        'packages/adapters/sqlite/src/x.ts',
        "import { readFileSync } from 'node:fs';\nexport const f = readFileSync;\nexport const t = Date.now();\n",
      ),
    ).toEqual([]);
    expect(
      await lint(
        'packages/server/src/x.ts',
        "import { createRandom } from '@aethercore/core';\nexport const r = createRandom(Date.now());\n",
      ),
    ).toEqual([]);
  });

  it('lets the dashboard import only the server API types', async () => {
    expect(
      await lint(
        'packages/web/src/x.ts',
        "import { startServer } from '@aethercore/server';\nexport const s = startServer;\n",
      ),
    ).toHaveLength(1);
    expect(
      await lint(
        'packages/web/src/x.ts',
        "import type { ApiTypes } from '@aethercore/server';\nexport type T = ApiTypes;\n",
      ),
    ).toEqual([]);
  });
});
