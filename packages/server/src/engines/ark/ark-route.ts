import { z } from 'zod'

/** What an `ark` route tells its engine (engines/route-table.ts fills it from the routes file). */
export const arkRouteOptions = z.object({
  /** The model id sent upstream, such as `doubao-seedance-2-0-260128` or an endpoint id `ep-…`. */
  upstreamModel: z.string().min(1),
})

export type ArkRouteOptions = z.infer<typeof arkRouteOptions>
