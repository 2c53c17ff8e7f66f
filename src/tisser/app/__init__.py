"""Use cases shared by the command line and the web: plain values and the store in, plain results out."""
