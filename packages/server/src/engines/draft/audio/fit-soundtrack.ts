import { SAMPLE_RATE, createStereo, type Stereo } from './wav.js'

/** Overlap of two passes when a soundtrack is looped. */
const LOOP_CROSSFADE_S = 0.3
/** Fade at a cut the user did not make (a trimmed end, the last loop). */
const CUT_FADE_S = 0.5
/** Fade at the clip's own edges, just enough to avoid a click. */
const EDGE_FADE_S = 0.02

/**
 * The user's sound fitted to the clip: `clips` joined in order (each overlapping the next by
 * `overlap` seconds with a crossfade, as extended videos dissolve into each other), then cut to
 * `seconds` with a fade out when longer, or looped with crossfades when shorter, so a reference
 * song, or the edited or extended video's own track, lasts exactly as long as the picture
 * (api.md §2.6).
 */
export function fitSoundtrack(clips: readonly Stereo[], seconds: number, overlap = 0): Stereo {
  const joined = join(clips, Math.round(overlap * SAMPLE_RATE))
  const out = createStereo(seconds)
  const total = out.left.length
  const length = joined.left.length
  if (length === 0) return out
  const loop = Math.min(Math.round(LOOP_CROSSFADE_S * SAMPLE_RATE), Math.floor(length / 4))
  const stride = length >= total ? length : length - loop
  for (let start = 0; start < total; start += stride) {
    const first = start === 0
    for (let i = 0; i < length && start + i < total; i++) {
      const fadeIn = first || loop === 0 ? 1 : Math.min(1, i / loop)
      const fadeOut = loop === 0 ? 1 : Math.min(1, (length - 1 - i) / loop)
      const gain = start + length >= total ? fadeIn : fadeIn * fadeOut
      out.left[start + i]! += joined.left[i]! * gain
      out.right[start + i]! += joined.right[i]! * gain
    }
  }
  const cut = length !== total
  fade(out, EDGE_FADE_S, cut ? CUT_FADE_S : EDGE_FADE_S)
  return out
}

/** The clips end to end, each overlapping the next by `overlap` samples with linear fades. */
function join(clips: readonly Stereo[], overlap: number): Stereo {
  const shared = clips.map((c, i) =>
    i === 0 ? 0 : Math.min(overlap, c.left.length, clips[i - 1]!.left.length),
  )
  const total = clips.reduce((sum, c, i) => sum + c.left.length - shared[i]!, 0)
  const out: Stereo = { left: new Float32Array(total), right: new Float32Array(total) }
  let at = 0
  for (const [i, clip] of clips.entries()) {
    const faded = { left: clip.left.slice(), right: clip.right.slice() }
    const inS = Math.max(EDGE_FADE_S, shared[i]! / SAMPLE_RATE)
    const outS = Math.max(EDGE_FADE_S, (shared[i + 1] ?? 0) / SAMPLE_RATE)
    fade(faded, inS, outS)
    at -= shared[i]!
    for (let k = 0; k < clip.left.length; k++) {
      out.left[at + k]! += faded.left[k]!
      out.right[at + k]! += faded.right[k]!
    }
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
