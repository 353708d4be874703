"""The reproducible draw: a pure function of the frame, the seed and the sample's size or rate.

The frame is [(service id, stratum)] sorted by id. Without strata the sample is random.Random(seed).sample of the
frame; with strata, each stratum (in sorted order) gets its share of the size (largest remainders; at least one
where a stratum is not empty and the size allows) or ceil(rate × its size), and is sampled in turn from the same
generator. Anyone holding the frame and the seed recomputes the same sample."""

import math
import random
from collections import defaultdict
from decimal import Decimal


def allocation(sizes, size=None, rate=None):
    """{stratum: how many to draw} for {stratum: how many in the frame}."""
    total = sum(sizes.values())
    if rate is not None:
        return {s: min(n, math.ceil(Decimal(n) * Decimal(rate))) for s, n in sizes.items()}
    size = min(size or 0, total)
    exact = {s: Decimal(size) * n / total for s, n in sizes.items()} if total else {}
    given = {s: int(v) for s, v in exact.items()}
    left = size - sum(given.values())
    for s in sorted(exact, key=lambda s: (-(exact[s] - given[s]), s))[:left]:
        given[s] += 1
    return given


def draw(frame, seed, size=None, rate=None):
    """The sampled service ids (sorted) of `frame` = [(id, stratum)]."""
    rng = random.Random(str(seed))
    strata = defaultdict(list)
    for pk, stratum in sorted(frame):
        strata[stratum or ""].append(pk)
    counts = allocation({s: len(ids) for s, ids in strata.items()}, size, rate)
    chosen = []
    for stratum in sorted(strata):
        chosen += rng.sample(strata[stratum], counts.get(stratum, 0))
    return sorted(chosen)
