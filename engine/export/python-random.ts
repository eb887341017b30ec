/**
 * The engine's seeded random streams, written in Python for exported scripts, so a seed in a scenario gives
 * the same noise and the same presynaptic spike trains in Brian2 as in the course's engine (the numbers
 * agree up to the last bit of log, sin and cos, which the engine computes with its own deterministic code).
 *
 * Line by line the same as engine/random/rng.ts (splitmix32 seeding, sfc32 with 12 discarded outputs,
 * `uniform`, Box–Muller `normal` keeping the second deviate) and engine/stimuli/spike-trains.ts
 * (`deriveSeed`, Poisson and regular trains). Python's integers are unbounded, so every 32-bit operation
 * is masked; the bit patterns are those of the JavaScript signed-integer code.
 */

/** Generator, seeds and white noise: needed by noise stimuli and by Poisson trains. */
export const PY_ENGINE_RANDOM = `
# Membrane's random streams (engine/random/rng.ts), so the same seed gives the same numbers.
M32 = 0xFFFFFFFF


def imul32(x, y):
    return (x * y) & M32


class EngineRandom:
    """sfc32 seeded through splitmix32, as createRandom(seed) in Membrane's engine."""

    def __init__(self, seed):
        state = seed & M32
        words = []
        for _ in range(4):
            state = (state + 0x9E3779B9) & M32
            z = imul32(state ^ (state >> 16), 0x85EBCA6B)
            z = imul32(z ^ (z >> 13), 0xC2B2AE35)
            words.append((z ^ (z >> 16)) & M32)
        self.a, self.b, self.c, self.d = words
        for _ in range(12):
            self.next32()
        self.spare = None

    def next32(self):
        a, b, c, d = self.a, self.b, self.c, self.d
        bits = (a + b + d) & M32
        self.d = (d + 1) & M32
        self.a = b ^ (b >> 9)
        self.b = (c + (c << 3)) & M32
        self.c = ((((c << 21) | (c >> 11)) & M32) + bits) & M32
        return bits

    def uniform(self):
        return self.next32() / 4294967296.0

    def normal(self):
        if self.spare is not None:
            value, self.spare = self.spare, None
            return value
        radius = math.sqrt(-2 * math.log(1 - self.uniform()))
        angle = 2 * math.pi * self.uniform()
        self.spare = radius * math.sin(angle)
        return radius * math.cos(angle)


def derive_seed(seed, index):
    """The seed of stream \`index\` of a run seeded \`seed\` (engine/stimuli/spike-trains.ts)."""
    h = (imul32(seed & M32, 0x9E3779B1) + imul32(index + 1, 0x85EBCA6B)) & M32
    h = imul32(h ^ (h >> 16), 0x85EBCA6B)
    h = imul32(h ^ (h >> 13), 0xC2B2AE35)
    return (h ^ (h >> 16)) & 0x7FFFFFFF


def white_noise(mean, sigma, seed, noise_dt, duration):
    """One sample per step of noise_dt (ms), standard deviation sigma/sqrt(noise_dt), held over the step."""
    steps = math.ceil(duration / noise_dt - 1e-9) + 1
    random = EngineRandom(seed)
    scale = sigma / math.sqrt(noise_dt)
    return np.array([mean + scale * random.normal() for _ in range(steps)])
`;

/** Presynaptic trains (engine/stimuli/spike-trains.ts): needs PY_ENGINE_RANDOM. */
export const PY_SPIKE_TRAINS = `
def poisson_train(rate, start, end, random):
    """Exponential intervals of mean 1000/rate ms on [start, end)."""
    if rate == 0:
        return []
    mean = 1000 / rate
    times = []
    t = start - math.log(1 - random.uniform()) * mean
    while t < end:
        times.append(t)
        t -= math.log(1 - random.uniform()) * mean
    return times


def regular_train(rate, start, end, phase):
    if rate == 0:
        return []
    period = 1000 / rate
    bound = max(0, math.floor((end - start) / period - phase) + 1)
    return [t for t in (start + (phase + k) * period for k in range(bound)) if t < end]


def population_train(count, rate, end, poisson, seed):
    """All spikes of \`count\` presynaptic neurons, sorted: train i of a Poisson population uses derive_seed(seed, i)."""
    trains = []
    for i in range(count):
        if poisson:
            trains.extend(poisson_train(rate, 0.0, end, EngineRandom(derive_seed(seed, i))))
        else:
            trains.extend(regular_train(rate, 0.0, end, i / count))
    return np.sort(np.array(trains, dtype=float))
`;
