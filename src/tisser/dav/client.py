"""A CardDAV client: the requests a sync needs, and one clear error per way they fail.

HTTP goes through the ``caldav`` package's DAV client (maintained, used by many calendar
tools; it brings authentication, TLS and connection reuse); the XML it returns is read
with ``defusedxml`` so a hostile server cannot blow up the parser.

- :meth:`CardDav.discover`: RFC 6352 §6 — ``/.well-known/carddav``, then
  ``current-user-principal``, then ``addressbook-home-set``, then the address books in it;
- :meth:`CardDav.changes`: RFC 6578 ``sync-collection`` from the last token; a server
  without it (or that refuses the token) is listed with ``getetag`` instead, and the caller
  compares ETags: requests grow with the changes either way, the listing aside;
- :meth:`CardDav.fetch`: ``addressbook-multiget`` of the changed cards, 100 per request;
- :meth:`CardDav.put` with ``If-Match`` (or ``If-None-Match: *`` for a new card), so a
  card someone else changed in between is never overwritten (412: :class:`Changed`);
- :meth:`CardDav.delete`, with ``If-Match`` likewise.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urljoin, urlsplit
from xml.etree.ElementTree import Element

from defusedxml import ElementTree

from tisser.core.errors import N_, TisserError

D = "{DAV:}"
C = "{urn:ietf:params:xml:ns:carddav}"
CS = "{http://calendarserver.org/ns/}"
MULTIGET = 100
TIMEOUT = 30


class DavError(TisserError):
    """A request to the CardDAV server failed; the message says how and what to do."""


class Changed(DavError):
    """412: the card changed on the server since it was read (someone else edited it)."""


@dataclass(frozen=True)
class Book:
    url: str
    name: str


@dataclass
class Changes:
    """What changed in a book since ``token``: hrefs to fetch (with their ETags), hrefs
    gone; ``listed`` when the server gave its whole listing instead (no sync-collection)."""

    token: str
    changed: dict[str, str] = field(default_factory=dict)
    deleted: set[str] = field(default_factory=set)
    listed: bool = False


def _xml(text: str | bytes, url: str) -> Element:
    try:
        root: Element = ElementTree.fromstring(
            text.encode("utf-8") if isinstance(text, str) else text
        )
    except Exception as exc:  # ParseError, or defusedxml's refusals of entities
        raise DavError(
            N_("the server's answer is not WebDAV XML: {url}"),
            hint=N_("check the address: it must be the CardDAV address of your server"),
            url=url,
        ) from exc
    return root


def _href_of(response: Element) -> str:
    return (response.findtext(f"{D}href") or "").strip()


def _props(response: Element) -> dict[str, Element]:
    """The properties a <response> found (status 200), by tag."""
    out: dict[str, Element] = {}
    for stat in response.findall(f"{D}propstat"):
        if " 200 " not in (stat.findtext(f"{D}status") or " 200 "):
            continue
        prop = stat.find(f"{D}prop")
        if prop is not None:
            for child in prop:
                out[child.tag] = child
    return out


class CardDav:
    """One server, one user; ``password`` is held only for this object's life."""

    media_type = "text/vcard; charset=utf-8"  # what :meth:`put` sends
    # the multiget of :meth:`fetch`: its report, namespace and data property (CalDAV's differ)
    multiget = ("addressbook-multiget", "urn:ietf:params:xml:ns:carddav", "address-data")

    def __init__(self, url: str, username: str, password: str, *, timeout: int = TIMEOUT) -> None:
        from caldav.davclient import DAVClient

        if urlsplit(url).scheme not in ("http", "https"):
            raise DavError(
                N_("not a web address: {url}"),
                hint=N_("give the server's address, starting with https://"),
                url=url,
            )
        self.url = url
        self.requests = 0  # how many HTTP requests this client made (the bench prints it)
        options = {"username": username, "password": password, "timeout": timeout}
        self._negotiating = lambda: DAVClient(url, **options)  # type: ignore[arg-type]
        # Basic sent at once where the line is safe (TLS or this machine): a first request
        # without credentials gets a 401, and servers such as Radicale wait a second before
        # answering one. A server that wants Digest refuses it: then it is negotiated.
        self._preemptive = _safe_line(url)
        self._client = (
            DAVClient(url, auth_type="basic", **options)  # type: ignore[arg-type]
            if self._preemptive
            else self._negotiating()
        )

    # --- HTTP ---------------------------------------------------------------------------

    def _request(
        self, url: str, method: str, body: str = "", headers: dict[str, str] | None = None
    ) -> Any:
        self.requests += 1
        try:
            response = self._client.request(url, method, body, headers or {})
        except Exception as exc:  # the HTTP library's errors: classified by their kind
            error = _network_error(exc, url)
            if not (self._preemptive and _refused(error)):
                raise error from exc
            response = None
        if self._preemptive and (response is None or int(response.status) == 401):
            self._preemptive = False  # Basic refused: let the server say what it wants
            self._client = self._negotiating()
            return self._request(url, method, body, headers)
        status = int(response.status)
        if status == 401:
            raise DavError(
                N_("the server refused the user name or password"),
                hint=N_("check them; with iCloud, Google or Fastmail use an app password"),
            )
        if status == 412:
            raise Changed(N_("the card changed on the server meanwhile: {url}"), url=url)
        if status >= 500:
            raise DavError(
                N_("the server failed ({status}): {url}"),
                hint=N_("try again later; nothing was lost"),
                status=status,
                url=url,
            )
        return response

    def _xml_request(self, url: str, method: str, body: str, depth: str) -> Element:
        headers = {"Depth": depth, "Content-Type": "application/xml; charset=utf-8"}
        response = self._request(url, method, body, headers)
        if int(response.status) != 207:
            raise _not_dav(url, int(response.status))
        return _xml(response.raw, url)

    # --- discovery ----------------------------------------------------------------------

    def discover(self) -> list[Book]:
        """The address books of the user at this server (the URL may already be one)."""
        body = (
            '<?xml version="1.0"?><d:propfind xmlns:d="DAV:" '
            'xmlns:c="urn:ietf:params:xml:ns:carddav">'
            "<d:prop><d:resourcetype/><d:displayname/><d:current-user-principal/>"
            "<c:addressbook-home-set/></d:prop></d:propfind>"
        )
        start = self.url
        root = self._xml_request(start, "PROPFIND", body, "0")
        books = self._books_in(root, start)
        if books:
            return books
        props = _props(root.find(f"{D}response") or Element("x"))
        principal = props.get(f"{D}current-user-principal")
        if principal is None and urlsplit(start).path in ("", "/"):
            well_known = urljoin(start, "/.well-known/carddav")
            root = self._xml_request(well_known, "PROPFIND", body, "0")
            props = _props(root.find(f"{D}response") or Element("x"))
            principal = props.get(f"{D}current-user-principal")
        home = props.get(f"{C}addressbook-home-set")
        if home is None and principal is not None:
            target = urljoin(start, principal.findtext(f"{D}href") or "")
            root = self._xml_request(target, "PROPFIND", body, "0")
            home = _props(root.find(f"{D}response") or Element("x")).get(f"{C}addressbook-home-set")
        if home is None:
            raise DavError(
                N_("no address book found at {url}"),
                hint=N_("give your server's CardDAV address (see the list in the documentation)"),
                url=start,
            )
        home_url = urljoin(start, home.findtext(f"{D}href") or "")
        return self._books_in(self._xml_request(home_url, "PROPFIND", body, "1"), home_url)

    def _books_in(self, root: Element, base: str) -> list[Book]:
        books = []
        for response in root.findall(f"{D}response"):
            props = _props(response)
            kind = props.get(f"{D}resourcetype")
            if kind is not None and kind.find(f"{C}addressbook") is not None:
                url = urljoin(base, _href_of(response))
                name = (props[f"{D}displayname"].text or "") if f"{D}displayname" in props else ""
                books.append(
                    Book(url, name.strip() or urlsplit(url).path.rstrip("/").rsplit("/", 1)[-1])
                )
        return books

    # --- changes and cards --------------------------------------------------------------

    def changes(self, book: str, token: str) -> Changes:
        """What changed since ``token`` ("" the first time)."""
        body = (
            '<?xml version="1.0"?><d:sync-collection xmlns:d="DAV:">'
            f"<d:sync-token>{_escape(token)}</d:sync-token><d:sync-level>1</d:sync-level>"
            "<d:prop><d:getetag/></d:prop></d:sync-collection>"
        )
        try:
            response = self._request(
                book,
                "REPORT",
                body,
                {"Depth": "1", "Content-Type": "application/xml; charset=utf-8"},
            )
        except Changed:
            response = None
        except DavError as exc:  # 501 Not Implemented: a server without RFC 6578
            if exc.params.get("status") not in (500, 501):
                raise
            response = None
        if response is None or int(response.status) != 207:
            return self._listing(book)  # no sync-collection here, or the token is refused
        root = _xml(response.raw, book)
        out = Changes(token=(root.findtext(f"{D}sync-token") or "").strip())
        for r in root.findall(f"{D}response"):
            href = urljoin(book, _href_of(r))
            if href.rstrip("/") == book.rstrip("/"):
                continue
            status = r.findtext(f"{D}status") or ""
            etag = _props(r).get(f"{D}getetag")
            if " 404 " in status:
                out.deleted.add(href)
            elif etag is not None:
                out.changed[href] = (etag.text or "").strip()
        return out

    def _listing(self, book: str) -> Changes:
        body = (
            '<?xml version="1.0"?><d:propfind xmlns:d="DAV:">'
            "<d:prop><d:getetag/></d:prop></d:propfind>"
        )
        root = self._xml_request(book, "PROPFIND", body, "1")
        out = Changes(token="", listed=True)
        for r in root.findall(f"{D}response"):
            href = urljoin(book, _href_of(r))
            etag = _props(r).get(f"{D}getetag")
            if href.rstrip("/") != book.rstrip("/") and etag is not None:
                out.changed[href] = (etag.text or "").strip()
        return out

    def fetch(self, book: str, hrefs: list[str]) -> dict[str, tuple[str, str]]:
        """``{href: (etag, card text)}`` of ``hrefs``; a card the server lost is left out."""
        out: dict[str, tuple[str, str]] = {}
        for start in range(0, len(hrefs), MULTIGET):
            chunk = hrefs[start : start + MULTIGET]
            refs = "".join(f"<d:href>{_escape(urlsplit(h).path)}</d:href>" for h in chunk)
            report, ns, prop = self.multiget
            body = (
                f'<?xml version="1.0"?><c:{report} xmlns:d="DAV:" xmlns:c="{ns}"><d:prop>'
                f"<d:getetag/><c:{prop}/></d:prop>{refs}</c:{report}>"
            )
            root = self._xml_request(book, "REPORT", body, "1")
            for r in root.findall(f"{D}response"):
                props = _props(r)
                data = props.get(f"{{{ns}}}{prop}")
                if data is None:
                    continue
                etag = props.get(f"{D}getetag")
                out[urljoin(book, _href_of(r))] = (
                    (etag.text or "").strip() if etag is not None else "",
                    data.text or "",
                )
        return out

    def put(self, href: str, text: str, etag: str | None) -> str:
        """Write a card; ``etag`` None: a new one. The new ETag ("" when the server gives
        none: the next sync reads it)."""
        headers = {"Content-Type": self.media_type}
        headers["If-Match" if etag else "If-None-Match"] = etag or "*"
        response = self._request(href, "PUT", text, headers)
        if int(response.status) not in (200, 201, 204):
            raise _not_dav(href, int(response.status))
        return (response.headers.get("ETag") or "").strip()

    def delete(self, href: str, etag: str) -> None:
        response = self._request(href, "DELETE", "", {"If-Match": etag} if etag else {})
        if int(response.status) not in (200, 204, 404):
            raise _not_dav(href, int(response.status))


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _not_dav(url: str, status: int) -> DavError:
    return DavError(
        N_("{url} did not answer as a CardDAV server (HTTP {status})"),
        hint=N_("check the address: it must be the CardDAV address of your server"),
        url=url,
        status=status,
    )


def _safe_line(url: str) -> bool:
    """Whether credentials may travel before the server asks: over TLS, or to this machine."""
    parts = urlsplit(url)
    return parts.scheme == "https" or parts.hostname in ("localhost", "127.0.0.1", "::1")


def _refused(error: DavError) -> bool:
    return error.message == _REFUSED


_REFUSED = N_("the server refused the user name or password")


def _network_error(exc: Exception, url: str) -> DavError:
    kind = type(exc).__name__.lower() + " " + str(exc).lower()
    host = urlsplit(url).netloc
    if "authorization" in kind or "401" in kind:  # caldav raises on 401 itself
        return DavError(
            N_("the server refused the user name or password"),
            hint=N_("check them; with iCloud, Google or Fastmail use an app password"),
        )
    if "ssl" in kind or "certificate" in kind or "tls" in kind:
        return DavError(
            N_("the secure connection to {host} failed (TLS certificate)"),
            hint=N_("check the address; a server with its own certificate needs it installed"),
            host=host,
        )
    if "timeout" in kind or "timed out" in kind:
        return DavError(
            N_("{host} did not answer in time"),
            hint=N_("try again later; nothing was lost"),
            host=host,
        )
    return DavError(
        N_("cannot reach {host}: the connection failed or was cut"),
        hint=N_("check the address and your connection, then sync again; nothing was lost"),
        host=host,
    )
