import type { Kinora, RequestOptions } from '../client.js'

/** Downloads of the files a task produced. */
export class Files {
  constructor(private readonly client: Kinora) {}

  /**
   * The bytes behind a URL from `task.content` (spec §2.5), with the client's timeout and retries;
   * an expired or altered link throws `PermissionDeniedError`. No `Authorization` header is sent:
   * the link carries its own signature and may point at another host, such as an S3 bucket.
   * Relative URLs resolve against the client's `baseURL`. Pass a longer `timeout` for large files.
   */
  download(url: string, options: RequestOptions = {}): Promise<Uint8Array> {
    const href = new URL(url, `${this.client.baseURL}/`).href
    return this.client.send(href, { method: 'GET' }, options)
  }
}
