"""The demo network: a realistic, seeded, reproducible French professional network.

Every new user meets tisser through this network first (``tisser demo``), so it has to look
like a real one and leave something for every feature to say:

* the user is Hélène Marchand, marketing director of a Bordeaux wine house;
* about 350 contacts in Dunbar-like layers (5 / 15 / 60 / ~250 / 20 archived), in
  communities (family, friends, current and former colleagues, the Bordeaux marketing scene,
  start-ups, aeronautics, wine trade, ESSEC alumni, Paris, other cities, abroad, the padel
  club, suppliers), marketing over-represented so the diagnosis sees the "entre-soi";
* French names with accents, particles ("de La Fontaine", "d'Argenson") and a realistic share
  of other origins;
* three years of interactions placed relative to ``today``, with each circle's rhythm, some
  ties due, overdue, cooling or dormant on purpose, help given and received (some ties
  one-sided), group lunches and events;
* "A knows B" links dense inside communities and sparse between them, bridged by a few
  super-connectors.

The generator is pure: no I/O, no global random state (one ``random.Random(seed)``), ``today``
passed in. Temporary contact ids are ``1..n``; :func:`load_demo` writes the network to a store
and remaps them to the store's ids.

The package, one idea a module:

* :mod:`~tisser.demo.network` — the result type and the sizes;
* :mod:`~tisser.demo.user`, :mod:`~tisser.demo.cast` — Hélène and the people her story needs;
* :mod:`~tisser.demo.people`, :mod:`~tisser.demo.world`, :mod:`~tisser.demo.clusters`,
  :mod:`~tisser.demo.texts` — the data everyone else is drawn from;
* :mod:`~tisser.demo.draw`, :mod:`~tisser.demo.contacts`, :mod:`~tisser.demo.circles`,
  :mod:`~tisser.demo.history`, :mod:`~tisser.demo.links` — each step of the generator;
* :mod:`~tisser.demo.generate` runs the steps in order (the order fixes the random draws, so
  it is what keeps a seed's network stable); :mod:`~tisser.demo.load` writes the result.
"""

from tisser.demo.generate import generate
from tisser.demo.load import load_demo
from tisser.demo.network import DEFAULT_SEED, DEFAULT_SIZE, MIN_SIZE, DemoNetwork

__all__ = ["DEFAULT_SEED", "DEFAULT_SIZE", "MIN_SIZE", "DemoNetwork", "generate", "load_demo"]
