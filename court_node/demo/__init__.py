"""``freezesim demo``: the seed's story, narrated step by step against a fresh stack, each outcome checked."""
