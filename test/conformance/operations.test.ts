import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { TOKEN_KEYS, TOKEN_WITHOUT_KEYS } from '../../src/conformance/config.js';
import { methodOf, pathOf, SCOPES, scopeOf, suiteOperations } from '../../src/conformance/operations.js';
import { listOperations } from '../../src/contract/operations.js';

/*
 * The suite reads operation ids, methods, paths and scopes from the spec (src/conformance/
 * operations.ts) and never from the reference implementation. These tests fail when a hand copy
 * creeps back in, or when the suite starts trusting the server it certifies.
 */

const suiteDir = fileURLToPath(new URL('../../src/conformance/', import.meta.url));

async function suiteSources(): Promise<{ file: string; text: string }[]> {
  const entries = await readdir(suiteDir, { recursive: true, withFileTypes: true });
  const files = entries
    .filter((e) => e.isFile() && e.name.endsWith('.ts'))
    .map((e) => join(e.parentPath, e.name));
  return Promise.all(files.map(async (file) => ({ file, text: await readFile(file, 'utf8') })));
}

describe('the suite reads its operations from the spec', () => {
  it('fills the path template of the spec', () => {
    expect(pathOf('completeVerification', { phone_number: '+380501234567' })).toBe(
      '/api/verifications/+380501234567/actions/complete',
    );
    expect(pathOf('initializeVerification', {})).toBe('/api/verifications');
    expect(methodOf('completeVerification')).toBe('PATCH');
    for (const op of suiteOperations()) {
      const params = Object.fromEntries(op.params.map((name) => [name, `<${name}>`]));
      expect(pathOf(op.operationId, params as never)).toBe(op.path.replace(/\{([^}]+)\}/g, '<$1>'));
    }
    expect(() => pathOf('getVerifiedPhone', {} as never)).toThrow(/no value for the path parameter/);
  });

  it("derives scopes and the config file's token keys from the spec's x-scope", () => {
    const specScopes = new Set(
      listOperations('ehealth').flatMap((o) => (o.scope === undefined ? [] : [o.scope])),
    );
    expect(new Set(SCOPES)).toEqual(specScopes);
    expect(scopeOf('getVerifiedPhone')).toBe('otp:read');
    expect(TOKEN_KEYS).toEqual(SCOPES.map((s) => s.replace(':', '_')));
    expect(TOKEN_WITHOUT_KEYS).toEqual(TOKEN_KEYS.map((k) => `without_${k}`));
  });

  it('restates no scope or API path of the spec in the suite (a hand copy would drift silently)', async () => {
    // Comments may name paths as examples; code may not.
    const code = (text: string) => text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
    const copies = (await suiteSources()).flatMap(({ file, text: source }) => {
      const text = code(source);
      return [
        ...SCOPES.filter((scope) => text.includes(`'${scope}'`)).map((scope) => `${file}: '${scope}'`),
        ...[...text.matchAll(/['`]\/api\/[^'`]*['`]/g)].map((m) => `${file}: ${m[0]}`),
      ];
    });
    expect(copies).toEqual([]);
  });

  it('never imports the reference implementation: the suite is a black-box tester', async () => {
    const imports = (await suiteSources()).flatMap(({ file, text }) =>
      [...text.matchAll(/from\s+['"]([^'"]+)['"]/g)]
        .map((m) => m[1] ?? '')
        .filter((spec) => spec.includes('reference-impl'))
        .map((spec) => `${file}: ${spec}`),
    );
    expect(imports).toEqual([]);
  });
});
