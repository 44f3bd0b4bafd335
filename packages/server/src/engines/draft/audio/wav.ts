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

/** Decoded PCM: one array of samples in -1..1 per channel, at the file's own rate. */
export interface Pcm {
  rate: number
  channels: Float32Array[]
}

/**
 * Reads a 16-bit PCM WAV file (eSpeak NG's speech, a mode's own sound written by encodeWav).
 * Tolerates the placeholder sizes a program streaming to stdout writes in its header: the data
 * then runs to the end of the file.
 */
export function decodeWav(file: Buffer): Pcm {
  let offset = 12
  let rate = 0
  let count = 1
  while (offset + 8 <= file.length) {
    const id = file.toString('ascii', offset, offset + 4)
    const size = file.readUInt32LE(offset + 4)
    if (id === 'fmt ') {
      count = file.readUInt16LE(offset + 10)
      rate = file.readUInt32LE(offset + 12)
      if (file.readUInt16LE(offset + 8) !== 1 || file.readUInt16LE(offset + 22) !== 16) break
    } else if (id === 'data' && rate > 0) {
      const end = Math.min(file.length, offset + 8 + size)
      const frames = Math.floor((end - offset - 8) / (2 * count))
      const channels = Array.from({ length: count }, () => new Float32Array(frames))
      for (let i = 0; i < frames; i++) {
        for (let c = 0; c < count; c++) {
          channels[c]![i] = file.readInt16LE(offset + 8 + (i * count + c) * 2) / 32768
        }
      }
      return { rate, channels }
    }
    offset += 8 + size + (size & 1)
  }
  throw new Error('not a 16-bit PCM WAV file')
}
