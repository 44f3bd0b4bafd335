import MidiWriter from 'midi-writer-js'
import type { Part, Score } from './compose.js'

/** Ticks per beat of the files written (midi-writer-js's default). */
const TICKS = 128

/**
 * A part's notes as midi-writer-js events: notes that start, last and sound alike become one chord
 * event. midi-writer-js reads a start tick of 0 as "after the previous note", so only the first
 * event at tick 0 may start there; another (two drums struck at once on the first beat, which
 * the composer avoids) would start one tick (about 5 ms) late instead of after the first.
 */
function noteEvents(part: Part): InstanceType<typeof MidiWriter.NoteEvent>[] {
  const chords = new Map<
    string,
    { tick: number; ticks: number; velocity: number; pitch: number[] }
  >()
  for (const note of part.notes) {
    const tick = Math.round(note.beat * TICKS)
    const ticks = Math.max(1, Math.round(note.beats * TICKS))
    const key = `${tick}:${ticks}:${note.velocity}`
    const chord = chords.get(key)
    if (chord) chord.pitch.push(note.pitch)
    else chords.set(key, { tick, ticks, velocity: note.velocity, pitch: [note.pitch] })
  }
  let atZero = 0
  return [...chords.values()].map(
    (c) =>
      new MidiWriter.NoteEvent({
        pitch: c.pitch,
        duration: `T${c.ticks}`,
        startTick: c.tick === 0 && atZero++ > 0 ? 1 : c.tick,
        velocity: c.velocity,
        channel: part.channel,
      }),
  )
}

/**
 * The score as a Standard MIDI File (format 1, one track per part, tempo in the first), written
 * with midi-writer-js; the soundtrack renders this very file through the SoundFont synth.
 */
export function writeMidi(score: Score): Uint8Array {
  const tracks = score.parts.map((part, i) => {
    const track = new MidiWriter.Track()
    if (i === 0) track.setTempo(score.bpm)
    track.addTrackName(part.name)
    if (part.channel !== 10) {
      // Unlike its note events, midi-writer-js's program change takes a 0-based channel.
      track.addEvent(
        new MidiWriter.ProgramChangeEvent({ instrument: part.program, channel: part.channel - 1 }),
      )
    }
    track.addEvent(noteEvents(part))
    return track
  })
  return dropDuplicateEnds(new MidiWriter.Writer(tracks).buildFile())
}

const END_OF_TRACK = [0x00, 0xff, 0x2f, 0x00]

/**
 * midi-writer-js ends a track that has start-ticked notes with two End of Track events (it builds
 * the track twice); readers stop at the first and some warn. Keeps one per track chunk.
 */
function dropDuplicateEnds(file: Uint8Array): Uint8Array {
  const out: number[] = [...file.subarray(0, 14)]
  for (let at = 14; at + 8 <= file.length;) {
    const view = new DataView(file.buffer, file.byteOffset + at + 4, 4)
    const length = view.getUint32(0)
    let body = file.subarray(at + 8, at + 8 + length)
    const endsTwice = [...END_OF_TRACK, ...END_OF_TRACK].every(
      (byte, i) => body[body.length - 8 + i] === byte,
    )
    if (endsTwice) body = body.subarray(0, body.length - 4)
    out.push(...file.subarray(at, at + 4), ...u32(body.length), ...body)
    at += 8 + length
  }
  return Uint8Array.from(out)
}

const u32 = (n: number) => [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255]
