"""One router per resource; each module exposes ``router`` (see :mod:`tisser.web.pages`)."""
