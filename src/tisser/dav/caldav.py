"""A CalDAV client for the plan's calendar: the CardDAV client's HTTP, errors and
``If-Match`` writes, with CalDAV's discovery and multiget (RFC 4791).

- :meth:`CalDav.calendars`: ``/.well-known/caldav``, ``current-user-principal``,
  ``calendar-home-set``, then the calendars in it with the components each accepts
  (``supported-calendar-component-set``); the URL may already be a calendar;
- :meth:`CalDav.listing`: every resource's href and ETag (a plan calendar holds a few
  dozen);
- :meth:`CalDav.fetch`: ``calendar-multiget`` of the hrefs that changed;
- ``put`` and ``delete`` are the CardDAV client's, sending ``text/calendar``.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit
from xml.etree.ElementTree import Element

from tisser.core.errors import N_
from tisser.dav.client import CardDav, DavError, _href_of, _props

D = "{DAV:}"
CAL = "{urn:ietf:params:xml:ns:caldav}"
ALL_COMPONENTS = frozenset({"VEVENT", "VTODO", "VJOURNAL"})
PROPFIND = (
    '<?xml version="1.0"?><d:propfind xmlns:d="DAV:" xmlns:c="urn:ietf:params:xml:ns:caldav">'
    "<d:prop><d:resourcetype/><d:displayname/><d:current-user-principal/>"
    "<c:calendar-home-set/><c:supported-calendar-component-set/></d:prop></d:propfind>"
)


@dataclass(frozen=True)
class Calendar:
    url: str
    name: str
    components: frozenset[str] = ALL_COMPONENTS

    @property
    def tasks(self) -> bool:
        """Whether the calendar takes tasks (VTODO)."""
        return "VTODO" in self.components


def _first(root: Element) -> dict[str, Element]:
    return _props(root.find(f"{D}response") or Element("x"))


CARDDAV_HINT = "check the address: it must be the CardDAV address of your server"


def _recast(exc: DavError) -> DavError:
    """The CardDAV client's "not a CardDAV server" errors, said of CalDAV."""
    if exc.hint != CARDDAV_HINT:
        return exc
    if "status" in exc.params:
        message = N_("{url} did not answer as a CalDAV server (HTTP {status})")
    else:
        message = N_("the server's answer is not WebDAV XML: {url}")
    return DavError(
        message, hint=N_("check the address: it must be the CalDAV address of your server"),
        **exc.params,
    )  # fmt: skip


class CalDav(CardDav):
    """One CalDAV server, one user (see :class:`~tisser.dav.client.CardDav`)."""

    media_type = "text/calendar; charset=utf-8"
    multiget = ("calendar-multiget", "urn:ietf:params:xml:ns:caldav", "calendar-data")

    def _xml_request(self, url: str, method: str, body: str, depth: str) -> Element:
        try:
            return super()._xml_request(url, method, body, depth)
        except DavError as exc:
            raise _recast(exc) from exc

    def put(self, href: str, text: str, etag: str | None) -> str:
        try:
            return super().put(href, text, etag)
        except DavError as exc:
            raise _recast(exc) from exc

    def calendars(self) -> list[Calendar]:
        """The user's calendars at this server (the URL may already be one)."""
        start = self.url
        root = self._xml_request(start, "PROPFIND", PROPFIND, "0")
        found = self._calendars_in(root, start)
        if found:
            return found
        props = _first(root)
        principal = props.get(f"{D}current-user-principal")
        if principal is None and urlsplit(start).path in ("", "/"):
            props = _first(
                self._xml_request(urljoin(start, "/.well-known/caldav"), "PROPFIND", PROPFIND, "0")
            )
            principal = props.get(f"{D}current-user-principal")
        home = props.get(f"{CAL}calendar-home-set")
        if home is None and principal is not None:
            target = urljoin(start, principal.findtext(f"{D}href") or "")
            home = _first(self._xml_request(target, "PROPFIND", PROPFIND, "0")).get(
                f"{CAL}calendar-home-set"
            )
        if home is None:
            raise DavError(
                N_("no calendar found at {url}"),
                hint=N_("give your server's CalDAV address (see the list in the documentation)"),
                url=start,
            )
        home_url = urljoin(start, home.findtext(f"{D}href") or "")
        return self._calendars_in(self._xml_request(home_url, "PROPFIND", PROPFIND, "1"), home_url)

    def _calendars_in(self, root: Element, base: str) -> list[Calendar]:
        out = []
        for response in root.findall(f"{D}response"):
            props = _props(response)
            kind = props.get(f"{D}resourcetype")
            if kind is None or kind.find(f"{CAL}calendar") is None:
                continue
            url = urljoin(base, _href_of(response))
            name = (props[f"{D}displayname"].text or "") if f"{D}displayname" in props else ""
            comps = props.get(f"{CAL}supported-calendar-component-set")
            names = frozenset(
                (c.get("name") or "").upper() for c in comps or [] if c.tag == f"{CAL}comp"
            )
            out.append(
                Calendar(
                    url,
                    name.strip() or urlsplit(url).path.rstrip("/").rsplit("/", 1)[-1],
                    names or ALL_COMPONENTS,
                )
            )
        return out

    def listing(self, calendar: str) -> dict[str, str]:
        """``{href: etag}`` of every resource in the calendar."""
        return self._listing(calendar).changed
