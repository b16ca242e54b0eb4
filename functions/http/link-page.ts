import type { PageContext } from './approval-page.ts';
import { crossSiteRequest, verifyCsrfToken } from './csrf.ts';
import type { HttpEvent } from './http-handler.ts';
import { pickLang } from './i18n.ts';
import { header, rawBody } from './request.ts';
import { html } from './responses.ts';

/**
 * A page behind a public link (approval, satisfaction). `same-origin` instead of `no-referrer`: the link
 * never leaves in a Referer to another site, while the browser still sends the page's real `Origin`
 * with its form (under `no-referrer` it sends `Origin: null`, which the POST check refuses).
 */
export function linkPage(
  statusCode: number,
  body: string,
  options: { readonly imgSrc?: readonly string[] } = {},
) {
  const response = html(statusCode, body, options);
  return { ...response, headers: { ...response.headers, 'referrer-policy': 'same-origin' } };
}

/**
 * HEAD answers as GET does, without the body (status and headers stay): the local HTTP API and API
 * Gateway then agree, whatever either does with a body on HEAD.
 */
export function withoutBodyOnHead<R extends { body?: string | undefined }>(event: HttpEvent, response: R): R {
  return event.requestContext.http.method === 'HEAD' ? { ...response, body: '' } : response;
}

/** The caller's language (`?lang=`, else Accept-Language) and whether it wants JSON rather than a page. */
export function linkRequest(event: HttpEvent): { ctx: PageContext; wantsJson: boolean } {
  return {
    ctx: {
      lang: pickLang(event.queryStringParameters?.lang, header(event, 'accept-language')),
      langSwitch: true,
    },
    wantsJson: /application\/json/i.test(header(event, 'accept') ?? ''),
  };
}

/** The fields of a link's form, posted as a form or as JSON (strings and numbers, as strings). */
export function formFields(event: HttpEvent): Record<string, string> {
  const text = rawBody(event);
  if (!/^application\/json/i.test(header(event, 'content-type') ?? '')) {
    return Object.fromEntries(new URLSearchParams(text));
  }
  try {
    const value: unknown = JSON.parse(text);
    if (value === null || typeof value !== 'object') return {};
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [
        k,
        typeof v === 'string' || typeof v === 'number' ? String(v) : '',
      ]),
    );
  } catch {
    return {};
  }
}

/** A POST from another site, or without the form token the page carried for `subject`. */
export function forgedPost(
  event: HttpEvent,
  fields: Record<string, string>,
  check: { secret: string; subject: string; linkBaseUrl: string },
): boolean {
  return (
    crossSiteRequest({
      origin: header(event, 'origin'),
      secFetchSite: header(event, 'sec-fetch-site'),
      host: header(event, 'host'),
      linkBaseUrl: check.linkBaseUrl,
    }) || !verifyCsrfToken(check.secret, check.subject, fields.csrf)
  );
}
