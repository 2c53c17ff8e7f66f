"""Drafts of a request to a contact, or of a request for an introduction, in FR and EN.

Seed 000 §6: a request must be easy to answer quickly, without the other person feeling
bound; seed 003 lists why people call on their network (the seven :data:`NEEDS`) and warns
that the one asking feels they have nothing to give back. So every draft is short and:

1. says how we know each other and recalls the last exchange (or admits it was long ago);
2. makes one clear request that takes a yes, a no or a few minutes;
3. offers something back (what the user can give, or a lead on the contact's own need);
4. leaves the door open ("no worries if not").

For a path, the draft goes to the intermediary and asks them to *ask* the target first
(seed 000 §10: propose, never impose). In French, "tu" is used for circles 1-2, "vous"
otherwise; ``{tu|vous}`` in a template picks the form. Drafts are printed for the user to
edit; nothing is ever sent.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

NEEDS = (
    "job",
    "recruit-info",
    "recommendation",
    "business-intro",
    "start-company",
    "campaign-support",
    "off-record",
    "other",
)

# One request per need: {topic} is what the user typed with --about (may be empty).
REQUESTS: dict[str, dict[str, str]] = {
    "job": {
        "fr": "Je réfléchis à mon prochain poste{topic}. {Aurais-tu|Auriez-vous} 20 minutes "
        "dans les deux semaines pour un café ou un appel, et me dire comment {tu vois|vous "
        "voyez} le marché ?",
        "en": "I am thinking about my next role{topic}. Would you have 20 minutes in the next "
        "two weeks for a coffee or a call, to tell me how you see the market?",
    },
    "recruit-info": {
        "fr": "Je m'apprête à recruter{topic} et j'aimerais {ton|votre} avis franc, en toute "
        "confidentialité. {Accepterais-tu|Accepteriez-vous} un appel de 15 minutes cette "
        "semaine ?",
        "en": "I am about to hire{topic} and would value your candid, confidential view. "
        "Could we have a 15-minute call this week?",
    },
    "recommendation": {
        "fr": "Je postule{topic}. {Accepterais-tu|Accepteriez-vous} d'écrire quelques "
        "lignes de recommandation ? Je peux {te|vous} préparer un brouillon pour {te|vous} "
        "faire gagner du temps.",
        "en": "I am applying{topic}. Would you be willing to write a few lines of "
        "recommendation? I can send you a draft to save you time.",
    },
    "business-intro": {
        "fr": "Je cherche à rencontrer{topic}. Si {tu vois|vous voyez} quelqu'un dans {ton|"
        "votre} entourage, {accepterais-tu|accepteriez-vous} de nous mettre en relation ? Un "
        "simple oui ou non me suffit.",
        "en": "I am looking to meet{topic}. If someone around you comes to mind, would you "
        "be willing to introduce us? A simple yes or no is plenty.",
    },
    "start-company": {
        "fr": "Je me lance{topic}. J'aimerais avoir {ton|votre} regard sur le projet : "
        "{aurais-tu|auriez-vous} 30 minutes dans le mois ?",
        "en": "I am starting my own company{topic}. I would love your take on the project: "
        "would you have 30 minutes this month?",
    },
    "campaign-support": {
        "fr": "Je lance{topic}. Si le sujet {te|vous} parle, un partage ou un mot sur "
        "LinkedIn m'aiderait beaucoup — et aucun souci sinon.",
        "en": "I am launching{topic}. If it speaks to you, a share or a word on LinkedIn "
        "would help a lot — and no worries if not.",
    },
    "off-record": {
        "fr": "J'aurais besoin d'un éclairage, en toute discrétion,{topic}. Est-ce que je "
        "peux {t'appeler|vous appeler} 10 minutes, quand cela {t'arrange|vous arrange} ?",
        "en": "I would appreciate a discreet, off-the-record view{topic}. Could I call you "
        "for 10 minutes, whenever suits you?",
    },
    "other": {
        "fr": "J'aurais une question rapide{topic}. Est-ce que je peux {t'appeler|vous "
        "appeler} 10 minutes cette semaine ?",
        "en": "I have a quick question{topic}. Could I call you for 10 minutes this week?",
    },
}

# Why the user wants to meet the target, for a request for an introduction.
VIA_REASONS: dict[str, dict[str, str]] = {
    "job": {"fr": "dans le cadre de ma réflexion sur mon prochain poste",
            "en": "as I think about my next role"},
    "recruit-info": {"fr": "pour un avis sur un recrutement",
                     "en": "to get a view on a hire I am preparing"},
    "recommendation": {"fr": "au sujet d'une candidature", "en": "about an application"},
    "business-intro": {"fr": "pour un sujet professionnel qui pourrait nous intéresser "
                             "tous les deux", "en": "about a business topic that could "
                             "interest us both"},
    "start-company": {"fr": "pour son regard sur un projet de création d'entreprise",
                      "en": "for their view on the company I am starting"},
    "campaign-support": {"fr": "au sujet d'une campagne que je lance",
                         "en": "about a campaign I am launching"},
    "off-record": {"fr": "pour un éclairage en toute discrétion",
                   "en": "for a discreet view on a topic"},
    "other": {"fr": "pour une question rapide", "en": "for a quick question"},
}  # fmt: skip

_CHOICE = re.compile(r"\{([^{}|]*)\|([^{}|]*)\}")


@dataclass(frozen=True, slots=True)
class DraftContext:
    """What a draft says about the people involved; every field may be empty.

    ``familiar`` selects "tu" in French; ``since_year`` and ``met_how`` say how we know each
    other; ``last_when`` ("il y a 2 mois", "last month") and ``last_about`` recall the last
    exchange; ``long_ago`` admits it was too long; ``give_back`` is what the user can offer;
    ``their_need`` is an open need of the contact the user may help with.
    """

    first_name: str
    my_name: str
    familiar: bool = False
    since_year: int | None = None
    met_how: str = ""
    last_when: str = ""
    last_about: str = ""
    long_ago: bool = False
    give_back: str = ""
    their_need: str = ""


def _pick(text: str, familiar: bool) -> str:
    return _CHOICE.sub(lambda m: m.group(1) if familiar else m.group(2), text)


def _opening(ctx: DraftContext, lang: str) -> list[str]:
    lines = []
    if lang == "fr":
        if ctx.since_year and ctx.met_how:
            lines.append(
                f"{{On se connaît|Nous nous connaissons}} depuis {ctx.since_year} ({ctx.met_how})."
            )
        elif ctx.met_how:
            lines.append(f"{{On s'est connus|Nous nous sommes connus}} ainsi : {ctx.met_how}.")
        if ctx.long_ago:
            lines.append(
                "Cela fait trop longtemps — j'espère que tout va bien de {ton|votre} côté."
            )
        elif ctx.last_about and ctx.last_when:
            lines.append(f"Notre dernier échange ({ctx.last_when}) : « {ctx.last_about} ».")
        elif ctx.last_when:
            lines.append(f"Notre dernier échange date de {ctx.last_when}.")
    else:
        if ctx.since_year and ctx.met_how:
            lines.append(f"We have known each other since {ctx.since_year} ({ctx.met_how}).")
        elif ctx.met_how:
            lines.append(f"We met this way: {ctx.met_how}.")
        if ctx.long_ago:
            lines.append("It has been far too long — I hope all is well on your side.")
        elif ctx.last_about and ctx.last_when:
            lines.append(f"Our last exchange ({ctx.last_when}): “{ctx.last_about}”.")
        elif ctx.last_when:
            lines.append(f"We last spoke {ctx.last_when}.")
    return lines


def _give(ctx: DraftContext, lang: str) -> list[str]:
    lines = []
    if ctx.their_need:
        lines.append(
            f"J'ai noté que {{tu cherchais|vous cherchiez}} « {ctx.their_need} » : j'ai "
            "peut-être une piste, j'en parle volontiers."
            if lang == "fr"
            else f"I noted you were looking for “{ctx.their_need}”: I may have a lead, "
            "happy to share it."
        )
    if ctx.give_back:
        lines.append(
            f"Et si je peux {{t'être utile|vous être utile}} en retour ({ctx.give_back}), "
            "ce sera avec plaisir."
            if lang == "fr"
            else f"And if I can help you in return ({ctx.give_back}), it would be a pleasure."
        )
    return lines


def _topic(topic: str) -> str:
    topic = topic.strip()
    if not topic:
        return ""
    return f" ({topic})"


def draft(need: str, ctx: DraftContext, lang: str = "fr", topic: str = "") -> str:
    """The draft of a request to ``ctx.first_name`` for ``need``."""
    lang = "en" if lang == "en" else "fr"
    need = need if need in REQUESTS else "other"
    hello = f"Bonjour {ctx.first_name}," if lang == "fr" else f"Hi {ctx.first_name},"
    body = [
        *_opening(ctx, lang),
        REQUESTS[need][lang].replace("{topic}", _topic(topic)),
        *_give(ctx, lang),
    ]
    thanks = (
        "Aucune obligation bien sûr, et merci d'avance !"
        if lang == "fr"
        else "No obligation of course, and thank you in advance!"
    )
    text = "\n\n".join([hello, " ".join(body), thanks, ctx.my_name])
    return _pick(text, ctx.familiar).strip()


def intro_request(
    need: str,
    ctx: DraftContext,
    target_name: str,
    target_role: str,
    lang: str = "fr",
    topic: str = "",
) -> str:
    """The draft to an intermediary (``ctx``) asking to be introduced to ``target_name``."""
    lang = "en" if lang == "en" else "fr"
    need = need if need in VIA_REASONS else "other"
    role = f" ({target_role})" if target_role else ""
    why = VIA_REASONS[need][lang] + _topic(topic)
    if lang == "fr":
        hello = f"Bonjour {ctx.first_name},"
        ask = (
            f"Je crois que {{tu connais|vous connaissez}} {target_name}{role}. J'aimerais "
            f"beaucoup échanger avec cette personne {why}. {{Accepterais-tu|Accepteriez-vous}}"
            " de lui demander si un court échange l'intéresserait ? Si oui, je {t'envoie|vous "
            "envoie} un message de trois lignes à transférer ; si ce n'est pas le bon moment, "
            "aucun souci."
        )
        thanks = "Merci d'avance !"
    else:
        hello = f"Hi {ctx.first_name},"
        ask = (
            f"I believe you know {target_name}{role}. I would love to talk with them {why}. "
            "Would you be willing to ask whether a short conversation would interest them? "
            "If so, I will send you a three-line note to forward; if it is not the right "
            "time, no worries at all."
        )
        thanks = "Thank you in advance!"
    body = [*_opening(ctx, lang), ask, *_give(ctx, lang)]
    text = "\n\n".join([hello, " ".join(body), thanks, ctx.my_name])
    return _pick(text, ctx.familiar).strip()


def intro_ask(
    ctx: DraftContext,
    other_name: str,
    other_role: str,
    reason: str,
    lang: str = "fr",
    own_need: str = "",
) -> str:
    """Double opt-in, first message: ask one side whether they would like to meet the other.

    ``own_need`` is the recipient's own need the other person meets, said in the second
    person; ``reason`` holds the other reasons, already in ``lang``.
    """
    lang = "en" if lang == "en" else "fr"
    role = f" ({other_role})" if other_role else ""
    why = []
    if own_need:
        why.append(
            f"{{tu cherches|vous cherchez}} « {own_need} »"
            if lang == "fr"
            else f"you are looking for “{own_need}”"
        )
    if reason:
        why.append(reason)
    because = "; ".join(why)
    if lang == "fr":
        because = f" : {because}" if because else ""
        text = (
            f"Bonjour {ctx.first_name},\n\nJe pense que {{tu gagnerais|vous gagneriez}} à "
            f"rencontrer {other_name}{role}{because}. {{Veux-tu|Voulez-vous}} que je vous "
            "présente ? Je ne fais rien sans {ton|votre} accord, et un non me va très bien."
            f"\n\n{ctx.my_name}"
        )
    else:
        because = f": {because}" if because else ""
        text = (
            f"Hi {ctx.first_name},\n\nI think you would enjoy meeting {other_name}{role}"
            f"{because}. Would you like me to introduce you? I will do nothing without your "
            f"go-ahead, and a no is perfectly fine.\n\n{ctx.my_name}"
        )
    return _pick(text, ctx.familiar).strip()


def intro_message(
    a_first: str, a_line: str, b_first: str, b_line: str, reason: str, my_name: str, lang: str
) -> str:
    """Double opt-in, last message: the introduction itself, to both at once."""
    if lang == "en":
        return (
            f"Hi {a_first}, hi {b_first},\n\nAs promised, let me introduce you to each "
            f"other. {a_first}: {a_line}. {b_first}: {b_line}. Why I thought of you both: "
            f"{reason}. I will let you take it from here.\n\n{my_name}"
        )
    return (
        f"Bonjour {a_first}, bonjour {b_first},\n\nComme convenu, je vous présente l'un à "
        f"l'autre. {a_first} : {a_line}. {b_first} : {b_line}. Pourquoi j'ai pensé à vous "
        f"deux : {reason}. Je vous laisse prendre le relais.\n\n{my_name}"
    )
