"""The community server: many users, accounts and sessions, one app (``tisser serve
--community``). Built on the personal web application's rendering, CSRF, i18n and error
pages; every community read goes through the store's role checks."""
