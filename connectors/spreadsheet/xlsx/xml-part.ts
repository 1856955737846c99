// SAX-parses one XML part of the package chunk by chunk, so a 500 MB sheet never sits in memory.
import { StringDecoder } from 'node:string_decoder';
import sax from 'sax';
import { SpreadsheetError } from '../errors';
import type { ZipPackage } from './zip-package';

export type Attributes = Record<string, string>;

export interface XmlHandlers {
  /** Local element name: writers may prefix SpreadsheetML elements (`x:row`), so prefixes are dropped. */
  open?(name: string, attributes: Attributes): void;
  close?(name: string): void;
  text?(text: string): void;
}

export const localName = (name: string) => name.slice(name.indexOf(':') + 1);

/** Attribute by local name (`r:id` and `id` under any prefix both answer to "id" when `prefixed`). */
export function attribute(attributes: Attributes, name: string, prefixed = false): string | undefined {
  if (!prefixed) return attributes[name];
  for (const key of Object.keys(attributes)) if (key.includes(':') && localName(key) === name) return attributes[key];
  return undefined;
}

/** Yields after each inflated chunk so the caller can hand out what the handlers collected. */
export async function* parseXmlChunks(zip: ZipPackage, part: string, file: string, handlers: XmlHandlers): AsyncGenerator<void> {
  const parser = sax.parser(true, { trim: false, normalize: false, position: false });
  let failure: Error | null = null;
  parser.onerror = (error) => {
    failure ??= error;
  };
  if (handlers.open) {
    const open = handlers.open;
    parser.onopentag = (tag) => open(localName(tag.name), tag.attributes as Attributes);
  }
  if (handlers.close) {
    const close = handlers.close;
    parser.onclosetag = (name) => close(localName(name));
  }
  if (handlers.text) {
    parser.ontext = handlers.text;
    parser.oncdata = handlers.text;
  }
  const stream = await zip.openStream(part);
  const decoder = new StringDecoder('utf8');
  const check = () => {
    if (failure) throw new SpreadsheetError('corrupt_file', `${file}: part "${part}" is not well-formed XML (${failure.message.split('\n')[0]})`, { file }, { cause: failure });
  };
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      parser.write(decoder.write(chunk));
      check();
      yield;
    }
    parser.write(decoder.end()).close();
    check();
  } finally {
    stream.destroy();
  }
}

export async function parseXmlPart(zip: ZipPackage, part: string, file: string, handlers: XmlHandlers): Promise<void> {
  for await (const _ of parseXmlChunks(zip, part, file, handlers));
}
