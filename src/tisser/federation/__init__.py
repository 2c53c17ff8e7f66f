"""A federation of clubs matched on Apache Spark (issue #22); pyspark is imported only here.

:mod:`.spec` (the round file), :mod:`.records` (member rows in the template, checked with the
club importer's own rules), :mod:`.blocks` (activity × slot × area × level band),
:mod:`.block` (one block matched by the single club's code), :mod:`.engine` (the Spark
session and its errors), :mod:`.job` (read, block, match with ``applyInPandas``, publish).
"""
