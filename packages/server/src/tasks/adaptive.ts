import type { FixedRatio } from './sizes.js'

/** `adaptive` for text-to-video (spec §2.6): the prompt's framing words pick the ratio. */
export function ratioFromPrompt(prompt: string): FixedRatio {
  if (/\b(portrait|vertical|phone|smartphone|tiktok|reels?|stories)\b/i.test(prompt)) return '9:16'
  if (/\bsquare\b/i.test(prompt)) return '1:1'
  if (/\b(cinematic|widescreen|wide-screen|panoram(a|ic)|ultra-?wide|anamorphic)\b/i.test(prompt))
    return '21:9'
  return '16:9'
}

/**
 * `duration: -1` for text-to-video: the engine picks. A short prompt is one 5 s shot; longer
 * prompts describe more and get a second more for every further twelve words, up to 15 s.
 */
export function durationFromPrompt(prompt: string): number {
  const words = prompt.split(/\s+/).filter(Boolean).length
  return Math.min(15, Math.max(4, 5 + Math.floor(Math.max(0, words - 20) / 12)))
}
