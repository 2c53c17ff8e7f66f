"""Short forms of given names, French and English, folded: "Manu" is Emmanuel.

Deduplication compares given names after mapping each through this table, so "Bob Smith"
meets "Robert Smith" and "Seb Martin" meets "Sébastien Martin". The list holds the
hypocoristics in common use in France and in English-speaking countries (after the
Wiktionary category "French hypocoristics" and the carltonnorthern/nicknames CSV, both
trimmed to forms that are not themselves common given names elsewhere).
"""

from __future__ import annotations

_GROUPS: dict[str, tuple[str, ...]] = {
    "alexandre": ("alex",),
    "alexandra": ("alex", "sandra"),
    "alexander": ("alex", "sasha"),
    "anne-sophie": ("anso",),
    "benjamin": ("ben", "benji"),
    "catherine": ("cathy", "cath", "kate", "katie", "cat"),
    "christophe": ("chris", "cricri"),
    "christopher": ("chris", "kit"),
    "christine": ("chris", "tina"),
    "charles": ("charlie", "chuck"),
    "daniel": ("dan", "dany", "danny"),
    "dominique": ("dom",),
    "edouard": ("doudou", "eddy"),
    "elisabeth": ("elise", "babeth", "lisa", "liz", "beth", "betty"),
    "elizabeth": ("liz", "beth", "betty", "lisa", "eliza"),
    "emmanuel": ("manu",),
    "emmanuelle": ("manue", "manu"),
    "frederic": ("fred",),
    "frederique": ("fred",),
    "francois": ("fanfan", "francky"),
    "francoise": ("fanfan",),
    "gregoire": ("greg",),
    "gregory": ("greg",),
    "guillaume": ("guigui", "will"),
    "isabelle": ("isa", "babette"),
    "jacqueline": ("jacky",),
    "jacques": ("jacky", "jaco"),
    "james": ("jim", "jimmy", "jamie"),
    "jean-baptiste": ("jb",),
    "jean-christophe": ("jc",),
    "jean-francois": ("jf",),
    "jean-louis": ("jl",),
    "jean-marc": ("jm",),
    "jean-michel": ("jm",),
    "jean-philippe": ("jp",),
    "jean-pierre": ("jp",),
    "jennifer": ("jen", "jenny"),
    "jerome": ("jerem",),
    "jonathan": ("jon", "jo", "johnny"),
    "joseph": ("joe", "jo", "jojo"),
    "katherine": ("kate", "kathy", "katie"),
    "laurence": ("lolo",),
    "laurent": ("lolo",),
    "margaret": ("maggie", "peggy", "meg"),
    "marie-christine": ("mc",),
    "matthieu": ("matt", "mat"),
    "matthew": ("matt",),
    "maxime": ("max",),
    "maximilien": ("max",),
    "michael": ("mike", "mick", "micky"),
    "michel": ("mimi",),
    "nathalie": ("nat", "nath"),
    "nicolas": ("nico",),
    "nicholas": ("nick", "nicky"),
    "olivier": ("olive", "oli"),
    "patricia": ("pat", "patty", "tricia"),
    "patrick": ("pat", "patou"),
    "philippe": ("phil", "fifi"),
    "philip": ("phil",),
    "pierre": ("pierrot",),
    "raphael": ("raph",),
    "rebecca": ("becky",),
    "richard": ("rick", "dick", "richie"),
    "robert": ("bob", "bobby", "rob", "robbie", "bert"),
    "samuel": ("sam", "sammy"),
    "samantha": ("sam",),
    "sebastien": ("seb",),
    "stephane": ("steph",),
    "stephanie": ("steph", "fanny"),
    "steven": ("steve",),
    "stephen": ("steve",),
    "sylvain": ("sylv",),
    "thomas": ("tom", "tommy", "thom"),
    "timothy": ("tim",),
    "valerie": ("val",),
    "victoria": ("vicky", "tori"),
    "vincent": ("vince", "vinz"),
    "virginie": ("virgi",),
    "william": ("bill", "billy", "will", "willy", "liam"),
}

# A nickname shared by several names ("alex", "chris") maps to the first one listed; both
# sides of a comparison go through the same map, so "Chris" still meets "Christophe".
NICKNAMES: dict[str, str] = {}
for _full, _shorts in _GROUPS.items():
    NICKNAMES.setdefault(_full, _full)
    for _short in _shorts:
        NICKNAMES.setdefault(_short, _full)


def canonical(folded_given: str) -> str:
    """``"bob"`` -> ``"robert"``; a name not in the table is returned as it is."""
    return NICKNAMES.get(folded_given, folded_given)
