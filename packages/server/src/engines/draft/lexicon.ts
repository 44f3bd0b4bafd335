/** Splits a comma-separated list of words and phrases. */
const words = (list: string): readonly string[] => list.split(', ')

/**
 * The words the draft engine understands, as data (draft-engine.md "From prompt to scene"). Each slot
 * maps a value to the words and phrases that name it; phrases are matched before single words, and
 * a trailing plural "s"/"es" is ignored. docs/draft-engine.md lists the same table for users.
 */
export const LEXICON = {
  setting: {
    beach: words('beach, shore, seaside, sand, sandy, coast, coastal, coastline, bay, tropical'),
    ocean: words('ocean, sea, seascape, harbor, harbour, pier, island, open water, marine'),
    mountains: words('mountain, peak, alps, summit, valley, canyon, ridge, himalaya'),
    forest: words('forest, wood, woodland, jungle, grove, pine, rainforest, taiga'),
    desert: words('desert, dune, sahara, cactus, oasis, badlands, arid'),
    city: words(
      'city, town, downtown, skyline, skyscraper, urban, metropolis, cyberpunk, alley, avenue, neighborhood, tokyo, new york, rooftop',
    ),
    countryside: words(
      'countryside, field, meadow, farm, village, prairie, hill, vineyard, grassland, pasture, rural, orchard',
    ),
    lake: words('lake, pond, river, lagoon, fjord, reservoir, lakeside'),
    space: words(
      'space, galaxy, planet, nebula, cosmos, cosmic, astronaut, outer space, orbit around',
    ),
    snowfield: words('snowfield, tundra, glacier, arctic, antarctic, ice field, polar, frozen'),
    interior: words(
      'room, interior, indoors, inside, kitchen, bedroom, living room, cafe, office, studio, library',
    ),
  },
  time: {
    dawn: words('dawn, sunrise, daybreak, first light, early morning'),
    morning: words('morning, breakfast'),
    noon: words('noon, midday, daylight, day, daytime, afternoon, sunny, broad daylight'),
    golden: words('golden hour, late afternoon, magic hour'),
    sunset: words('sunset, sundown, evening, setting sun'),
    dusk: words('dusk, twilight, blue hour, nightfall'),
    night: words(
      'night, midnight, nighttime, moonlight, moonlit, moon, starry, star, dark sky, after dark',
    ),
  },
  weather: {
    clear: words('clear, cloudless, clear sky, blue sky'),
    clouds: words('cloud, cloudy, overcast, grey sky, gray sky'),
    fog: words('fog, foggy, mist, misty, haze, hazy, smoke'),
    rain: words('rain, rainy, raining, drizzle, shower, wet, umbrella, downpour, puddle'),
    storm: words('storm, stormy, thunder, thunderstorm, lightning, tempest, hurricane'),
    snow: words('snow, snowy, snowing, snowfall, blizzard, snowflake, winter'),
    wind: words('wind, windy, breeze, breezy, gust, gale'),
  },
  palette: {
    neon: words('neon, synthwave, vaporwave, cyberpunk, glowing sign'),
    pastel: words('pastel, soft color, dreamy, candy'),
    golden: words('golden, gold, amber'),
    monochrome: words('monochrome, black and white, b&w, noir, grayscale, greyscale'),
    warm: words('warm, cozy, cosy'),
    cold: words('cold, icy, cool tone, bluish, freezing'),
  },
  subject: {
    person: words(
      'person, man, woman, girl, boy, child, kid, figure, hiker, traveler, traveller, walker, someone, stranger, detective',
    ),
    couple: words('couple, lovers, two people, pair of friends'),
    crowd: words('crowd, people, pedestrian, commuter, tourist, passersby'),
    birds: words('bird, flock, eagle, crow, geese, swallow, starling, pigeon'),
    seagulls: words('seagull, gull, sea bird, seabird'),
    boat: words('boat, sailboat, ship, yacht, ferry, canoe, kayak, fishing boat, sailing'),
    car: words('car, traffic, taxi, vehicle, headlight, driving'),
    train: words('train, railway, locomotive, tram'),
    balloon: words('balloon, hot air balloon, zeppelin, airship'),
    lighthouse: words('lighthouse, beacon'),
    tree: words('tree, palm, oak, willow, birch, cherry blossom'),
    house: words('house, cabin, cottage, hut, barn, home, chalet, farmhouse'),
    animal: words('animal, dog, cat, deer, horse, fox, wolf, cow, sheep, elk'),
  },
  feature: {
    cliff: words('cliff, cliffside, headland, bluff, rocky coast, promontory, crag'),
    street: words(
      'street, road in the city, boulevard, crosswalk, sidewalk, city street, alleyway',
    ),
    road: words('road, highway, country road, freeway, dirt road, route'),
    waves: words('wave, surf, breaker, swell, crashing, crashing waves'),
  },
  camera: {
    static: words('static, still shot, locked off, tripod, fixed camera, still camera'),
    'push-in': words('push in, zoom in, dolly in, closer, approach, approaching, move in, push-in'),
    'pull-out': words('pull out, zoom out, dolly out, pull back, reveal, pull-out, pulling back'),
    'pan-left': words('pan left, panning left'),
    'pan-right': words('pan right, panning right, pan, panning, panorama, sweeping'),
    'tilt-up': words('tilt up, tilting up, tilt, crane up'),
    'tilt-down': words('tilt down, tilting down, crane down'),
    orbit: words('orbit, orbiting, arc shot, 360'),
    handheld: words('handheld, hand-held, shaky, found footage, vlog, documentary'),
    drone: words("drone, aerial, bird's eye, birds eye, flyover, fly over, fpv, overhead"),
    tracking: words('tracking, follow, following, tracking shot, dolly shot'),
  },
  mood: {
    calm: words(
      'calm, peaceful, serene, tranquil, quiet, relaxing, gentle, lazy, soothing, meditative',
    ),
    joyful: words('joyful, happy, cheerful, playful, fun, festive, celebration, uplifting, bright'),
    tense: words('tense, suspense, scary, ominous, threatening, danger, thriller, chase, horror'),
    melancholic: words(
      'melancholic, melancholy, sad, lonely, nostalgic, somber, wistful, longing, rainy day',
    ),
    epic: words(
      'epic, majestic, grand, cinematic, heroic, vast, dramatic, powerful, sweeping vista',
    ),
    mysterious: words(
      'mysterious, eerie, mystic, magical, dreamlike, surreal, haunting, enchanted',
    ),
  },
  tempo: {
    slow: words('slow, slow motion, slowly, drifting, leisurely, unhurried'),
    medium: words('steady, moderate'),
    fast: words('fast, rapid, quick, rush, racing, energetic, hyperlapse, timelapse, speeding'),
  },
} as const

/** Words that, placed just before a match, cancel it ("no rain", "without people"). */
export const NEGATIONS = ['no', 'not', 'without', 'never'] as const

/**
 * What a word tells about slots it does not name: a lighthouse stands on a coast, neon glows at
 * night. Applied only to slots the prompt left open, in this order.
 */
export const IMPLICATIONS: ReadonlyArray<{
  when: readonly [keyof typeof LEXICON, string]
  then: { setting?: string; time?: string; feature?: string; weather?: string; palette?: string }
}> = [
  { when: ['subject', 'lighthouse'], then: { setting: 'ocean', feature: 'cliff' } },
  { when: ['feature', 'cliff'], then: { setting: 'ocean' } },
  { when: ['feature', 'waves'], then: { setting: 'ocean' } },
  { when: ['subject', 'seagulls'], then: { setting: 'beach' } },
  { when: ['subject', 'boat'], then: { setting: 'ocean' } },
  { when: ['feature', 'street'], then: { setting: 'city' } },
  { when: ['palette', 'neon'], then: { setting: 'city', time: 'night' } },
  { when: ['subject', 'car'], then: { setting: 'city' } },
  { when: ['subject', 'train'], then: { setting: 'countryside' } },
  { when: ['subject', 'balloon'], then: { setting: 'countryside' } },
  { when: ['feature', 'road'], then: { setting: 'countryside' } },
  { when: ['weather', 'snow'], then: { setting: 'mountains' } },
  { when: ['setting', 'space'], then: { time: 'night' } },
]
