import type { CarPass } from '../timeline.js'
import { Biquad } from './biquad.js'
import { inChunks, pace } from '../pace.js'
import { SAMPLE_RATE, type Stereo } from './wav.js'
import { TABLE_SIZE, lookup, wavetable } from './wavetable.js'

/** An engine note: fundamental and two falling harmonics. */
const ENGINE = wavetable([0.5, 0.25, 0.12])
import { createWhiteNoise } from './white-noise.js'

/** The city's hum: its sources, filters and the two drones' last samples, chunk to chunk. */
interface Hum {
  noise: () => number
  rumble: Biquad
  murmur: Biquad
  level: number
  a1: number
  a2: number
  b1: number
  b2: number
}

// Two drones by the sine recurrence s[n] = 2cos(w)·s[n-1] - s[n-2]: no Math.sin per sample.
const K1 = 2 * Math.cos((2 * Math.PI * 55) / SAMPLE_RATE)
const K2 = 2 * Math.cos((2 * Math.PI * 110.4) / SAMPLE_RATE)

function humOn(sound: Stereo, hum: Hum, from: number, to: number): void {
  const { noise, rumble, murmur, level } = hum
  const { left, right } = sound
  const k1 = K1
  const k2 = K2
  let { a1, a2, b1, b2 } = hum
  for (let i = from; i < to; i++) {
    const a = k1 * a1 - a2
    a2 = a1
    a1 = a
    const b = k2 * b1 - b2
    b2 = b1
    b1 = b
    const n = noise()
    const base = rumble.run(n) * 1.4 + murmur.run(n) * 0.35 + a * 0.05 + b * 0.03
    left[i]! += base * level
    right[i]! += base * level
  }
  Object.assign(hum, { a1, a2, b1, b2 })
}

/**
 * The city: a low hum of distant traffic and machinery (brown-ish rumble plus mains-like drones),
 * and each car the picture shows passing as an engine note that glides down as it goes by
 * (Doppler-like) and pans across, with tyre noise (louder on wet roads). Paced (pace.ts).
 */
export async function addCity(
  sound: Stereo,
  seed: number,
  level: number,
  cars: CarPass[],
  wet: boolean,
): Promise<void> {
  const hum: Hum = {
    noise: createWhiteNoise(seed ^ 0x3c6ef372),
    rumble: new Biquad('lowpass', 180, 0.8),
    murmur: new Biquad('bandpass', 520, 0.8),
    level,
    a1: Math.sin((2 * Math.PI * 55) / SAMPLE_RATE),
    a2: 0,
    b1: Math.sin((2 * Math.PI * 110.4) / SAMPLE_RATE),
    b2: 0,
  }
  await inChunks(sound.left.length, (from, to) => humOn(sound, hum, from, to))
  for (const [k, car] of cars.entries()) {
    await pace()
    addPass(sound, car, seed + k * 7919, level, wet)
  }
}

function addPass(sound: Stereo, car: CarPass, seed: number, level: number, wet: boolean): void {
  const { left, right } = sound
  const closest = car.enter + car.crossing / 2
  // Beyond two seconds from its closest point a car is below a tenth of its peak: skip it.
  const from = Math.max(0, Math.floor((closest - 2) * SAMPLE_RATE))
  const to = Math.min(left.length, Math.floor((closest + 2) * SAMPLE_RATE))
  if (to <= from) return
  const noise = createWhiteNoise(seed)
  const tyres = new Biquad('bandpass', wet ? 2200 : 900, wet ? 0.6 : 0.9)
  const f0 = 70 + car.hue * 50
  const loud = (0.35 + 0.65 * car.lane) * level
  const grip = wet ? 2 : 1.2
  let phase = 0
  // Loudness, pitch and pan change slowly: update them per block, not per sample.
  for (let start = from; start < to; start += 128) {
    const dt = start / SAMPLE_RATE - closest
    const near = loud / (1 + dt * dt * 2.5)
    const step = (f0 * (1 + 0.06 * Math.tanh(-dt * 1.5)) * TABLE_SIZE) / SAMPLE_RATE
    const pan = 0.5 + 0.45 * Math.tanh(dt * 1.2) * car.dir
    const gl = near * Math.sqrt(1 - pan)
    const gr = near * Math.sqrt(pan)
    const end = Math.min(to, start + 128)
    for (let i = start; i < end; i++) {
      phase += step
      if (phase >= TABLE_SIZE) phase -= TABLE_SIZE
      const s = lookup(ENGINE, phase) * 0.5 + tyres.run(noise()) * grip
      left[i]! += s * gl
      right[i]! += s * gr
    }
  }
}
