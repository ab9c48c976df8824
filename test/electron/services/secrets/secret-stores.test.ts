// Secret stores live in electron/services/secrets/; their tests sit here with the providers that use them.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { defaultApiKeyName, encryptedFileSecretStore, environmentSecretStore, maskSecret, type SecretCipher } from '../../../../electron/services/secrets/index.js';

const openAiKey = 'sk-proj-Abcdefghijklmnopqrstuvwxyz0123456789c3Fa';

describe('maskSecret', () => {
  test('shows a short prefix and the last four characters only', () => {
    assert.equal(maskSecret(openAiKey), 'sk-…c3Fa');
    assert.equal(maskSecret('sk-ant-api03-abcdefghijklmnopqrstuvwxyz-Wx9Z'), 'sk-…Wx9Z');
    assert.equal(maskSecret('AIzaSyD-abcdefghijklmnopqrstuvwxyz12'), '…yz12');
  });
  test('gives nothing away for short values', () => {
    assert.equal(maskSecret('abc123'), '…');
    assert.equal(maskSecret('12345678901'), '…');
  });
});

describe('defaultApiKeyName', () => {
  test('uses the names the SDKs and services document', () => {
    assert.equal(defaultApiKeyName('openai'), 'OPENAI_API_KEY');
    assert.equal(defaultApiKeyName('anthropic'), 'ANTHROPIC_API_KEY');
    assert.equal(defaultApiKeyName('google'), 'GOOGLE_GENERATIVE_AI_API_KEY');
    assert.equal(defaultApiKeyName('openai-compatible', 'https://openrouter.ai/api/v1'), 'OPENROUTER_API_KEY');
    assert.equal(defaultApiKeyName('openai-compatible', 'https://api.groq.com/openai/v1'), 'GROQ_API_KEY');
    assert.equal(defaultApiKeyName('openai-compatible', 'http://127.0.0.1:8000/v1'), 'OPENAI_COMPATIBLE_API_KEY');
    assert.equal(defaultApiKeyName('openai-compatible', null), 'OPENAI_COMPATIBLE_API_KEY');
  });
});

describe('environment secret store (headless)', () => {
  const env = { OPENAI_API_KEY: openAiKey, GROQ_API_KEY: 'gsk_abcdefghijklmnopqrstuvwxyz', PATH: '/usr/bin', EMPTY_API_KEY: '  ' };

  test('reads keys from the environment, including names it was asked for', () => {
    const store = environmentSecretStore(env);
    assert.equal(store.get('OPENAI_API_KEY'), openAiKey);
    assert.equal(store.get('PATH'), '/usr/bin');
    assert.equal(store.get('ANTHROPIC_API_KEY'), undefined);
    assert.equal(store.get('EMPTY_API_KEY'), undefined);
  });

  test('lists the well-known names and every *_API_KEY that is set, masked, read-only', () => {
    const store = environmentSecretStore(env);
    store.get('MY_LOCAL_KEY');
    const list = store.list();
    assert.deepEqual(
      list.map((s) => s.name),
      ['ANTHROPIC_API_KEY', 'GOOGLE_GENERATIVE_AI_API_KEY', 'GROQ_API_KEY', 'MY_LOCAL_KEY', 'OPENAI_API_KEY'],
    );
    assert.deepEqual(
      list.find((s) => s.name === 'OPENAI_API_KEY'),
      { name: 'OPENAI_API_KEY', isSet: true, masked: 'sk-…c3Fa', source: 'environment', writable: false },
    );
    assert.equal(list.find((s) => s.name === 'ANTHROPIC_API_KEY')?.isSet, false);
    assert.ok(!JSON.stringify(list).includes(openAiKey));
  });

  test('cannot set or remove, and says how to set the variable instead', () => {
    const store = environmentSecretStore(env);
    const expected = { code: 'INVALID_INPUT', message: 'In headless mode API keys come from environment variables: set OPENAI_API_KEY before `arbiter serve`.' };
    assert.throws(() => store.set('OPENAI_API_KEY', 'sk-new'), expected);
    assert.throws(() => store.remove('OPENAI_API_KEY'), expected);
  });
});

describe('encrypted file secret store (desktop)', () => {
  // Stands in for Electron's safeStorage: reversible, and never the plaintext.
  const cipher = (available = true): SecretCipher => ({
    encrypt: (plaintext) => Buffer.from(Buffer.from(`v10${plaintext}`, 'utf8').map((byte) => byte ^ 0x5a)),
    decrypt: (ciphertext) => {
      const text = Buffer.from(ciphertext.map((byte) => byte ^ 0x5a)).toString('utf8');
      if (!text.startsWith('v10')) throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString.');
      return text.slice(3);
    },
    isAvailable: () => available,
  });

  const withDir = (run: (dir: string) => void) => {
    const dir = mkdtempSync(join(tmpdir(), 'arbiter-secrets-'));
    try {
      run(dir);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };

  test('round-trips a key through ciphertext only, in a file only its owner can read', () => {
    withDir((dir) => {
      const file = join(dir, 'nested', 'secrets.json');
      const store = encryptedFileSecretStore({ file, ...cipher() });
      const info = store.set('OPENAI_API_KEY', `  ${openAiKey}\n`);
      assert.deepEqual(info, { name: 'OPENAI_API_KEY', isSet: true, masked: 'sk-…c3Fa', source: 'keychain', writable: true });
      assert.equal(store.get('OPENAI_API_KEY'), openAiKey);

      const raw = readFileSync(file, 'utf8');
      assert.ok(!raw.includes(openAiKey), 'the plaintext is not in the file');
      assert.ok(!raw.includes('c3Fa'), 'not even its tail');
      const stored = JSON.parse(raw).secrets.OPENAI_API_KEY;
      assert.equal(cipher().decrypt(Buffer.from(stored, 'base64')), openAiKey);
      if (process.platform !== 'win32') assert.equal(statSync(file).mode & 0o777, 0o600);

      // A second store on the same file (the next app start) reads it back.
      const reopened = encryptedFileSecretStore({ file, ...cipher() });
      assert.equal(reopened.get('OPENAI_API_KEY'), openAiKey);
      assert.equal(reopened.list().find((s) => s.name === 'OPENAI_API_KEY')?.masked, 'sk-…c3Fa');
      assert.equal(reopened.list().find((s) => s.name === 'ANTHROPIC_API_KEY')?.isSet, false);
    });
  });

  test('removes keys', () => {
    withDir((dir) => {
      const store = encryptedFileSecretStore({ file: join(dir, 'secrets.json'), ...cipher() });
      store.set('GROQ_API_KEY', 'gsk_abcdefghijklmnopqrstuvwxyz');
      assert.equal(store.remove('GROQ_API_KEY'), true);
      assert.equal(store.remove('GROQ_API_KEY'), false);
      assert.equal(store.get('GROQ_API_KEY'), undefined);
      assert.ok(!store.list().some((s) => s.name === 'GROQ_API_KEY'));
    });
  });

  test('refuses bad names, empty keys, and storing without a keychain', () => {
    withDir((dir) => {
      const store = encryptedFileSecretStore({ file: join(dir, 'secrets.json'), ...cipher() });
      assert.throws(() => store.set('openai key', 'x'), { code: 'INVALID_INPUT' });
      assert.throws(() => store.set('OPENAI_API_KEY', '   '), { code: 'INVALID_INPUT' });
      const locked = encryptedFileSecretStore({ file: join(dir, 'secrets.json'), ...cipher(false) });
      assert.throws(() => locked.set('OPENAI_API_KEY', openAiKey), { code: 'INTERNAL', message: /keychain is not available/ });
      assert.equal(locked.list().every((s) => s.writable === false), true);
    });
  });

  test('a key the keychain can no longer decrypt asks to be entered again', () => {
    withDir((dir) => {
      const file = join(dir, 'secrets.json');
      writeFileSync(file, JSON.stringify({ version: 1, secrets: { OPENAI_API_KEY: Buffer.from('garbage').toString('base64') } }));
      const store = encryptedFileSecretStore({ file, ...cipher() });
      assert.throws(() => store.get('OPENAI_API_KEY'), { code: 'INTERNAL', message: /could not be decrypted.*Enter it again/ });
      assert.deepEqual(store.list().find((s) => s.name === 'OPENAI_API_KEY'), {
        name: 'OPENAI_API_KEY',
        isSet: true,
        masked: null,
        source: 'keychain',
        writable: true,
      });
    });
  });
});
