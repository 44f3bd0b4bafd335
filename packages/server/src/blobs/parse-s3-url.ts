/** Where an S3-compatible bucket is, as `KINORA_BLOB_URL=s3://…` names it. */
export interface S3Location {
  bucket: string
  /** For S3-compatible services (MinIO, Ceph, R2…); absent for AWS. */
  endpoint?: string
  region?: string
  /** `http://endpoint/bucket/key` instead of `http://bucket.endpoint/key` (MinIO needs it). */
  forcePathStyle?: boolean
}

const PARAMS = new Set(['endpoint', 'region', 'forcePathStyle'])

/**
 * Parses `s3://bucket?endpoint=http://127.0.0.1:9000&region=eu-west-1&forcePathStyle=true`.
 * Every problem is reported with the value received and what would be accepted.
 */
export function parseS3Url(text: string): S3Location {
  const fail = (why: string): never => {
    throw new Error(`KINORA_BLOB_URL ${text}: ${why}`)
  }
  let url: URL
  try {
    url = new URL(text)
  } catch {
    return fail('not a URL; expected s3://bucket?endpoint=…&region=…&forcePathStyle=true')
  }
  if (url.protocol !== 's3:') fail(`expected the s3: scheme, got ${url.protocol}`)
  const bucket = url.hostname
  if (!/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(bucket)) {
    fail(`"${bucket}" is not a bucket name (3-63 lowercase letters, digits, dots and hyphens)`)
  }
  if (url.username || url.password || url.port) {
    fail('credentials and ports do not belong here; set AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY')
  }
  if (url.pathname !== '' && url.pathname !== '/') {
    fail(`key prefixes (${url.pathname}) are not supported; give Kinora a bucket of its own`)
  }
  for (const name of url.searchParams.keys()) {
    if (!PARAMS.has(name)) fail(`unknown parameter "${name}"; known: ${[...PARAMS].join(', ')}`)
  }
  const location: S3Location = { bucket }
  const endpoint = url.searchParams.get('endpoint')
  if (endpoint !== null) {
    if (!/^https?:\/\/[^/?#]+\/?$/.test(endpoint)) {
      fail(`endpoint "${endpoint}" must be an http(s) origin such as http://127.0.0.1:9000`)
    }
    location.endpoint = endpoint
  }
  const region = url.searchParams.get('region')
  if (region !== null) {
    if (!/^[a-z0-9-]+$/.test(region)) fail(`region "${region}" is not a region name`)
    location.region = region
  }
  const pathStyle = url.searchParams.get('forcePathStyle')
  if (pathStyle !== null) {
    if (pathStyle !== 'true' && pathStyle !== 'false') {
      fail(`forcePathStyle must be true or false, got "${pathStyle}"`)
    }
    location.forcePathStyle = pathStyle === 'true'
  }
  return location
}
