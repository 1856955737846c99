/** Sends a template as HTML. Templates escape every value (hono/jsx); nothing here adds raw HTML. */
import type { FastifyReply } from 'fastify';

interface Renderable { toString(): string | Promise<string> }

export async function sendHtml(reply: FastifyReply, node: Renderable, status = 200, doctype = true): Promise<FastifyReply> {
  const body = await node.toString();
  return reply.code(status).type('text/html; charset=utf-8').header('cache-control', 'no-store').send(doctype ? `<!doctype html>${body}` : body);
}

/** After a form POST: back to a page with GET (303), or tell htmx to go there. */
export function seeOther(reply: FastifyReply, location: string, hx: boolean): FastifyReply {
  if (hx) return reply.code(200).header('hx-redirect', location).send('');
  return reply.code(303).header('location', location).send('');
}

/** Same-site paths only, so a `back` or `next` field cannot send anyone elsewhere. */
export function safeLocalPath(p: unknown, fallback = '/'): string {
  return typeof p === 'string' && /^\/(?![/\\])[\w\-./?=&%:+,~]*$/.test(p) ? p : fallback;
}
