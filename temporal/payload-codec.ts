/**
 * Optional encryption of workflow payloads (arguments, results, heartbeat details) with AES-256-GCM,
 * so the names and file paths crmhub passes through Temporal are not readable in its database.
 *
 * Keys come from the environment:
 *   CRMHUB_PAYLOAD_KEYS    comma-separated `id:base64key` pairs (32-byte keys: `openssl rand -base64 32`);
 *                          every listed key can decrypt.
 *   CRMHUB_PAYLOAD_KEY_ID  the id of the key that encrypts (default: the first listed).
 * Each encrypted payload names its key id in its metadata, so keys rotate without re-encrypting
 * history: (1) add the new key to CRMHUB_PAYLOAD_KEYS everywhere, (2) then point
 * CRMHUB_PAYLOAD_KEY_ID at it everywhere, (3) drop the old key once no open workflow or retained
 * history still uses it (the namespace's retention after the last run that used it closed).
 * Step 1 before step 2 matters: a process that encrypts with a key another process cannot read yet
 * stalls that process's workflows until it gets the key.
 *
 * Payloads without the encrypted encoding pass through on decode, so turning encryption on does
 * not strand running workflows. The codec runs in the worker's and client's main thread, never in
 * the workflow sandbox (which must not import node:crypto).
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { Payload, PayloadCodec } from '@temporalio/common';
import { temporal } from '@temporalio/proto';

export const ENCRYPTED_ENCODING = 'binary/encrypted';
export const KEY_ID_METADATA = 'encryption-key-id';
const CIPHER_METADATA = 'encryption-cipher';
const CIPHER = 'AES-256-GCM';
const IV_BYTES = 12;
const TAG_BYTES = 16;

const text = new TextEncoder();
const utf8 = new TextDecoder();

export class PayloadKeyError extends Error {
  override name = 'PayloadKeyError';
}

export interface PayloadKeys { encryptWith: string; keys: ReadonlyMap<string, Buffer> }

export class AesGcmPayloadCodec implements PayloadCodec {
  constructor(private readonly k: PayloadKeys) {
    if (!k.keys.has(k.encryptWith)) throw new PayloadKeyError(`payload key "${k.encryptWith}" is not among the keys`);
  }

  async encode(payloads: Payload[]): Promise<Payload[]> {
    const key = this.k.keys.get(this.k.encryptWith)!;
    return payloads.map((p) => {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      // The key id is authenticated data: a payload relabelled with another key id fails to open.
      cipher.setAAD(Buffer.from(this.k.encryptWith));
      const plain = temporal.api.common.v1.Payload.encode(p).finish();
      const data = Buffer.concat([iv, cipher.update(plain), cipher.final(), cipher.getAuthTag()]);
      return {
        metadata: {
          encoding: text.encode(ENCRYPTED_ENCODING),
          [KEY_ID_METADATA]: text.encode(this.k.encryptWith),
          [CIPHER_METADATA]: text.encode(CIPHER),
        },
        data,
      };
    });
  }

  async decode(payloads: Payload[]): Promise<Payload[]> {
    return payloads.map((p) => {
      if (!p.metadata || utf8.decode(p.metadata.encoding ?? new Uint8Array()) !== ENCRYPTED_ENCODING) return p;
      const keyId = utf8.decode(p.metadata[KEY_ID_METADATA] ?? new Uint8Array());
      const key = this.k.keys.get(keyId);
      if (!key) throw new PayloadKeyError(`a payload is encrypted with key "${keyId}", which is not in CRMHUB_PAYLOAD_KEYS`);
      const data = Buffer.from(p.data ?? new Uint8Array());
      if (data.length < IV_BYTES + TAG_BYTES) throw new PayloadKeyError('an encrypted payload is truncated');
      const decipher = createDecipheriv('aes-256-gcm', key, data.subarray(0, IV_BYTES));
      decipher.setAAD(Buffer.from(keyId));
      decipher.setAuthTag(data.subarray(data.length - TAG_BYTES));
      let plain: Buffer;
      try {
        plain = Buffer.concat([decipher.update(data.subarray(IV_BYTES, data.length - TAG_BYTES)), decipher.final()]);
      } catch {
        throw new PayloadKeyError(`a payload encrypted with key "${keyId}" does not decrypt: wrong key material for that id, or the payload was altered`);
      }
      return temporal.api.common.v1.Payload.decode(plain) as Payload;
    });
  }
}

/** `null` when CRMHUB_PAYLOAD_KEYS is unset: payloads stay as the default converter writes them. */
export function payloadKeysFromEnv(env: NodeJS.ProcessEnv = process.env): PayloadKeys | null {
  const raw = env.CRMHUB_PAYLOAD_KEYS?.trim();
  if (!raw) {
    if (env.CRMHUB_PAYLOAD_KEY_ID?.trim()) throw new PayloadKeyError('CRMHUB_PAYLOAD_KEY_ID is set but CRMHUB_PAYLOAD_KEYS is not');
    return null;
  }
  const keys = new Map<string, Buffer>();
  for (const entry of raw.split(',').map((s) => s.trim()).filter(Boolean)) {
    const colon = entry.indexOf(':');
    const id = colon > 0 ? entry.slice(0, colon).trim() : '';
    if (!/^[A-Za-z0-9._-]{1,64}$/.test(id)) throw new PayloadKeyError('CRMHUB_PAYLOAD_KEYS: each entry is id:base64key, the id made of letters, digits, . _ -');
    const key = Buffer.from(entry.slice(colon + 1).trim(), 'base64');
    if (key.length !== 32) throw new PayloadKeyError(`CRMHUB_PAYLOAD_KEYS: key "${id}" is ${key.length} bytes, not 32 (make one with: openssl rand -base64 32)`);
    if (keys.has(id)) throw new PayloadKeyError(`CRMHUB_PAYLOAD_KEYS: key id "${id}" appears twice`);
    keys.set(id, key);
  }
  if (keys.size === 0) throw new PayloadKeyError('CRMHUB_PAYLOAD_KEYS is set but holds no key');
  const encryptWith = env.CRMHUB_PAYLOAD_KEY_ID?.trim() || keys.keys().next().value!;
  if (!keys.has(encryptWith)) throw new PayloadKeyError(`CRMHUB_PAYLOAD_KEY_ID="${encryptWith}" is not among the ids in CRMHUB_PAYLOAD_KEYS`);
  return { encryptWith, keys };
}

/** The data converter every client and worker uses: the default one, plus the codec when keys are set. */
export function dataConverterFromEnv(env: NodeJS.ProcessEnv = process.env): { payloadCodecs?: PayloadCodec[] } {
  const keys = payloadKeysFromEnv(env);
  return keys ? { payloadCodecs: [new AesGcmPayloadCodec(keys)] } : {};
}
