/**
 * Types for the part of midi-writer-js the music uses. The package ships declarations, but its
 * `exports` map does not point at them, so NodeNext resolution cannot find them.
 */
declare module 'midi-writer-js' {
  class Track {
    setTempo(bpm: number, tick?: number): Track
    addTrackName(name: string): Track
    addEvent(events: object | object[]): Track
  }
  class NoteEvent {
    constructor(fields: {
      pitch: Array<string | number>
      duration: string
      startTick?: number
      velocity?: number
      channel?: number
    })
  }
  class ProgramChangeEvent {
    constructor(fields: { instrument: number; channel?: number })
  }
  class Writer {
    constructor(tracks: Track | Track[])
    buildFile(): Uint8Array
  }
  const MidiWriter: {
    Track: typeof Track
    NoteEvent: typeof NoteEvent
    ProgramChangeEvent: typeof ProgramChangeEvent
    Writer: typeof Writer
  }
  export default MidiWriter
}
