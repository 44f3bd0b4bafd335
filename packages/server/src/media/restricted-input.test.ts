import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { mediaBinaries } from './binaries.js'
import { probe } from './ffprobe.js'
import { decodesFully, restrictedInput } from './restricted-input.js'
import { runProcess } from './run-process.js'
import { startLoopbackServer, type LoopbackServer } from './test-loopback-server.js'
import { makeVideo } from './test-media.js'

let dir: string
let canary: LoopbackServer
let playlist: string
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kinora-restricted-'))
  canary = await startLoopbackServer()
  playlist = join(dir, 'playlist.mp4')
  const segment = `${canary.origin}/segment.ts`
  await writeFile(
    playlist,
    `#EXTM3U\n#EXT-X-TARGETDURATION:10\n#EXTINF:10,\n${segment}\n#EXT-X-ENDLIST\n`,
  )
})
afterAll(async () => {
  await canary.close()
  await rm(dir, { recursive: true, force: true })
})

describe('restricted input', () => {
  it('lets an unrestricted ffmpeg follow a playlist to the canary (the control)', async () => {
    const args = ['-v', 'error', '-protocol_whitelist', 'file,http,tcp', '-i', `file:${playlist}`]
    await runProcess(mediaBinaries().ffmpeg, [...args, '-f', 'null', '-']).catch(() => undefined)
    expect(canary.hits).toEqual(['/segment.ts'])
    canary.hits.length = 0
  })

  it('never lets a playlist past the mov demuxer, in ffmpeg or ffprobe', async () => {
    expect(await decodesFully('mov', playlist)).toBe(false)
    await expect(probe(playlist, { format: 'mov' })).rejects.toThrow()
    expect(canary.hits).toEqual([])
  })

  it('refuses any other demuxer, even the one the file asks for', async () => {
    // Forcing hls while only mov is whitelisted must fail, not fetch.
    const args = ['-v', 'error', ...restrictedInput('mov', playlist).slice(0, 4), '-f', 'hls']
    await expect(
      runProcess(mediaBinaries().ffmpeg, [...args, '-i', `file:${playlist}`, '-f', 'null', '-']),
    ).rejects.toThrow(/not on whitelist/)
    expect(canary.hits).toEqual([])
  })

  it('decodes a whole file from disk or from memory', async () => {
    const path = join(dir, 'ok.mp4')
    await makeVideo(path, { seconds: 2 })
    expect(await decodesFully('mov', path)).toBe(true)
    const wav = Buffer.alloc(44 + 16_000)
    wav.write('RIFF', 0, 'latin1')
    wav.writeUInt32LE(36 + 16_000, 4)
    wav.write('WAVEfmt ', 8, 'latin1')
    wav.writeUInt32LE(16, 16)
    wav.writeUInt16LE(1, 20)
    wav.writeUInt16LE(1, 22)
    wav.writeUInt32LE(8000, 24)
    wav.writeUInt32LE(16_000, 28)
    wav.writeUInt16LE(2, 32)
    wav.writeUInt16LE(16, 34)
    wav.write('data', 36, 'latin1')
    wav.writeUInt32LE(16_000, 40)
    expect(await decodesFully('wav', wav)).toBe(true)
    expect(await decodesFully('wav', Buffer.from('RIFF but not really'))).toBe(false)
  })
})
