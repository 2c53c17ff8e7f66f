"""Use cases: plain values and the store in, plain results or TisserError out."""
