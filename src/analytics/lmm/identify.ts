/**
 * Identification of a person effect against a platform effect (a cadre against the units they
 * served in), as in two-way fixed-effects wage models (Abowd, Kramarz & Margolis 1999): people and
 * platforms are the two sides of a bipartite graph, each observation an edge; only movers link
 * platforms. Inside a connected set both effects are estimable up to one constant; a set with a
 * single platform (nobody in it ever served elsewhere) cannot tell the person from the platform.
 */

export interface ConnectedSet {
  /** Person levels in the set. */
  persons: number;
  platforms: number;
  observations: number;
}

export interface Identification {
  /** Connected sets, largest first. */
  sets: ConnectedSet[];
  /** Index into `sets` for each person level and each platform level. */
  personSet: Int32Array;
  platformSet: Int32Array;
  /** Observations behind each person level and each platform level. */
  personObservations: Int32Array;
  platformObservations: Int32Array;
  /** Whether each person level's own effect is separable from its platform's. */
  personIdentified: Uint8Array;
  /** Persons that served on more than one platform. */
  movers: number;
}

/**
 * Connected sets of the person–platform graph and, per person level, whether its effect is
 * separable: only inside a connected set that holds at least two platforms.
 */
export function identifyPersons(
  personIndex: Int32Array,
  personLevels: number,
  platformIndex: Int32Array,
  platformLevels: number,
): Identification {
  const parent = new Int32Array(personLevels + platformLevels);
  for (let i = 0; i < parent.length; i++) parent[i] = i;
  const find = (x: number): number => {
    let r = x;
    while (parent[r] !== r) r = parent[r]!;
    while (parent[x] !== r) {
      const nx = parent[x]!;
      parent[x] = r;
      x = nx;
    }
    return r;
  };
  const personObservations = new Int32Array(personLevels);
  const platformObservations = new Int32Array(platformLevels);
  const firstPlatform = new Int32Array(personLevels).fill(-1);
  const moved = new Uint8Array(personLevels);
  for (let i = 0; i < personIndex.length; i++) {
    const a = personIndex[i]!;
    const b = platformIndex[i]!;
    personObservations[a]!++;
    platformObservations[b]!++;
    if (firstPlatform[a] === -1) firstPlatform[a] = b;
    else if (firstPlatform[a] !== b) moved[a] = 1;
    const ra = find(a);
    const rb = find(personLevels + b);
    if (ra !== rb) parent[ra] = rb;
  }
  const setOfRoot = new Map<number, number>();
  const raw: ConnectedSet[] = [];
  const rootSet = (x: number) => {
    const r = find(x);
    let s = setOfRoot.get(r);
    if (s === undefined) {
      s = raw.length;
      setOfRoot.set(r, s);
      raw.push({ persons: 0, platforms: 0, observations: 0 });
    }
    return s;
  };
  const personSet = new Int32Array(personLevels);
  const platformSet = new Int32Array(platformLevels);
  for (let a = 0; a < personLevels; a++) {
    if (personObservations[a] === 0) {
      personSet[a] = -1;
      continue;
    }
    const s = rootSet(a);
    personSet[a] = s;
    raw[s]!.persons++;
    raw[s]!.observations += personObservations[a]!;
  }
  for (let b = 0; b < platformLevels; b++) {
    if (platformObservations[b] === 0) {
      platformSet[b] = -1;
      continue;
    }
    const s = rootSet(personLevels + b);
    platformSet[b] = s;
    raw[s]!.platforms++;
  }
  // Largest first, so that set 0 is the main connected set.
  const order = raw.map((_, i) => i).sort((x, y) => raw[y]!.observations - raw[x]!.observations || x - y);
  const rank = new Int32Array(raw.length);
  order.forEach((s, i) => {
    rank[s] = i;
  });
  for (let a = 0; a < personLevels; a++) if (personSet[a]! >= 0) personSet[a] = rank[personSet[a]!]!;
  for (let b = 0; b < platformLevels; b++) if (platformSet[b]! >= 0) platformSet[b] = rank[platformSet[b]!]!;
  const sets = order.map((s) => raw[s]!);
  const personIdentified = new Uint8Array(personLevels);
  for (let a = 0; a < personLevels; a++) {
    personIdentified[a] = personSet[a]! >= 0 && sets[personSet[a]!]!.platforms >= 2 ? 1 : 0;
  }
  let movers = 0;
  for (let a = 0; a < personLevels; a++) movers += moved[a]!;
  return {
    sets,
    personSet,
    platformSet,
    personObservations,
    platformObservations,
    personIdentified,
    movers,
  };
}
