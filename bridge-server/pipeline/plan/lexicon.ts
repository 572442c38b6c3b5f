/**
 * Planner-only word lists: everything the text reader needs that is not a sound class or a class
 * parameter (those live in the procedural catalogue, models/procedural/catalogue.json). Negation cues,
 * sequence words, intensity/speed/size/distance/density modifiers, number words, locative prepositions,
 * derived word forms and the words that are too vague to name a class on their own. All tables are data,
 * frozen, and read by understandText.ts; no per-class code paths.
 */

/** Words that open a negation; the scope runs to the end of the clause (see NEGATION_STOPS). */
export const NEGATION_CUES: ReadonlySet<string> = new Set(['no', 'not', 'without', 'never', 'none', 'nor', "n't", 'nothing', 'mute', 'skip', 'avoid', 'remove', 'minus', 'except', 'excluding', 'lose']);

/** Words that end a negation scope even without punctuation ("no rain, just wind"; "no music but rain"). */
export const NEGATION_STOPS: ReadonlySet<string> = new Set(['but', 'just', 'only', 'instead', 'yet', 'then', 'while', 'though', 'although', 'however', 'rather', 'except']);

/** Clause boundaries that are words (punctuation is handled separately). */
export const CLAUSE_WORDS: ReadonlySet<string> = new Set(['then', 'while', 'after', 'before', 'but', 'meanwhile', 'afterwards', 'afterward', 'finally', 'until', 'when', 'whilst', 'later', 'suddenly', 'and', 'as']);

/** Sequence words → how the clause they open relates in time to the one before it. */
export const SEQUENCE_RELATIONS: Readonly<Record<string, 'after' | 'during' | 'before'>> = Object.freeze({
  then: 'after',
  after: 'after',
  afterwards: 'after',
  afterward: 'after',
  later: 'after',
  next: 'after',
  finally: 'after',
  eventually: 'after',
  suddenly: 'after',
  while: 'during',
  whilst: 'during',
  meanwhile: 'during',
  as: 'during',
  during: 'during',
  before: 'before',
});

/** One-shot classes that repeat on their own when no event drives them ("a clock ticks", "footsteps"); used in binding. */
export const REPEAT_PERIOD_SEC: Readonly<Record<string, number>> = Object.freeze({ clock_tick: 1, footsteps: 0.55, keyboard: 0.15 });

/**
 * Repeating sounds that are a state of the scene rather than someone's action ("the clock ticking", "keyboard
 * typing"): said as an -ing form with no verb of their own, they go on during the clause before them. Footsteps
 * are left out: "a door slams, footsteps running" is a sequence.
 */
export const ONGOING_CLASSES: ReadonlySet<string> = new Set(['clock_tick', 'keyboard']);

/** Subordinators that put their clause before ("after the knock") or after ("before it opens") their main clause. */
export const SUBORDINATE_ORDER: Readonly<Record<string, 'after' | 'before'>> = Object.freeze({ after: 'after', before: 'before' });

/** Words after "after"/"before" that make it a plain sequence word ("after that", "after which", "before long"). */
export const SUBORDINATE_NOT_FOLLOWED_BY: ReadonlySet<string> = new Set(['that', 'this', 'which', 'then', 'awhile', 'long', 'all']);

/** Words that pin a clause to the start or the end of the range. */
export const ANCHOR_WORDS: Readonly<Record<string, 'start' | 'end'>> = Object.freeze({
  first: 'start',
  opens: 'start',
  begins: 'start',
  beginning: 'start',
  start: 'start',
  finally: 'end',
  last: 'end',
  end: 'end',
  ending: 'end',
});

/** Cardinal and frequency words (digits are parsed directly). */
export const NUMBER_WORDS: Readonly<Record<string, number>> = Object.freeze({
  one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10,
  eleven: 11, twelve: 12, dozen: 12, couple: 2, pair: 2, few: 3, several: 4,
});

/** Adverbs of repetition: "knocks twice". */
export const FREQUENCY_WORDS: Readonly<Record<string, number>> = Object.freeze({ once: 1, twice: 2, thrice: 3 });

/**
 * The dimension each numeric class parameter belongs to, so one modifier word ("heavy", "distant")
 * can set intensity, force or weight alike. Parameters not listed take no modifiers.
 */
export const PARAM_DIMENSIONS: Readonly<Record<string, ModifierDimension>> = Object.freeze({
  intensity: 'intensity',
  force: 'intensity',
  weight: 'intensity',
  size: 'size',
  speed: 'speed',
  distance: 'distance',
  density: 'density',
});

export type ModifierDimension = 'intensity' | 'size' | 'speed' | 'distance' | 'density';

/** Adjectives and adverbs → a 0..1 value per dimension. */
export const MODIFIERS: Readonly<Record<string, Partial<Record<ModifierDimension, number>>>> = Object.freeze({
  heavy: { intensity: 0.85, size: 0.75 },
  heavily: { intensity: 0.85 },
  hard: { intensity: 0.85 },
  harder: { intensity: 0.9 },
  strong: { intensity: 0.8 },
  powerful: { intensity: 0.9, size: 0.8 },
  violent: { intensity: 0.95 },
  violently: { intensity: 0.95 },
  loud: { intensity: 0.85 },
  loudly: { intensity: 0.85 },
  fierce: { intensity: 0.9 },
  angrily: { intensity: 0.85 },
  forcefully: { intensity: 0.9 },
  pounding: { intensity: 0.9 },
  torrential: { intensity: 0.95 },
  howling: { intensity: 0.85 },
  roaring: { intensity: 0.9 },
  light: { intensity: 0.3, size: 0.3 },
  lightly: { intensity: 0.3 },
  soft: { intensity: 0.25 },
  softly: { intensity: 0.25 },
  gentle: { intensity: 0.25 },
  gently: { intensity: 0.25 },
  quiet: { intensity: 0.2 },
  quietly: { intensity: 0.2 },
  faint: { intensity: 0.2, distance: 0.7 },
  subtle: { intensity: 0.2 },
  steady: { intensity: 0.5 },
  steadily: { intensity: 0.5 },
  huge: { size: 0.95, intensity: 0.9 },
  massive: { size: 0.95, intensity: 0.9 },
  enormous: { size: 0.95 },
  giant: { size: 0.9 },
  big: { size: 0.8 },
  large: { size: 0.8 },
  medium: { size: 0.5 },
  small: { size: 0.25 },
  little: { size: 0.25 },
  tiny: { size: 0.1, intensity: 0.2 },
  fast: { speed: 0.85 },
  quick: { speed: 0.8 },
  quickly: { speed: 0.8 },
  rapid: { speed: 0.85 },
  rapidly: { speed: 0.85 },
  furiously: { speed: 0.95, intensity: 0.8 },
  frantically: { speed: 0.95 },
  swift: { speed: 0.85 },
  swiftly: { speed: 0.85 },
  slow: { speed: 0.2 },
  slowly: { speed: 0.2 },
  lazily: { speed: 0.2 },
  leisurely: { speed: 0.25 },
  distant: { distance: 0.85 },
  far: { distance: 0.85 },
  faraway: { distance: 0.9 },
  remote: { distance: 0.85 },
  close: { distance: 0.15 },
  nearby: { distance: 0.2 },
  near: { distance: 0.2 },
  overhead: { distance: 0.2 },
  // "in the distance"
  distance: { distance: 0.85 },
  busy: { density: 0.85 },
  crowded: { density: 0.9 },
  bustling: { density: 0.9 },
  packed: { density: 0.95 },
  dense: { density: 0.9 },
  sparse: { density: 0.2 },
  empty: { density: 0.1 },
  deserted: { density: 0.05 },
});

/** Prepositions that introduce a setting: "in the rain", "at a busy station", "outside a cafe". */
export const LOCATIVE_PREPOSITIONS: ReadonlySet<string> = new Set(['in', 'at', 'inside', 'outside', 'within', 'amid', 'amidst', 'during', 'under', 'through']);

/** Prefixes of marker comments that only say "this is a sound note". */
export const MARKER_PREFIX = /^\s*(?:sfx|fx|foley|sound|audio|snd)\s*[:\-–—]\s*/i;

/**
 * Derived forms the lemmatizer leaves alone (adjectives from nouns, agent nouns, compounds): the word
 * is also looked up as its base. Applied to the text only; catalogue words match as they are.
 */
export const WORD_FORMS: Readonly<Record<string, string>> = Object.freeze({
  wooden: 'wood',
  metallic: 'metal',
  glassy: 'glass',
  stony: 'stone',
  rocky: 'rock',
  tiled: 'tile',
  carpeted: 'carpet',
  snowy: 'snow',
  sandy: 'sand',
  grassy: 'grass',
  muddy: 'mud',
  icy: 'ice',
  rainy: 'rain',
  windy: 'wind',
  thundery: 'thunder',
  fiery: 'fire',
  jogger: 'jog',
  runner: 'run',
  walker: 'walk',
  stiletto: 'stiletto',
  stilettos: 'stiletto',
  stilettoes: 'stiletto',
  footfall: 'footstep',
  footfalls: 'footstep',
  crowded: 'crowd',
  // the tagger leaves an -ing form after a noun unlemmatized ("footsteps running")
  running: 'run',
  walking: 'walk',
  jogging: 'jog',
  sprinting: 'sprint',
  marching: 'march',
  stomping: 'stomp',
  ticking: 'tick',
  typing: 'type',
  crackling: 'crackle',
  swooshes: 'swoosh',
  whooshes: 'whoosh',
  dripping: 'drip',
  splashing: 'splash',
  shattering: 'shatter',
  rustling: 'rustle',
  creaking: 'creak',
  knocking: 'knock',
  thundering: 'thunder',
  burning: 'burn',
  raining: 'rain',
  pouring: 'pour',
  exploding: 'explode',
  explodes: 'explode',
  tiptoes: 'tiptoe',
  tiptoeing: 'tiptoe',
  zippo: 'zippo',
  keystrokes: 'keystroke',
  clatters: 'clatter',
  thunderclaps: 'thunderclap',
  blows: 'blow',
  smashes: 'smash',
  whizzes: 'whiz',
  whizzing: 'whiz',
  whizzed: 'whiz',
});

/**
 * Catalogue words that are too vague to name a class on their own ("air", "room", "outside", "hit"):
 * they still count, but at half weight, so they need another word of the same class to win.
 */
export const WEAK_CLASS_WORDS: ReadonlySet<string> = new Set([
  'air', 'room', 'outside', 'interior', 'indoor', 'quiet', 'busy', 'people', 'voices', 'hall', 'office', 'town',
  'wet', 'movement', 'gesture', 'sit', 'stand', 'write', 'type', 'keys', 'press', 'push', 'land', 'fill', 'sink',
  'handle', 'watch', 'hook', 'sock', 'beat', 'catch', 'throw', 'wave', 'book', 'letter', 'sheet', 'foot', 'feet',
  'slug', 'pace', 'zip', 'whip', 'flip', 'remote', 'computer', 'exit', 'entrance', 'cars', 'road', 'street', 'city',
  'shower', 'pouring', 'draft', 'atmosphere', 'presence', 'torch', 'timer', 'entrance', 'dress', 'shirt', 'sword',
  // walking verbs from CLASS_HINTS: they say someone moves, not that we hear it
  'cross', 'climb', 'approach', 'descend', 'ascend', 'hike', 'trudge', 'stagger', 'limp', 'stumble', 'hobble',
  'scurry', 'hop', 'skip', 'wade',
  // objects that break; the breaking verb (shatter, smash) names the sound
  'glass', 'bottle', 'window',
]);

/**
 * Words the catalogue does not list that still name a class (or several, the first winning a tie); walking verbs
 * among them are weak (see above).
 */
export const CLASS_HINTS: Readonly<Record<string, string | readonly string[]>> = Object.freeze({
  cross: 'footsteps',
  climb: 'footsteps',
  approach: 'footsteps',
  descend: 'footsteps',
  ascend: 'footsteps',
  hike: 'footsteps',
  trudge: 'footsteps',
  stagger: 'footsteps',
  limp: 'footsteps',
  stumble: 'footsteps',
  hobble: 'footsteps',
  scurry: 'footsteps',
  hop: 'footsteps',
  skip: 'footsteps',
  wade: 'footsteps',
  crunch: 'footsteps',
  patter: 'rain',
  swoop: 'whoosh',
  whiz: 'whoosh',
  whizz: 'whoosh',
  zoom: 'whoosh',
  hurtle: 'whoosh',
  slap: 'punch',
  // a person landing ("he hits the floor"); a thing that hits the floor is an impact (a fall needs a person subject)
  'hit the floor': ['body_fall', 'impact'],
  'hit the ground': ['body_fall', 'impact'],
  'hit the deck': ['body_fall', 'impact'],
  'hit the canvas': ['body_fall', 'impact'],
  // furniture that opens and shuts like the catalogue's cabinet, cupboard and wardrobe doors
  drawer: 'door',
  clink: 'impact',
  // machines whose steady hum is the sound of a room, not wind ("an air conditioner hum")
  'air conditioner': 'room_tone',
  'air conditioning': 'room_tone',
  hvac: 'room_tone',
  ventilation: 'room_tone',
  fridge: 'room_tone',
  refrigerator: 'room_tone',
});

/**
 * Parameters whose value words can name their class on their own ("in high heels" → footsteps,
 * "a tennis ball" → ball_bounce, "knocks" → door). Settings (surface, material, target) never do.
 */
export const IMPLYING_PARAMS: ReadonlySet<string> = new Set(['footwear', 'pace', 'ball', 'action', 'type', 'fabric']);

/** Value words that are too incidental to imply their class ("a woman types" is not footsteps). */
export const NON_IMPLYING_WORDS: ReadonlySet<string> = new Set([
  'woman', 'army', 'soldier', 'cowboy', 'house', 'interior', 'bedroom', 'handle', 'read', 'book', 'page', 'enter',
  'leave', 'lock', 'unlock', 'push', 'pen', 'lamp', 'elevator', 'cigarette', 'light up', 'race', 'rush', 'chase',
  'hurry', 'flee', 'step', 'shirt', 'jacket', 'belt', 'sweater', 'jeans', 'denim', 'wool', 'linen', 'cotton',
  'leather', 'fold', 'unfold', 'wrap', 'shuffle', 'leak', 'fill', 'tap', 'faucet', 'glass of water',
  'drop', 'spill', 'throw in', 'mouse', 'remote', 'press', 'button', 'switch', 'flip', 'dribble', 'open', 'close',
  'shut', 'opens', 'opening', 'closes', 'closing', 'bang', 'rap', 'pound', 'click', 'bolt', 'knob', 'trackpad', 'running water', 'trickle', 'fire door',
  'car door', 'gate', 'prison', 'cell', 'security', 'oak', 'front door',
]);

/**
 * Weights of the parameter kinds when several classes compete for the same words: the object that
 * makes the sound (material, ball, footwear) says more about the class than the setting (surface).
 */
export const PARAM_SUPPORT_WEIGHT: Readonly<Record<string, number>> = Object.freeze({ surface: 0.5, target: 0.5 });

/** Words that say "this is a sound bed" and make setting words count in full ("street noise", "room tone"). */
export const AMBIENCE_CUES: ReadonlySet<string> = new Set(['ambience', 'ambiance', 'ambient', 'atmosphere', 'background', 'noise', 'tone', 'bed', 'walla', 'hum', 'soundscape']);

/** Parameters that belong to the scene rather than to one sound: a floor said once is the floor of every step. */
export const SCENE_PARAMS: readonly string[] = ['surface'];

/** Parameters that say what is done: a verb names them better than a noun ("water drips from a faucet"). */
export const ACTION_PARAMS: ReadonlySet<string> = new Set(['action', 'pace', 'type']);

/** Value words that fit almost anything ("floor", "ground"); a specific word in the same clause wins. */
export const GENERIC_VALUE_WORDS: ReadonlySet<string> = new Set(['floor', 'ground', 'wall', 'gym', 'woman', 'house', 'interior', 'wet', 'hard', 'path', 'trail', 'field', 'earth', 'handle', 'table', 'desk', 'case', 'container', 'body', 'head', 'hand', 'shoe', 'shoes']);

/** Prepositions whose object is where or against what a sound happens ("rain on the window"), not the sound. */
export const PLACE_PREPOSITIONS: ReadonlySet<string> = new Set(['on', 'onto', 'upon', 'against', 'into', 'at', 'over', 'across', 'under', 'off', 'from', 'near', 'beside', 'behind']);

/** Classes named only by intransitive verbs: a body falls, nobody "falls the keys" ("drops his keys" is an object drop). */
export const INTRANSITIVE_CLASSES: ReadonlySet<string> = new Set(['body_fall']);

/**
 * Sounds that already hold another one named in the same clause: a glass dropped "which shatters" is one glass
 * break (its fall is the first instant of the break), not a drop and a break at the same time.
 */
export const CONTAINED_SOUNDS: Readonly<Record<string, readonly string[]>> = Object.freeze({ glass_break: ['object_drop'] });

/**
 * People the tagger does not mark as such ("the guard falls", "the hiker stumbles"; it marks many others, such as
 * woman, officer, driver, as actors): never the thing a sound word after them belongs to (see THING_NOUNS).
 */
export const PERSON_NOUNS: ReadonlySet<string> = new Set([
  'guard', 'kid', 'child', 'baby', 'body', 'victim', 'girl', 'boy', 'guy', 'cop', 'police', 'thief', 'someone', 'somebody',
  'person', 'people', 'crowd', 'man', 'woman', 'men', 'women', 'hero', 'villain', 'enemy', 'friend', 'nurse', 'patient',
  'chef', 'cook', 'pilot', 'athlete', 'student', 'teen', 'teenager', 'toddler', 'drunk', 'zombie', 'figure', 'stranger',
  'hiker', 'runner', 'climber', 'boxer', 'robber', 'passenger', 'opponent', 'walker', 'hunter', 'killer', 'sheriff',
  'assassin', 'cyclist', 'rider', 'skater', 'swimmer', 'attacker', 'intruder', 'outlaw', 'gunslinger', 'commuter',
]);

/**
 * Things that fall in scripts and that the catalogue has no word for; with the catalogue's own objects and
 * materials ("book", "bottle", "keys") they are the subjects that make a fall an object drop. Any other noun may
 * be a person the tagger does not know ("the thug falls down"), so it stays a body fall.
 */
export const THING_NOUNS: ReadonlySet<string> = new Set([
  'vase', 'lamp', 'chair', 'stool', 'table', 'hammer', 'tray', 'suitcase', 'bag', 'backpack', 'picture', 'frame',
  'painting', 'mirror', 'branch', 'bucket', 'ladder', 'shelf', 'bookcase', 'statue', 'pot', 'pan', 'tool', 'gun',
  'pistol', 'rifle', 'sword', 'shoe', 'boot', 'hat', 'helmet', 'ball', 'toy', 'bike', 'bicycle', 'sign', 'tile',
  'brick', 'rock', 'stone', 'apple', 'melon', 'plant', 'flowerpot', 'candle', 'torch', 'flashlight', 'camera',
]);

/** Classes whose verbs a person cannot be the subject of ("the stranger bursts through the doors" is no explosion). */
export const THING_ONLY_CLASSES: ReadonlySet<string> = new Set(['explosion', 'thunder', 'rain']);

/** Words that join a verb to the subject of the clause before it ("He doubles over and drops to his knees"). */
export const CONJUNCTIONS: ReadonlySet<string> = new Set(['and', 'then', 'but', 'or']);

/** Verb senses of vague catalogue words that do name their class ("John types" is typing; "a type of" is not). */
export const STRONG_AS_VERB: ReadonlySet<string> = new Set(['type']);

/** Particles that finish a phrasal verb ("goes off", "sets the mug down", "knocks the lamp over"). */
export const PARTICLES: ReadonlySet<string> = new Set(['down', 'over', 'up', 'off', 'out', 'on', 'away']);

/** Words that open a direct object right after a verb. */
export const DIRECT_OBJECT_STARTS: ReadonlySet<string> = new Set(['a', 'an', 'the', 'his', 'her', 'their', 'its', 'my', 'your', 'our', 'some', 'this', 'that', 'these', 'those']);

/** Possessives: after a word they always open its object ("drops his keys"), whatever the tagger says. */
export const POSSESSIVES: ReadonlySet<string> = new Set(['his', 'her', 'their', 'its', 'my', 'your', 'our']);

/**
 * Verbs (lemmas) that say something is heard, for sounds the catalogue has no class for ("a phone rings",
 * "a dog barks", "a car brakes"): a clause that names no class but holds one of these (or a SOUND_NOUNS
 * word) is reported to the editor instead of dropped silently. Never used to make a cue.
 */
export const SOUND_VERBS: ReadonlySet<string> = new Set([
  'ring', 'bark', 'woof', 'yelp', 'growl', 'meow', 'purr', 'hiss', 'chirp', 'tweet', 'sing', 'caw', 'coo', 'quack',
  'moo', 'neigh', 'whinny', 'oink', 'baa', 'buzz', 'beep', 'bleep', 'honk', 'toot', 'screech', 'squeal', 'brake',
  'brakes', 'rev', 'idle', 'whistle', 'scream', 'shriek', 'shout', 'yell', 'laugh', 'giggle', 'cry', 'sob',
  'cough', 'sneeze', 'gasp', 'sigh', 'whisper', 'talk', 'speak', 'chat', 'mutter', 'clap', 'applaud', 'cheer',
  'moan', 'groan', 'snore', 'chime', 'toll', 'sizzle', 'boil', 'bubble', 'squeak', 'wail', 'blare', 'vibrate',
  'ding', 'dong', 'chatter', 'roar', 'rumble', 'hum', 'whine', 'drone', 'trill', 'howl', 'rattle', 'jingle', 'jangle', 'scrape',
]);

/** Things that are sounds in themselves ("a siren", "music"); see SOUND_VERBS. */
export const SOUND_NOUNS: ReadonlySet<string> = new Set([
  'siren', 'alarm', 'horn', 'doorbell', 'ringtone', 'bell', 'gunshot', 'gunfire', 'music', 'song', 'applause',
  'laughter', 'engine', 'motor', 'helicopter', 'airplane', 'plane', 'train', 'fireworks', 'birdsong',
  'voice', 'speech', 'dialogue', 'radio', 'television', 'tv',
]);
