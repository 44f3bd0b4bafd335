import { SAMPLE_RATE, createStereo, type Stereo } from './wav.js'

/** Overlap of two passes when a soundtrack is looped. */
const LOOP_CROSSFADE_S = 0.3
/** Fade at a cut the user did not make (a trimmed end, the last loop). */
const CUT_FADE_S = 0.5
/** Fade at the clip's own edges, just enough to avoid a click. */
const EDGE_FADE_S = 0.02

/**
 * The user's sound fitted to the clip: `clips` joined in order, then cut to `seconds` with a fade
 * out when longer, or looped with crossfades when shorter, so a reference song, or the edited or
 * extended video's own track, lasts exactly as long as the picture (api.md §2.6).
 */
export function fitSoundtrack(clips: readonly Stereo[], seconds: number): Stereo {
  const joined = join(clips)
  const out = createStereo(seconds)
  const total = out.left.length
  const length = joined.left.length
  if (length === 0) return out
  const overlap = Math.min(Math.round(LOOP_CROSSFADE_S * SAMPLE_RATE), Math.floor(length / 4))
  const stride = length >= total ? length : length - overlap
  for (let start = 0; start < total; start += stride) {
    const first = start === 0
    for (let i = 0; i < length && start + i < total; i++) {
      const fadeIn = first || overlap === 0 ? 1 : Math.min(1, i / overlap)
      const fadeOut = overlap === 0 ? 1 : Math.min(1, (length - 1 - i) / overlap)
      const gain = start + length >= total ? fadeIn : fadeIn * fadeOut
      out.left[start + i]! += joined.left[i]! * gain
      out.right[start + i]! += joined.right[i]! * gain
    }
  }
  const cut = length !== total
  fade(out, EDGE_FADE_S, cut ? CUT_FADE_S : EDGE_FADE_S)
  return out
}

function join(clips: readonly Stereo[]): Stereo {
  const total = clips.reduce((sum, c) => sum + c.left.length, 0)
  const out: Stereo = { left: new Float32Array(total), right: new Float32Array(total) }
  let at = 0
  for (const clip of clips) {
    const faded = { left: clip.left.slice(), right: clip.right.slice() }
    fade(faded, EDGE_FADE_S, EDGE_FADE_S)
    out.left.set(faded.left, at)
    out.right.set(faded.right, at)
    at += clip.left.length
  }
  return out
}

/** Linear fades in place over the first `inS` and last `outS` seconds. */
function fade(sound: Stereo, inS: number, outS: number): void {
  const n = sound.left.length
  const a = Math.min(n, Math.round(inS * SAMPLE_RATE))
  const b = Math.min(n, Math.round(outS * SAMPLE_RATE))
  for (let i = 0; i < a; i++) {
    sound.left[i]! *= i / a
    sound.right[i]! *= i / a
  }
  for (let i = 0; i < b; i++) {
    sound.left[n - 1 - i]! *= i / b
    sound.right[n - 1 - i]! *= i / b
  }
}
