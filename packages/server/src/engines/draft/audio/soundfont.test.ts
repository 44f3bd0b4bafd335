import { dirname, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { runProcess } from '../../../media/run-process.js'

/** The built module (`npm test` builds first), so that it loads in a process of its own. */
const BUILT = resolve(
  dirname(fileURLToPath(import.meta.url)),
  '../../../../dist/engines/draft/audio/soundfont.js',
)

/**
 * Warms the bank the moment the module is loaded, as a worker does when it starts, then reports
 * how many samples of the drum kit (one of the warmed presets) hold nothing but zeros.
 */
const WARM_AT_ONCE = `
const { loadSoundBank, soundBank } = await import(process.argv[1])
await loadSoundBank()
const kit = soundBank().getPreset({ program: 0, bankMSB: 0, bankLSB: 0, isGMGSDrum: true }, 'gs')
const samples = kit.zones.flatMap((z) => z.instrument.zones.map((iz) => iz.sample))
const silent = samples.filter((s) => !s.getAudioData().some((v) => v !== 0)).length
console.log(JSON.stringify({ samples: samples.length, silent }))
`

describe('loadSoundBank', () => {
  it('decodes every warmed sample even when called as the process starts', async () => {
    const { stdout, stderr } = await runProcess(process.execPath, [
      ...['--input-type=module', '--eval', WARM_AT_ONCE, BUILT],
    ])
    const lines = stdout.toString().trim().split('\n')
    const report = JSON.parse(lines.at(-1)!) as { samples: number; silent: number }
    expect(report.samples).toBeGreaterThan(20)
    expect(report.silent).toBe(0)
    expect(`${lines.slice(0, -1).join('\n')}${stderr}`).not.toContain('Error decoding sample')
  })
})
