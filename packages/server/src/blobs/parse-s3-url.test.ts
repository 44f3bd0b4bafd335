import { describe, expect, it } from 'vitest'
import { parseS3Url } from './parse-s3-url.js'

describe('parseS3Url', () => {
  it.each([
    ['s3://kinora-media', { bucket: 'kinora-media' }],
    ['s3://kinora-media/', { bucket: 'kinora-media' }],
    [
      's3://media.example.com?region=eu-west-1',
      { bucket: 'media.example.com', region: 'eu-west-1' },
    ],
    [
      's3://kinora?endpoint=http://127.0.0.1:9000&region=us-east-1&forcePathStyle=true',
      {
        bucket: 'kinora',
        endpoint: 'http://127.0.0.1:9000',
        region: 'us-east-1',
        forcePathStyle: true,
      },
    ],
    ['s3://kinora?forcePathStyle=false', { bucket: 'kinora', forcePathStyle: false }],
  ])('reads %s', (url, expected) => {
    expect(parseS3Url(url)).toStrictEqual(expected)
  })

  it.each([
    ['file:/srv/blobs', /expected the s3: scheme/],
    ['s3://Kinora', /not a bucket name/],
    ['s3://ab', /not a bucket name/],
    ['s3://key:secret@kinora', /AWS_ACCESS_KEY_ID/],
    ['s3://kinora/videos', /key prefixes \(\/videos\) are not supported/],
    ['s3://kinora?endpont=http://x', /unknown parameter "endpont"; known: endpoint/],
    ['s3://kinora?endpoint=127.0.0.1:9000', /must be an http\(s\) origin/],
    ['s3://kinora?endpoint=http://minio:9000/path', /must be an http\(s\) origin/],
    ['s3://kinora?region=EU West', /is not a region name/],
    ['s3://kinora?forcePathStyle=yes', /forcePathStyle must be true or false, got "yes"/],
  ])('refuses %s, saying why', (url, why) => {
    expect(() => parseS3Url(url)).toThrow(why)
  })
})
