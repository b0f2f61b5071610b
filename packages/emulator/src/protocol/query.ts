import { escapeXml, toXml, type XmlObject } from './restxml.js';

/**
 * The AWS query protocol (STS): form-encoded `Action=...&Version=...` in a POST body (or the query string),
 * XML answers `<{Action}Response><{Action}Result>...</{Action}Result><ResponseMetadata>...` and errors
 * `<ErrorResponse><Error><Type>Sender</Type><Code>..</Code><Message>..</Message></Error><RequestId>..`.
 */

/** The request's parameters: the query string, then the form body (form values win). */
export function queryParams(queryString: string, body: string, contentType: string | undefined): URLSearchParams {
  const params = new URLSearchParams(queryString);
  if (body !== '' && (contentType === undefined || contentType.includes('application/x-www-form-urlencoded'))) {
    for (const [k, v] of new URLSearchParams(body)) params.set(k, v);
  }
  return params;
}

/** A successful answer for `action` in the service's namespace. */
export function queryResponse(xmlns: string, action: string, result: XmlObject, requestId: string): Response {
  const xml = toXml(
    `${action}Response`,
    { [`${action}Result`]: result, ResponseMetadata: { RequestId: requestId } },
    xmlns,
  );
  return new Response(xml, { status: 200, headers: { 'Content-Type': 'text/xml' } });
}

/** An error answer; `Sender` for 4xx, `Receiver` for 5xx. */
export function queryErrorResponse(
  xmlns: string,
  e: { code: string; message: string; status: number },
  requestId: string,
): Response {
  const type = e.status < 500 ? 'Sender' : 'Receiver';
  const xml =
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
    `<ErrorResponse xmlns="${xmlns}"><Error><Type>${type}</Type><Code>${escapeXml(e.code)}</Code>` +
    `<Message>${escapeXml(e.message)}</Message></Error><RequestId>${escapeXml(requestId)}</RequestId></ErrorResponse>`;
  return new Response(xml, { status: e.status, headers: { 'Content-Type': 'text/xml' } });
}
