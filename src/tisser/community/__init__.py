"""Communities (issue #9): matching members of a club to meet, outside the pure core.

:mod:`~tisser.community.features` (vectorised scores, candidate graph),
:mod:`~tisser.community.pairs` and :mod:`~tisser.community.groups` (solvers with bounds),
:mod:`~tisser.community.service` (a round end to end), :mod:`~tisser.community.importer`
(CSV/XLSX member lists), :mod:`~tisser.community.mail` (invitations by e-mail with .ics).
"""
