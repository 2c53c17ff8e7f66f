"""Contacts being generated: drawn from a community, or taken from the cast.

Emails, phones and LinkedIn addresses follow each person's name, organisation and country,
so search, duplicate detection and phone formatting meet realistic data in the demo.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass, field
from datetime import date, timedelta

from tisser.core.model import Channel, Contact, Energy
from tisser.core.names import fold
from tisser.demo.cast import CAST, Actor
from tisser.demo.clusters import CLUSTER_BY_KEY, SUPPLEMENTARY_CATEGORIES, Cluster, Org
from tisser.demo.draw import rand_date, to_weekday, weighted
from tisser.demo.people import F, Namer
from tisser.demo.texts import NOTES, gendered
from tisser.demo.world import COUNTRY_OF_CITY, PHONE_PLAN, SENIORITIES, TITLES


@dataclass(slots=True)
class Person:
    """A contact being generated, with what the generator needs to remember about it."""

    contact: Contact
    cluster: str
    help: str = "mixed"
    last: date | None = None  # the designed date of the last interaction
    dates: list[date] = field(default_factory=list)
    force_help: bool = False


def cast_person(people: list[Person], given: str) -> Person:
    """The cast member called ``given``: the story names them, and they come first."""
    return next(p for p in people[: len(CAST)] if p.contact.given_name == given)


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", fold(text)).strip("-")


def _email_local(given: str, particle: str, family: str) -> str:
    fam = _slug(particle + family).replace("-", "")
    return f"{_slug(given)}.{fam}"


def _work_email(given: str, particle: str, family: str, domain: str) -> str:
    return f"{_email_local(given, particle, family)}@{domain}"


def _personal_email(rng: random.Random, given: str, particle: str, family: str) -> str:
    domain = rng.choice(("gmail.com", "gmail.com", "orange.fr", "free.fr", "outlook.fr",
                         "laposte.net", "icloud.com"))  # fmt: skip
    local = _email_local(given, particle, family)
    if rng.random() < 0.4:
        local = f"{_slug(given)[0]}{local.split('.', 1)[1]}{rng.randint(1, 99)}"
    return f"{local}@{domain}"


def _phone(rng: random.Random, country: str) -> str:
    """A mobile number in E.164 (French +336 or +337 by default)."""
    prefix, first, digits = PHONE_PLAN.get(country, PHONE_PLAN["France"])
    if prefix == "+336" and rng.random() < 0.28:
        prefix, first = "+337", "3456789"
    while True:
        number = prefix + rng.choice(first)
        number += "".join(rng.choice("0123456789") for _ in range(digits - 1))
        if not number.startswith("+33639"):  # 0639: Mayotte
            return number


def _linkedin(given: str, particle: str, family: str) -> str:
    return f"https://www.linkedin.com/in/{_slug(given)}-{_slug(particle + ' ' + family)}"


def pick_met(
    rng: random.Random, cluster: Cluster, lo: date, hi: date, gender: str
) -> tuple[date, str, Channel]:
    """When and how the user met someone of ``cluster`` between ``lo`` and ``hi``."""
    met = rng.choice(cluster.mets)
    if met.month:
        years = [
            y
            for y in range(lo.year, hi.year + 1)
            if (not met.odd_years or y % 2 == 1)
            and lo <= date(y, met.month, 1)
            and date(y, met.month, 28) <= hi
        ]
        if years:
            y = rng.choice(years)
            d = to_weekday(date(y, met.month, rng.randint(1, 28)), None)
            return d, gendered(met.text, gender, y), met.channel
        met = next((m for m in cluster.mets if not m.month), cluster.mets[0])
    d = rand_date(rng, lo, hi)
    if not cluster.weekend:
        d = to_weekday(d, None)
        if d > hi:
            d -= timedelta(days=3)
    return d, gendered(met.text, gender, d.year), met.channel


def random_contact(rng: random.Random, namer: Namer, cluster: Cluster, today: date) -> Contact:
    org = weighted(rng, [(o, o.weight) for o in cluster.orgs])
    city = org.city
    given, particle, family, gender = namer.draw(cluster, city)
    function, seniority, position = _job(rng, cluster, org, gender)
    country = COUNTRY_OF_CITY.get(city, "France")
    hi = min(cluster.met_to or today, today - timedelta(days=1))
    met_on, met_how, met_channel = pick_met(rng, cluster, cluster.met_from, hi, gender)
    names = (given, particle, family)
    emails, phones = _addresses(rng, cluster, org, country, names)
    linkedin, x_handle, website = _web_presence(rng, org, function, seniority, names)
    categories, tags = _labels(rng, cluster, function)
    notes = ""
    if rng.random() < 0.22:
        notes = gendered(rng.choice(NOTES), gender, rand_date(rng, met_on, today).year)
    return Contact(
        given_name=given,
        particle=particle,
        family_name=family,
        organization=org.name,
        position=position,
        sector=org.sector,
        function=function,
        seniority=seniority,
        gender=gender,
        city=city,
        country=country,
        emails=emails,
        phones=phones,
        linkedin=linkedin,
        x_handle=x_handle,
        website=website,
        met_on=met_on,
        met_how=met_how,
        met_channel=met_channel,
        energy=weighted(
            rng,
            [
                (None, 0.4),
                (Energy.INTROVERT, 0.2),
                (Energy.AMBIVERT, 0.25),
                (Energy.EXTRAVERT, 0.15),
            ],
        ),
        categories=categories,
        tags=tags,
        notes=notes,
    )


def _job(rng: random.Random, cluster: Cluster, org: Org, gender: str) -> tuple[str, str, str]:
    """Function, seniority and a title worded for the gender (freelances word theirs apart)."""
    function = weighted(rng, cluster.functions)
    seniority = weighted(rng, list(zip(SENIORITIES, (0.18, 0.34, 0.32, 0.16), strict=True)))
    if cluster.key == "alumni":  # a 2008 promotion is senior by now
        seniority = weighted(rng, [("confirmed", 0.1), ("senior", 0.5), ("executive", 0.4)])
    titles = TITLES[function][seniority]
    masc, fem = rng.choice(titles)
    position = fem if gender == F or (not gender and rng.random() < 0.5) else masc
    if org.name == "Indépendant":
        position = (
            "Consultant{|e} indépendant{|e}"
            if function == "conseil"
            else (f"{masc} freelance" if gender != F else f"{fem} freelance")
        )
        position = gendered(position, gender)
    return function, seniority, position


def _addresses(
    rng: random.Random,
    cluster: Cluster,
    org: Org,
    country: str,
    names: tuple[str, str, str],
) -> tuple[list[str], list[str]]:
    """E-mails and phones: a work address where the organisation has a domain, mostly."""
    given, particle, family = names
    emails: list[str] = []
    if org.domain and not cluster.personal_email and rng.random() < 0.85:
        emails.append(_work_email(given, particle, family, org.domain))
    if (not emails and rng.random() < 0.7) or rng.random() < 0.1:
        emails.append(_personal_email(rng, given, particle, family))
    phones = [_phone(rng, country)] if rng.random() < 0.7 else []
    return emails, phones


def _web_presence(
    rng: random.Random,
    org: Org,
    function: str,
    seniority: str,
    names: tuple[str, str, str],
) -> tuple[str, str, str]:
    """LinkedIn for most, X for a few, a website for freelances and some executives."""
    given, particle, family = names
    linkedin = ""
    if rng.random() < 0.82:
        suffix = f"-{rng.randrange(16**5):05x}" if rng.random() < 0.5 else ""
        linkedin = _linkedin(given, particle, family) + suffix
    x_handle = ""
    if rng.random() < 0.08:
        x_handle = "@" + (_slug(given)[:1] + _slug(particle + family)).replace("-", "")
    website = ""
    if org.name == "Indépendant" or (
        function in ("conseil", "direction générale")
        and seniority == "executive"
        and rng.random() < 0.25
    ):
        website = (
            f"https://www.{org.domain}"
            if org.domain
            else (f"https://{_slug(given)}{_slug(family).replace('-', '')}.fr")
        )
    return linkedin, x_handle, website


def _labels(rng: random.Random, cluster: Cluster, function: str) -> tuple[list[str], list[str]]:
    """The cluster's categories and tags, with a few extras so clusters are not uniform."""
    categories = list(cluster.categories)
    if cluster.key in ("marketing_bdx", "vin", "startups") and rng.random() < 0.15:
        extra = rng.choice(SUPPLEMENTARY_CATEGORIES)
        if extra not in categories:
            categories.append(extra)
    if cluster.key == "padel" and rng.random() < 0.3:
        categories.append("ami")
    tags = rng.sample(cluster.tags, k=min(len(cluster.tags), rng.choice((0, 1, 1, 2, 2, 3))))
    if function == "RH" and "RH" not in tags:
        tags.append("RH")
    return categories, tags


def cast_contact(rng: random.Random, cast: Actor, today: date) -> Contact:
    cluster = CLUSTER_BY_KEY[cast.cluster]
    emails: list[str] = []
    if cast.domain:
        emails.append(_work_email(cast.given, cast.particle, cast.family, cast.domain))
    if cast.cluster in ("famille", "amis", "padel") or not emails:
        emails.append(_personal_email(rng, cast.given, cast.particle, cast.family))
    linkedin = ""
    if cast.cluster != "famille" or cast.function:
        linkedin = _linkedin(cast.given, cast.particle, cast.family)
    met_on = min(cast.met_on, today - timedelta(days=1)) if cast.met_on else None
    return Contact(
        given_name=cast.given,
        particle=cast.particle,
        family_name=cast.family,
        organization=cast.organization,
        position=cast.position,
        sector=cast.sector,
        function=cast.function,
        seniority=cast.seniority,
        gender=cast.gender,
        city=cast.city,
        country=cast.country,
        emails=emails,
        phones=[_phone(rng, cast.country)],
        linkedin=linkedin,
        x_handle="@gdargenson" if cast.family == "Argenson" else "",
        website="https://www.blf-conseil.fr" if cast.domain == "blf-conseil.fr" else "",
        met_on=met_on,
        met_how=cast.met_how,
        met_channel=cast.met_channel,
        relational_profile=cast.relational,
        energy=cast.energy,
        circle=cast.circle,
        categories=list(cast.categories),
        tags=list(cast.tags or cluster.tags[:1]),
        closeness=cast.closeness,
        notes=cast.notes,
    )
