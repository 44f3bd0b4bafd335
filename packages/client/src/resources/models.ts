import type { Kinora, RequestOptions } from '../client.js'
import type { ModelList } from '../types.js'

/** `GET /api/v3/models` (ext): the models a server routes. */
export class Models {
  constructor(private readonly client: Kinora) {}

  /** Every model id the server routes, its aliases and the engine behind it. */
  list(options: RequestOptions = {}): Promise<ModelList> {
    return this.client.request({ method: 'GET', path: '/models', ...options })
  }
}
