import { createHash, createHmac, timingSafeEqual } from 'node:crypto'

/** RFC 3986 encoding as SigV4 wants it: everything but unreserved characters. */
const encode = (text: string): string =>
  encodeURIComponent(text).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  )

const hmac = (key: Buffer | string, text: string): Buffer =>
  createHmac('sha256', key).update(text).digest()

/**
 * Checks a presigned S3 GET URL the way S3 does (Signature Version 4, query authentication),
 * written from AWS's specification rather than with the SDK that signed it: the signature over
 * method, path, query and host, the credential scope, and the validity window at `nowMs`.
 */
export function verifyPresignedUrl(
  href: string,
  credentials: { accessKeyId: string; secretAccessKey: string },
  region: string,
  nowMs: number,
): boolean {
  const url = new URL(href)
  const query = url.searchParams
  const signature = query.get('X-Amz-Signature') ?? ''
  const amzDate = query.get('X-Amz-Date') ?? ''
  const expires = Number(query.get('X-Amz-Expires'))
  const match = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(amzDate)
  if (query.get('X-Amz-Algorithm') !== 'AWS4-HMAC-SHA256' || !match) return false
  if (!Number.isInteger(expires) || expires < 1 || expires > 604_800) return false
  const [, y, mo, d, h, mi, s] = match
  const signedAt = Date.UTC(+y!, +mo! - 1, +d!, +h!, +mi!, +s!)
  if (nowMs < signedAt || nowMs > signedAt + expires * 1000) return false

  const scope = `${amzDate.slice(0, 8)}/${region}/s3/aws4_request`
  if (query.get('X-Amz-Credential') !== `${credentials.accessKeyId}/${scope}`) return false
  const signedHeaders = query.get('X-Amz-SignedHeaders') ?? ''
  if (signedHeaders !== 'host') return false

  const path = url.pathname.split('/').map((segment) => encode(decodeURIComponent(segment)))
  const canonicalQuery = [...query.entries()]
    .filter(([name]) => name !== 'X-Amz-Signature')
    .map(([name, value]) => `${encode(name)}=${encode(value)}`)
    .sort()
    .join('&')
  const canonicalRequest = [
    'GET',
    path.join('/'),
    canonicalQuery,
    `host:${url.host}\n`,
    signedHeaders,
    'UNSIGNED-PAYLOAD',
  ].join('\n')
  const stringToSign = [
    'AWS4-HMAC-SHA256',
    amzDate,
    scope,
    createHash('sha256').update(canonicalRequest).digest('hex'),
  ].join('\n')
  let key = hmac(`AWS4${credentials.secretAccessKey}`, amzDate.slice(0, 8))
  for (const part of [region, 's3', 'aws4_request']) key = hmac(key, part)
  const expected = hmac(key, stringToSign)
  const given = Buffer.from(signature, 'hex')
  return given.length === expected.length && timingSafeEqual(given, expected)
}
