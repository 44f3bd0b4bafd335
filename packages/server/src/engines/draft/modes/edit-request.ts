/** Where an inserted element goes (spec §2.3 edit; issue 3 item 5). */
export type Region = 'left' | 'right' | 'top' | 'bottom' | 'centre' | 'background' | 'foreground'

/** What an edit prompt asks of the video, decided from its words and @image citations. */
export interface EditRequest {
  /** Insert the element of `elementImage` into `region` (an add/insert/replace verb, or a region). */
  insert: boolean
  region: Region
  /** Index among the job's images of the one whose element is inserted. */
  elementImage: number
  /** Index among the job's images whose palette and texture the whole frame takes. */
  styleImage: number
  /** Reinhard transfer strength, 0..1: full when the prompt asks for a new look. */
  palette: number
  /** Texture grain strength, 0..1: stronger when the prompt names a surface or a style. */
  texture: number
}

const REGIONS: ReadonlyArray<[Region, RegExp]> = [
  ['background', /\b(background|behind|backdrop|sky|distance)\b/],
  ['foreground', /\b(foreground|in front|front|close[- ]up|nearby)\b/],
  ['left', /\bleft\b/],
  ['right', /\bright\b/],
  ['top', /\b(top|upper|above)\b/],
  ['bottom', /\b(bottom|lower|below|ground|floor)\b/],
  ['centre', /\b(centre|center|middle)\b/],
]
const INSERT = /\b(add|adds|adding|insert|put|place|replace|replacing|swap|include|bring)\b/
const LOOK = /\b(look|looks|style|colou?rs?|palette|tone|grade|mood|like|turn|make|change|into)\b/
const TEXTURE = /\b(texture|textured|paint(ed|ing)?|sketch|grain|fabric|canvas|material|surface)\b/
const CITE = /@image(\d+)/g

/**
 * Reads an edit prompt (spec §2.3) the way the draft engine can honour it: every edit takes the
 * palette and, lightly, the texture of a reference image over the whole frame; an insertion verb
 * or a named region also puts that image's element into the frame. With several images, the one
 * cited right after the insertion verb is the element and the one cited after a look word
 * ("style", "like", "colour") the style; otherwise the first image styles and the last is inserted.
 */
export function parseEditRequest(prompt: string, imageCount: number): EditRequest {
  const text = prompt.toLowerCase()
  const regionHit = REGIONS.map(([region, re]) => ({ region, at: text.search(re) }))
    .filter((r) => r.at >= 0)
    .sort((a, b) => a.at - b.at)[0]
  const insertAt = text.search(INSERT)
  const lookAt = text.search(LOOK)
  const citedAfter = (at: number): number | undefined => {
    if (at < 0) return undefined
    for (const m of text.matchAll(CITE)) {
      const n = Number(m[1]) - 1
      if ((m.index ?? 0) > at && n >= 0 && n < imageCount) return n
    }
    return undefined
  }
  const last = Math.max(0, imageCount - 1)
  return {
    insert: insertAt >= 0 || regionHit !== undefined,
    region: regionHit?.region ?? 'centre',
    elementImage: citedAfter(insertAt) ?? last,
    styleImage: citedAfter(lookAt) ?? 0,
    palette: lookAt >= 0 ? 0.85 : 0.6,
    texture: TEXTURE.test(text) ? 0.45 : 0.2,
  }
}
