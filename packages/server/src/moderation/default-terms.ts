/**
 * The default term list (spec §2.7), in the format of `parseTermList`. Deliberately short: it
 * refuses requests for sexual content involving minors, explicit sexual content and graphic gore
 * at create, and names of real-person likeness tools and well-known copyrighted characters after
 * rendering. Operators replace it with `KINORA_MODERATION_TERMS` (a file or a comma list).
 */
export const DEFAULT_TERMS = `
# Sexual content involving minors
child porn*
csam
underage sex*
underage nude*
loli
lolicon
shotacon
pedophil*
paedophil*

# Explicit sexual content
porn*
hardcore sex
explicit sex*
xxx
hentai
blowjob*
gangbang*
masturbat*

# Graphic violence
gory
blood and gore
graphic gore
beheading*
decapitat*
dismember*
disembowel*
snuff film*

# Likeness and copyright, checked after rendering
output: deepfake*
output: face swap*
output: faceswap*
output: mickey mouse
output: pikachu
output: darth vader
output: spider man
output: spiderman
output: super mario
output: harry potter
output: hello kitty
`
