"""Offers and needs in the demo network, read off each card (no random draw).

They give ``tisser introductions`` something true to find on every demo network: people
looking for a job need a recruiter, founders need a finance director or a lawyer, CTOs need
developers; HR people offer to review a CV, lawyers a first opinion, Mandarin speakers
advice on exporting to China. Derived from the cards only, so adding them changes none of
the generator's draws (same contacts, journal and links for a given seed).
"""

from __future__ import annotations

from tisser.core.introductions import Offer, OfferKind
from tisser.core.model import Circle, Contact
from tisser.core.names import fold


def _needs(c: Contact) -> list[str]:
    notes, position = fold(c.notes), fold(c.position)
    out = []
    if "cherche un nouveau poste" in notes:
        out.append("un recruteur à Bordeaux")
    if "a monte sa boite" in notes:
        out.append("un DAF" if (c.id or 0) % 2 else "un avocat")
    if position == "cto":
        out.append("un data scientist")
    if c.given_name == "Zoé" and c.family_name == "Müller":
        out.append("une cheffe de produit")
    if c.given_name == "Noémie" and c.family_name == "Lalanne":
        out.append("un responsable communication")
    return out


def _offers(c: Contact) -> list[str]:
    notes, function = fold(c.notes), fold(c.function)
    out = []
    if "mandarin" in notes:
        out.append("conseils pour exporter en Chine")
    if function == "rh" and c.circle <= Circle.ACTIVE:
        out.append("relire un CV et préparer un entretien")
    if function == "juridique":
        out.append("un premier avis sur un contrat ou le RGPD")
    if c.given_name == "Karim" and c.family_name == "Benali":
        out.append("mises en relation avec des investisseurs")
    if c.given_name == "Jean-François" and c.family_name == "Côté":
        out.append("ouvrir des portes à la SAQ, au Canada")
    return out


def demo_offers(contacts: list[Contact]) -> list[Offer]:
    """The offers and needs of the demo's contacts (archived ones have none)."""
    out: list[Offer] = []
    for c in contacts:
        if c.id is None or c.circle == Circle.DORMANT:
            continue
        out += [Offer(contact_id=c.id, kind=OfferKind.NEED, text=t) for t in _needs(c)]
        out += [Offer(contact_id=c.id, kind=OfferKind.OFFER, text=t) for t in _offers(c)]
    return out
