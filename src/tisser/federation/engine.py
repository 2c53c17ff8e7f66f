"""The Spark session of a federation job, and the errors a user can meet starting it.

Spark needs a Java runtime and, for ``spark://`` masters, a reachable master: both are
checked before Spark is started, so the user reads one clear message saying what to
install or fix rather than a Java stack trace (a standalone client would otherwise retry an
unreachable master for a minute). PostgreSQL's JDBC driver comes from Debian's
``libpostgresql-jdbc-java`` (``/usr/share/java/postgresql.jar``), passed as ``spark.jars``:
nothing is downloaded at run time.
"""

from __future__ import annotations

import os
import shutil
import socket
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from tisser.core.errors import N_, InvalidInput, TisserError

JDBC_JAR = Path("/usr/share/java/postgresql.jar")
DEFAULT_MASTER = "local[*]"


class SparkUnavailable(TisserError):
    """Spark cannot run here: no Java, no pyspark, or a master out of reach."""

    exit_code = 3


def java_path() -> str | None:
    """The ``java`` Spark will run: ``$JAVA_HOME/bin/java``, else the one on PATH."""
    home = os.environ.get("JAVA_HOME", "").strip()
    if home and (Path(home) / "bin" / "java").exists():
        return str(Path(home) / "bin" / "java")
    return shutil.which("java")


def check_master(master: str, timeout: float = 5.0) -> None:
    """A ``spark://host:port`` master must answer on its port (other masters: Spark's job).

    An empty master is Spark's own configuration (``spark-submit --master``, else local).
    """
    if not master:
        return
    if not master.startswith("spark://"):
        if not (master.startswith("local") or master in ("yarn",) or master.startswith("k8s://")):
            raise InvalidInput(N_("unknown Spark master {master!r}"),
                               hint=N_("use local[*], spark://host:7077, yarn or k8s://…"),
                               master=master)  # fmt: skip
        return
    for hostport in master[len("spark://") :].split(","):
        parsed = urlparse(f"//{hostport}")
        try:
            with socket.create_connection((parsed.hostname or "", parsed.port or 7077), timeout):
                return
        except OSError:
            continue
    raise SparkUnavailable(
        N_("the Spark master {master} cannot be reached"),
        hint=N_("start it (sbin/start-master.sh) or check the address; --spark local[*] runs "
                "on this machine"), master=master,
    )  # fmt: skip


@contextmanager
def session(master: str = DEFAULT_MASTER) -> Iterator[Any]:
    """A Spark session for one command, stopped after it unless it was already running."""
    try:
        from pyspark.sql import SparkSession
    except ImportError:
        running = None  # start() says what to install
    else:
        running = SparkSession.getActiveSession()
    spark = start(master) if running is None else running
    if running is None:
        spark.sparkContext.setLogLevel("ERROR")
    try:
        yield spark
    finally:
        if running is None:
            spark.stop()


def start(
    master: str = DEFAULT_MASTER, app: str = "tisser federation", conf: dict[str, str] | None = None
) -> Any:
    """A SparkSession on ``master``, with the JDBC driver; SparkUnavailable when it cannot run."""
    check_master(master)
    try:
        from pyspark.sql import SparkSession
    except ImportError as exc:
        raise SparkUnavailable(
            N_("pyspark is not installed"),
            hint=N_("install the federation extra: pip install 'tisser[federation]'"),
        ) from exc
    if java_path() is None:
        raise SparkUnavailable(
            N_("Spark needs a Java runtime, and none was found"),
            hint=N_("install one (Debian: apt install default-jre-headless) or set JAVA_HOME"),
        )
    # The executors' Python is this one (its packages, tisser among them), unless set.
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    builder = SparkSession.builder if not master else SparkSession.builder.master(master)
    builder = (
        builder.appName(app)
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.sql.execution.arrow.pyspark.enabled", "true")
        .config("spark.sql.session.timeZone", "UTC")
    )
    if JDBC_JAR.exists():
        builder = builder.config("spark.jars", str(JDBC_JAR))
    for key, value in (conf or {}).items():
        builder = builder.config(key, value)
    try:
        return builder.getOrCreate()
    except Exception as exc:  # Py4J and Java errors: say it in one line
        raise SparkUnavailable(
            N_("Spark could not start: {reason}"),
            hint=N_("check the Java runtime (java -version) and the master"),
            reason=str(exc).strip().splitlines()[0][:300]
            if str(exc).strip()
            else type(exc).__name__,
        ) from exc
