"""The community pages: communities, members, profiles, rounds, review, feedback.

Every route takes the signed-in user (:data:`User`) and passes them to the store, whose
role checks decide: a member of another community, or a member asking for an organiser's
page, gets the same "not found" as for something that does not exist.
"""

from __future__ import annotations

import tempfile
from datetime import date
from pathlib import Path
from typing import Annotated, Any

import anyio.to_thread
from fastapi import APIRouter, Depends, Request, UploadFile
from fastapi.responses import HTMLResponse, Response

from tisser.app.context import local_zone
from tisser.community import review
from tisser.community.importer import ImportReport, member_of, read_members
from tisser.community.mail import ACTIVITY_NAMES
from tisser.community.service import match_round
from tisser.core.community import (
    DAY_NAMES,
    DAYS,
    PARTS,
    SHAREABLE,
    SLOT_TEMPLATES,
    SOCIAL,
    SPORTS,
    Format,
    Member,
    Round,
    Want,
    parse_size,
    takes_part,
)
from tisser.core.errors import N_, InvalidInput, TisserError
from tisser.core.matching import SCORE_PARTS
from tisser.core.matching import render as render_why
from tisser.core.model import RelationalProfile
from tisser.i18n import gettext
from tisser.present.numbers import decimal
from tisser.web.community.auth import require_user
from tisser.web.community.limits import UPLOAD_BYTES, check_quota, too_large
from tisser.web.flash import redirect
from tisser.web.render import render
from tisser.web.routers.contacts import _form

router = APIRouter()
# What each word of the wishes' notation means, for the profile's hints (a French page
# listed "peers, mentor, mentee, sector, job, help" without a word of French).
WANT_WORDS = {
    Want.PEERS: N_("people in your function"),
    Want.MENTOR: N_("a mentor"),
    Want.MENTEE: N_("someone to mentor"),
    Want.SECTOR: N_("another sector"),
    Want.JOB: N_("a job or a hire"),
    Want.HELP: N_("some help"),
}
User = Annotated[int, Depends(require_user)]
ACTIVITIES = [*SPORTS, *SOCIAL]


def _store(request: Request) -> Any:
    return request.app.state.store


def _member_id(text: str) -> int:
    if not text.strip().isdigit():
        raise InvalidInput(N_("choose a member"))
    return int(text)


def _identity(request: Request, uid: int) -> dict[str, Any]:
    name, email = _store(request).user_identity(uid)
    return {"me_name": name or email, "activity_names": ACTIVITY_NAMES}


# --- communities ----------------------------------------------------------------------------


@router.get("/", response_class=HTMLResponse)
def home(request: Request, uid: User) -> HTMLResponse:
    communities = _store(request).my_communities(uid)
    return render(request, "community/home.html", {"communities": communities,
                                                    **_identity(request, uid)})  # fmt: skip


@router.post("/communities")
async def create(request: Request, uid: User) -> Response:
    form = await _form(request)
    check_quota(_store(request), uid, "community")
    c = _store(request).create_community(uid, form.get("name", ""))
    return redirect(f"/c/{c.id}", gettext(N_("Community created.")))


@router.get("/join/{code}", response_class=HTMLResponse)
def join_page(request: Request, uid: User, code: str) -> HTMLResponse:
    return render(request, "community/join.html", {"code": code, **_identity(request, uid)})


@router.post("/join")
async def join(request: Request, uid: User) -> Response:
    form = await _form(request)
    cid = _store(request).join_by_code(uid, form.get("code", ""))
    return redirect(f"/c/{cid}/profile", gettext(N_("Welcome! Fill in your profile.")))


@router.get("/c/{cid}", response_class=HTMLResponse)
def community_page(request: Request, uid: User, cid: int) -> HTMLResponse:
    store = _store(request)
    community = store.community(uid, cid)
    context: dict[str, Any] = {"community": community, "rounds": store.list_rounds(uid, cid),
                               "activities": ACTIVITIES, **_identity(request, uid)}  # fmt: skip
    if community.role == "organiser":
        context["reports"] = {r.round_id: r for r in store.round_reports(uid, cid)}
        context["invites"] = store.invites(uid, cid)
        context["member_count"] = len(store.member_profiles(uid, cid))
        context["base_url"] = request.app.state.public_url
    return render(request, "community/community.html", context)


@router.post("/c/{cid}/invites")
def invite(request: Request, uid: User, cid: int) -> Response:
    code = _store(request).create_invite(uid, cid)
    return redirect(f"/c/{cid}", gettext(N_("New invitation code: {code}")).format(code=code))


@router.post("/c/{cid}/import", response_class=HTMLResponse)
async def import_members(request: Request, uid: User, cid: int, file: UploadFile) -> Response:
    store = _store(request)
    community = store.community(uid, cid)
    store.member_ids(uid, cid, [])  # organisers only, before reading anything
    suffix = Path(file.filename or "members.csv").suffix.lower()
    if suffix not in (".csv", ".xlsx"):
        raise InvalidInput(N_("send a .csv or .xlsx file"), hint=N_("see the member template"))
    check_quota(store, uid, "upload")
    data = await file.read(UPLOAD_BYTES + 1)  # the body's cap is checked as it arrives
    if len(data) > UPLOAD_BYTES:
        raise too_large(UPLOAD_BYTES)
    # parsed and written in a worker thread: other users' pages keep answering meanwhile
    report = await anyio.to_thread.run_sync(_read_upload, data, suffix)
    added, updated = await anyio.to_thread.run_sync(store.upsert_members, uid, cid, report.members)
    errors = [(e.where.rsplit(":", 1)[-1], e.render(gettext)) for e in report.errors]
    errors += [(str(e.params.get("line", "")), e.render(gettext)) for e in report.notes]
    context = {"community": community, "added": added, "updated": updated, "errors": errors,
               **_identity(request, uid)}  # fmt: skip
    return render(request, "community/import.html", context)


def _read_upload(data: bytes, suffix: str) -> ImportReport:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"members{suffix}"
        path.write_bytes(data)
        return read_members(path)


@router.post("/c/{cid}/rounds")
async def open_round(request: Request, uid: User, cid: int) -> Response:
    form = await _form(request)
    store = _store(request)
    activity = form.get("activity", "")
    if activity not in ACTIVITIES:
        raise InvalidInput(N_("choose an activity"))
    low, high = parse_size(form.get("size", "") or "2")
    try:
        start, end = date.fromisoformat(form["date_from"]), date.fromisoformat(form["date_to"])
    except (KeyError, ValueError) as exc:
        raise InvalidInput(N_("give the dates of the round"), hint=N_("e.g. 2026-12-01")) from exc
    places = tuple(p.strip() for p in form.get("places", "").split(";") if p.strip())
    with store.transaction():
        rnd = store.create_round(uid, Round(0, cid, activity, low, high, start, end, places))
        if form.get("everyone"):
            ids = [m.id for m in store.community_members(uid, cid)
                   if takes_part(m, activity)]  # fmt: skip
            store.opt_in(uid, rnd.id, ids)
    return redirect(f"/rounds/{rnd.id}", gettext(N_("Round opened.")))


# --- members and profiles -------------------------------------------------------------------


@router.get("/c/{cid}/members", response_class=HTMLResponse)
def members(request: Request, uid: User, cid: int) -> HTMLResponse:
    store = _store(request)
    community = store.community(uid, cid)
    context = {"community": community, "members": store.member_profiles(uid, cid),
               **_identity(request, uid)}  # fmt: skip
    return render(request, "community/members.html", context)


@router.get("/members/{mid}", response_class=HTMLResponse)
def member(request: Request, uid: User, mid: int) -> HTMLResponse:
    profile = _store(request).member_profile(uid, mid)
    return render(request, "community/member.html", {"member": profile, **_identity(request, uid)})


def _profile_text(m: Member) -> dict[str, str]:
    return {
        "first_name": m.first_name, "last_name": m.last_name, "company": m.company,
        "sector": m.sector, "function": m.function, "seniority": m.seniority, "city": m.city,
        "travel_km": f"{m.travel_km:g}",
        "sports": "; ".join(
            f"{k}:{v:g}" if k not in SOCIAL and v is not None else k for k, v in m.sports.items()
        ),
        "slots": "; ".join(sorted(m.slots)), "languages": "; ".join(sorted(m.languages)),
        "seeks": "; ".join(str(w) for w in m.seeks), "offers": "; ".join(str(w) for w in m.offers),
        "format": m.format.value,
        "relational_profile": m.relational_profile.value if m.relational_profile else "",
    }  # fmt: skip


def _profile_context(values: dict[str, str], shared: list[str]) -> dict[str, Any]:
    return {
        "values": values,
        "shared": shared,
        "shareable": SHAREABLE,
        "formats": list(Format),
        "profiles": list(RelationalProfile),
        "wants": [f"{w.value} ({gettext(WANT_WORDS[w])})" for w in Want if w in WANT_WORDS],
        "days": list(zip(DAYS, DAY_NAMES, strict=True)),
        "parts": PARTS,
        "slot_templates": SLOT_TEMPLATES,
        "sports": ACTIVITIES,
    }


@router.get("/c/{cid}/profile", response_class=HTMLResponse)
def profile_page(request: Request, uid: User, cid: int) -> HTMLResponse:
    store = _store(request)
    community = store.community(uid, cid)
    mine = store.my_member(uid, cid)
    shared = store.member_profile(uid, mine.id).get("shared", [])
    context = {"community": community, **_profile_context(_profile_text(mine), shared),
               **_identity(request, uid)}  # fmt: skip
    return render(request, "community/profile.html", context)


@router.post("/c/{cid}/profile", response_class=HTMLResponse)
async def save_profile(request: Request, uid: User, cid: int) -> Response:
    form = await request.form()
    store = _store(request)
    community = store.community(uid, cid)
    mine = store.my_member(uid, cid)
    values = {k: str(form.get(k, "")) for k in _profile_text(mine)}
    slots = [str(s) for s in form.getlist("slot")]
    if slots:
        values["slots"] = "; ".join(slots)
    shared = [str(s) for s in form.getlist("share") if str(s) in SHAREABLE]
    try:
        updated = member_of({**values, "email": mine.email})
    except TisserError as exc:
        context = {"community": community, "error": exc.render(gettext),
                   **_profile_context(values, shared), **_identity(request, uid)}  # fmt: skip
        return render(request, "community/profile.html", context, 400)
    with store.transaction():
        store.update_my_profile(uid, cid, updated)
        store.set_shared(uid, mine.id, shared)
    return redirect(f"/c/{cid}/profile", gettext(N_("Profile saved.")))


# --- rounds ---------------------------------------------------------------------------------


def _level(value: float) -> str:
    return decimal(value, 2)


def _groups(store: Any, uid: int, rnd: Round, organiser: bool) -> list[dict[str, Any]]:
    meetings = store.round_groups(uid, rnd.id)
    if organiser:
        people = {m.id: {"id": m.id, "first_name": m.first_name, "last_name": m.last_name}
                  for m in store.community_members(uid, rnd.community_id)}  # fmt: skip
        locks = store.locked_groups(uid, rnd.id)
    else:
        ids = {i for g in meetings for i in g.member_ids}
        people = {i: store.member_profile(uid, i) for i in ids}
        locks = set()
    zone = local_zone()
    return [
        {
            "id": g.id,
            "members": [people[i] for i in g.member_ids],
            "score": g.score,
            "place": g.place,
            "meets_at": g.meets_at.astimezone(zone) if g.meets_at else None,
            "why": render_why(g.why, gettext, _level),
            "locked": g.id in locks,
        }
        for g in meetings
    ]


@router.get("/rounds/{rid}", response_class=HTMLResponse)
def round_page(request: Request, uid: User, rid: int) -> HTMLResponse:
    store = _store(request)
    rnd = store.get_round(uid, rid)
    community = store.community(uid, rnd.community_id)
    organiser = community.role == "organiser"
    context: dict[str, Any] = {
        "community": community,
        "round": rnd,
        "groups": _groups(store, uid, rnd, organiser),
        **_identity(request, uid),
    }
    if organiser:
        context.update(_organiser_context(store, uid, rnd, context["groups"]))
    else:
        mine = store.my_member(uid, rnd.community_id)
        context["me"] = mine.id
    return render(request, "community/round.html", context)


def _organiser_context(
    store: Any, uid: int, rnd: Round, groups: list[dict[str, Any]]
) -> dict[str, Any]:
    """Who takes part, who waits, each group's score in parts, the lists of the review's
    forms (members placed, by name, with their group's number) and the round's results."""
    opted = store.opted_in(uid, rnd.id)
    placed = {m["id"]: n for n, g in enumerate(groups, 1) for m in g["members"]}
    people = {m.id: m for m in store.community_members(uid, rnd.community_id)}
    chosen = set(opted)
    by_name = sorted(people.values(), key=lambda m: (m.last_name.lower(), m.first_name.lower()))
    parts = review.score_parts_of(store, uid, rnd.id) if groups else {}
    for g in groups:
        g["parts"] = _parts(parts.get(g["id"], []))
        g["score_text"] = decimal(g["score"])
    reports = store.round_reports(uid, rnd.community_id) if rnd.status == "published" else []
    report = [r for r in reports if r.round_id == rnd.id]
    useful = report[0].useful_avg if report else None
    return {
        "opted": len(opted),
        "waiting": [people[i] for i in opted if i not in placed],
        "addable": [m for m in by_name if m.id not in chosen],
        "removable": [m for m in by_name if m.id in chosen],
        "placed": [(m, placed[m.id]) for m in by_name if m.id in placed],
        "report": report[0] if report else None,
        "useful_avg": decimal(useful) if useful is not None else "",
    }


def _parts(parts: list[tuple[str, float]]) -> list[dict[str, Any]]:
    """A score's parts in words: its label, its size, whether it counts against."""
    return [{"label": gettext(SCORE_PARTS[key]), "value": decimal(abs(value)), "minus": value < 0}
            for key, value in parts]  # fmt: skip


def _round_action(request: Request, rid: int, message: str) -> Response:
    return redirect(f"/rounds/{rid}", gettext(message))


@router.post("/rounds/{rid}/optin")
def opt_in(request: Request, uid: User, rid: int) -> Response:
    _store(request).opt_in(uid, rid)
    return _round_action(request, rid, N_("You are in this round."))


@router.post("/rounds/{rid}/members/add")
async def add_member(request: Request, uid: User, rid: int) -> Response:
    """An organiser opts one member in (the store refuses anyone else)."""
    form = await _form(request)
    _store(request).opt_in(uid, rid, [_member_id(form.get("member", ""))])
    return _round_action(request, rid, N_("Member added to this round."))


@router.post("/rounds/{rid}/members/remove")
async def remove_member(request: Request, uid: User, rid: int) -> Response:
    """An organiser opts one member out, and out of their group if they had one."""
    form = await _form(request)
    review.exclude(_store(request), uid, rid, _member_id(form.get("member", "")), local_zone())
    return _round_action(request, rid, N_("Member taken out of this round."))


@router.post("/rounds/{rid}/match")
def match(request: Request, uid: User, rid: int) -> Response:
    outcome = match_round(_store(request), uid, rid, local_zone())
    text = gettext(N_("{groups} groups proposed, {waiting} waiting.")).format(
        groups=len(outcome.meetings), waiting=len(outcome.unmatched)
    )
    return redirect(f"/rounds/{rid}", text)


def _refused(rid: int, exc: InvalidInput) -> Response:
    """Back to the round page with what was wrong and what to do, in a red message."""
    return redirect(f"/rounds/{rid}", exc.one_line(gettext), kind="error")


@router.post("/rounds/{rid}/swap")
async def swap(request: Request, uid: User, rid: int) -> Response:
    form = await _form(request)
    try:
        a, b = _member_id(form.get("a", "")), _member_id(form.get("b", ""))
        review.swap(_store(request), uid, rid, a, b, local_zone())
    except InvalidInput as exc:
        return _refused(rid, exc)
    return _round_action(request, rid, N_("Members swapped."))


@router.post("/rounds/{rid}/lock")
async def lock(request: Request, uid: User, rid: int) -> Response:
    form = await request.form()
    store = _store(request)
    store.get_round(uid, rid)
    wanted = [int(str(g)) for g in form.getlist("group") if str(g).isdigit()]
    store.set_locks(uid, rid, wanted)
    return _round_action(request, rid, N_("Locks saved."))


@router.post("/rounds/{rid}/exclude")
async def exclude(request: Request, uid: User, rid: int) -> Response:
    form = await _form(request)
    try:
        member_id = _member_id(form.get("member", ""))
    except InvalidInput as exc:
        return _refused(rid, exc)
    review.exclude(_store(request), uid, rid, member_id, local_zone())
    return _round_action(request, rid, N_("Member excluded from this round."))


@router.post("/rounds/{rid}/rerun")
def rerun(request: Request, uid: User, rid: int) -> Response:
    waiting = review.rerun(_store(request), uid, rid, local_zone())
    text = gettext(N_("Matched again; {waiting} waiting.")).format(waiting=len(waiting))
    return redirect(f"/rounds/{rid}", text)


@router.post("/rounds/{rid}/publish")
def publish(request: Request, uid: User, rid: int) -> Response:
    state = request.app.state
    messages, _logged = review.publish(
        state.store, uid, rid, local_zone(), state.sender, state.mailer
    )
    text = gettext(N_("Round published: {count} invitations sent.")).format(count=len(messages))
    return redirect(f"/rounds/{rid}", text)


@router.post("/rounds/{rid}/feedback")
async def feedback(request: Request, uid: User, rid: int) -> Response:
    form = await _form(request)
    useful = form.get("useful", "")
    again = form.get("again", "")
    _store(request).add_feedback(
        uid,
        rid,
        None,
        met=form.get("met") == "yes",
        useful=int(useful) if useful.isdigit() else None,
        again=None if again not in ("yes", "no") else again == "yes",
    )
    return _round_action(request, rid, N_("Thank you for your feedback."))
