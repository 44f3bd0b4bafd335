/** The soundtrack's sample rate: AAC in the mp4 is 48 kHz too (api.md §2.6). */
export const SAMPLE_RATE = 48_000

/** A stereo soundtrack in floats, nominally within -1..1. */
export interface Stereo {
  left: Float32Array
  right: Float32Array
}

/** An empty soundtrack of `seconds` (rounded to whole samples). */
export function createStereo(seconds: number): Stereo {
  const n = Math.round(seconds * SAMPLE_RATE)
  return { left: new Float32Array(n), right: new Float32Array(n) }
}

/**
 * A 16-bit stereo PCM WAV file. Samples are clamped and rounded (no dither: dither would need
 * randomness, and the bed is loud enough that truncation noise is inaudible).
 */
export function encodeWav(sound: Stereo): Buffer {
  const n = sound.left.length
  const data = n * 4
  const out = Buffer.alloc(44 + data)
  out.write('RIFF', 0, 'ascii')
  out.writeUInt32LE(36 + data, 4)
  out.write('WAVE', 8, 'ascii')
  out.write('fmt ', 12, 'ascii')
  out.writeUInt32LE(16, 16)
  out.writeUInt16LE(1, 20)
  out.writeUInt16LE(2, 22)
  out.writeUInt32LE(SAMPLE_RATE, 24)
  out.writeUInt32LE(SAMPLE_RATE * 4, 28)
  out.writeUInt16LE(4, 32)
  out.writeUInt16LE(16, 34)
  out.write('data', 36, 'ascii')
  out.writeUInt32LE(data, 40)
  const pcm = new Int16Array(out.buffer, out.byteOffset + 44, n * 2)
  const { left, right } = sound
  for (let i = 0; i < n; i++) {
    const l = left[i]!
    const r = right[i]!
    pcm[i * 2] = Math.round((l > 1 ? 1 : l < -1 ? -1 : l) * 32767)
    pcm[i * 2 + 1] = Math.round((r > 1 ? 1 : r < -1 ? -1 : r) * 32767)
  }
  return out
}
