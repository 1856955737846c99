import { describe, expect, it } from 'vitest';
import { DefaultPayloadConverter } from '@temporalio/common';
import { AesGcmPayloadCodec, ENCRYPTED_ENCODING, KEY_ID_METADATA, payloadKeysFromEnv } from './payload-codec';

const k1 = Buffer.alloc(32, 1).toString('base64');
const k2 = Buffer.alloc(32, 2).toString('base64');
const conv = new DefaultPayloadConverter();
const utf8 = (b?: Uint8Array | null) => new TextDecoder().decode(b ?? new Uint8Array());

function codec(env: Record<string, string>) {
  return new AesGcmPayloadCodec(payloadKeysFromEnv(env)!);
}

describe('AES-GCM payload codec', () => {
  it('round-trips a payload, names its key id, and hides the plaintext', async () => {
    const c = codec({ CRMHUB_PAYLOAD_KEYS: `k1:${k1}` });
    const p = conv.toPayload({ file: '/data/clientes-acme.csv', runId: 7 });
    const [enc] = await c.encode([p]);
    expect(utf8(enc!.metadata!.encoding)).toBe(ENCRYPTED_ENCODING);
    expect(utf8(enc!.metadata![KEY_ID_METADATA])).toBe('k1');
    expect(Buffer.from(enc!.data!).includes('clientes-acme')).toBe(false);
    const [dec] = await c.decode([enc!]);
    expect(conv.fromPayload(dec!)).toEqual({ file: '/data/clientes-acme.csv', runId: 7 });
  });

  it('rotates: old payloads still open once the new key encrypts; a dropped key is named', async () => {
    const before = codec({ CRMHUB_PAYLOAD_KEYS: `k1:${k1}` });
    const during = codec({ CRMHUB_PAYLOAD_KEYS: `k1:${k1},k2:${k2}` }); // step 1: k2 known, k1 still encrypts
    const after = codec({ CRMHUB_PAYLOAD_KEYS: `k1:${k1},k2:${k2}`, CRMHUB_PAYLOAD_KEY_ID: 'k2' }); // step 2
    const [old] = await before.encode([conv.toPayload('old')]);
    const [mid] = await during.encode([conv.toPayload('mid')]);
    const [fresh] = await after.encode([conv.toPayload('new')]);
    expect(utf8(mid!.metadata![KEY_ID_METADATA])).toBe('k1');
    expect(utf8(fresh!.metadata![KEY_ID_METADATA])).toBe('k2');
    expect((await during.decode([fresh!])).map((p) => conv.fromPayload(p))).toEqual(['new']); // step-1 processes read step-2 payloads
    expect((await after.decode([old!, mid!])).map((p) => conv.fromPayload(p))).toEqual(['old', 'mid']);
    const dropped = codec({ CRMHUB_PAYLOAD_KEYS: `k2:${k2}` }); // step 3, too early
    await expect(dropped.decode([old!])).rejects.toThrow('encrypted with key "k1", which is not in CRMHUB_PAYLOAD_KEYS');
  });

  it('refuses tampered payloads, relabelled key ids and wrong key material', async () => {
    const c = codec({ CRMHUB_PAYLOAD_KEYS: `k1:${k1},k2:${k2}` });
    const [enc] = await c.encode([conv.toPayload('secret')]);
    const flipped = Buffer.from(enc!.data!);
    flipped[20] = flipped[20]! ^ 1;
    await expect(c.decode([{ ...enc!, data: flipped }])).rejects.toThrow('does not decrypt');
    const relabelled = { ...enc!, metadata: { ...enc!.metadata, [KEY_ID_METADATA]: new TextEncoder().encode('k2') } };
    await expect(c.decode([relabelled])).rejects.toThrow('does not decrypt');
    const wrong = codec({ CRMHUB_PAYLOAD_KEYS: `k1:${k2}` });
    await expect(wrong.decode([enc!])).rejects.toThrow('does not decrypt');
  });

  it('passes unencrypted payloads through on decode (turning encryption on strands nothing)', async () => {
    const c = codec({ CRMHUB_PAYLOAD_KEYS: `k1:${k1}` });
    const plain = conv.toPayload({ a: 1 });
    expect(await c.decode([plain])).toEqual([plain]);
  });

  it.each([
    [{ CRMHUB_PAYLOAD_KEYS: 'k1:c2hvcnQ=' }, 'key "k1" is 5 bytes, not 32'],
    [{ CRMHUB_PAYLOAD_KEYS: `${k1}` }, 'each entry is id:base64key'],
    [{ CRMHUB_PAYLOAD_KEYS: `k1:${k1},k1:${k2}` }, 'appears twice'],
    [{ CRMHUB_PAYLOAD_KEYS: `k1:${k1}`, CRMHUB_PAYLOAD_KEY_ID: 'k9' }, 'CRMHUB_PAYLOAD_KEY_ID="k9" is not among the ids'],
    [{ CRMHUB_PAYLOAD_KEY_ID: 'k1' }, 'CRMHUB_PAYLOAD_KEYS is not'],
  ])('refuses bad key settings %#', (env, message) => {
    expect(() => payloadKeysFromEnv(env)).toThrow(message);
  });

  it('is off without keys', () => {
    expect(payloadKeysFromEnv({})).toBeNull();
  });
});
