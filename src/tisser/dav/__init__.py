"""WebDAV address books (CardDAV, RFC 6352) spoken over HTTP: discovery, changes, cards."""
