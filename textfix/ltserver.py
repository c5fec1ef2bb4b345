"""A LanguageTool server of textfix's own: its jars fetched from Maven Central, started on
127.0.0.1, found again by later runs, stopped by its process id.

`textfix languagetool fetch|start|stop|status|url`. Only `fetch` (and `start`, which
fetches first) reaches the network, through Maven, and only Maven Central. The jars and
the server's state (process id, URL, log) live in the user cache folder, so a server
started in one terminal is found by `--grammar languagetool` in another without a URL.

Environment: TEXTFIX_LT_VERSION (default 6.8, falling back to 6.7), TEXTFIX_LT_HOME (the
jars; default <cache>/languagetool-<version>), TEXTFIX_LT_RUN (the state; default
<home>/run), TEXTFIX_LT_START_TIMEOUT (seconds, default 60), TEXTFIX_LT_JAVA_OPTS (default
-Xmx1g), TEXTFIX_LT_WARMUP=0 (skip the first check that loads English, about 4 s).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shlex
import shutil
import signal
import socket
import subprocess
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from textfix.cache import cache_dir

DEFAULT_VERSION = "6.8"
FALLBACK_VERSION = "6.7"
MAIN_CLASS = "org.languagetool.server.HTTPServer"

# English is what textfix checks. The server also needs Spanish, Catalan and Portuguese to
# start at all: its language identifier looks them up in a static initialiser and
# HTTPServer dies with "'es' is not a language code known to LanguageTool" without them.
POM = """<?xml version="1.0" encoding="UTF-8"?>
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>textfix</groupId>
  <artifactId>textfix-languagetool-fetch</artifactId>
  <version>1</version>
  <packaging>pom</packaging>
  <properties>
    <lt.version>6.8</lt.version>
    <project.build.sourceEncoding>UTF-8</project.build.sourceEncoding>
  </properties>
  <dependencies>
    <dependency>
      <groupId>org.languagetool</groupId>
      <artifactId>languagetool-server</artifactId>
      <version>${lt.version}</version>
      <exclusions>
        <exclusion><groupId>org.languagetool</groupId><artifactId>language-all</artifactId></exclusion>
      </exclusions>
    </dependency>
    <dependency><groupId>org.languagetool</groupId><artifactId>language-en</artifactId><version>${lt.version}</version></dependency>
    <dependency><groupId>org.languagetool</groupId><artifactId>language-es</artifactId><version>${lt.version}</version></dependency>
    <dependency><groupId>org.languagetool</groupId><artifactId>language-ca</artifactId><version>${lt.version}</version></dependency>
    <dependency><groupId>org.languagetool</groupId><artifactId>language-pt</artifactId><version>${lt.version}</version></dependency>
  </dependencies>
  <build>
    <plugins>
      <plugin>
        <groupId>org.apache.maven.plugins</groupId>
        <artifactId>maven-dependency-plugin</artifactId>
        <version>3.8.1</version>
      </plugin>
    </plugins>
  </build>
</project>
"""

SERVER_PROPERTIES = "maxTextLength=50000\nmaxCheckThreads=2\ncacheSize=1000\npipelineCaching=true\n"


class ServerError(Exception):
    """A fetch, start or stop that failed; the message is one line (a log tail may follow)."""


@dataclass(frozen=True)
class Server:
    pid: int
    url: str
    version: str
    log: Path


def version() -> str:
    return os.environ.get("TEXTFIX_LT_VERSION") or DEFAULT_VERSION


def home(for_version: str | None = None) -> Path:
    if os.environ.get("TEXTFIX_LT_HOME"):
        return Path(os.environ["TEXTFIX_LT_HOME"])
    return cache_dir() / f"languagetool-{for_version or version()}"


def run_dir() -> Path:
    return Path(os.environ.get("TEXTFIX_LT_RUN") or home() / "run")


def _state_file() -> Path:
    return run_dir() / "server.json"


@contextlib.contextmanager
def _locked() -> Iterator[None]:
    """One fetch, start or stop at a time (parallel test workers, two terminals)."""
    import fcntl

    folder = run_dir()
    folder.mkdir(parents=True, exist_ok=True)
    with open(folder / ".lock", "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        yield


# Fetching -----------------------------------------------------------------------------


def _fetch_key(lt_version: str) -> str:
    return f"{lt_version} {hashlib.sha256(POM.encode()).hexdigest()}"


def _jars_present(folder: Path, lt_version: str) -> bool:
    complete = folder / ".complete"
    lib = folder / "lib"
    return (
        complete.is_file()
        and complete.read_text().strip() == _fetch_key(lt_version)
        and any(lib.glob("languagetool-server-*.jar"))
        and any(lib.glob("language-en-*.jar"))
    )


def _mvn_copy(lt_version: str, folder: Path) -> bool:
    if shutil.which("mvn") is None:
        raise ServerError("mvn not found: Maven is needed to fetch LanguageTool from Maven Central")
    pom = folder / "pom.xml"
    pom.write_text(POM)
    target = folder / "lib.tmp"
    shutil.rmtree(target, ignore_errors=True)
    command = [
        "mvn",
        "-B",
        "-q",
        "-f",
        str(pom),
        f"-Dlt.version={lt_version}",
        "-DincludeScope=runtime",
        f"-DoutputDirectory={target}",
        "dependency:copy-dependencies",
    ]
    with open(folder / f"fetch-{lt_version}.log", "wb") as log:
        done = subprocess.run(command, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
    return done.returncode == 0 and any(target.glob("languagetool-server-*.jar"))


def fetch() -> Path:
    """The folder of the server's jars, fetched from Maven Central unless already complete."""
    for lt_version in dict.fromkeys((version(), FALLBACK_VERSION)):
        folder = home(lt_version)
        if _jars_present(folder, lt_version):
            return folder / "lib"
        folder.mkdir(parents=True, exist_ok=True)
        if _mvn_copy(lt_version, folder):
            shutil.rmtree(folder / "lib", ignore_errors=True)
            (folder / "lib.tmp").rename(folder / "lib")
            (folder / "VERSION").write_text(lt_version + "\n")
            (folder / ".complete").write_text(_fetch_key(lt_version) + "\n")
            return folder / "lib"
    raise ServerError(f"fetching LanguageTool {version()} from Maven Central failed; see {home()}/fetch-*.log")


# Finding and checking a server --------------------------------------------------------


def _is_ours(pid: int) -> bool:
    """The process is alive and is a LanguageTool server, not a recycled process id."""
    try:
        os.kill(pid, 0)
    except (ProcessLookupError, PermissionError):
        return False
    try:
        return MAIN_CLASS.encode() in Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return True  # no /proc (not Linux): the live pid is all there is to go on


def running() -> Server | None:
    """The server a `start` left running, or None."""
    try:
        state = json.loads(_state_file().read_text())
        server = Server(int(state["pid"]), str(state["url"]), str(state["version"]), Path(state["log"]))
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return server if _is_ours(server.pid) else None


def _opener() -> urllib.request.OpenerDirector:
    return urllib.request.build_opener(urllib.request.ProxyHandler({}))  # never a proxy for 127.0.0.1


def healthy(url: str, timeout: float = 2.0) -> bool:
    try:
        with _opener().open(f"{url}/v2/healthcheck", timeout=timeout) as answer:
            status: int = answer.status  # typeshed types the response as Any
            return 200 <= status < 300
    except OSError:
        return False


def _owns_port(pid: int, port: int) -> bool:
    """The process holds the listening socket, so the health check's answer is its own."""
    if not os.path.isdir(f"/proc/{pid}/fd"):
        return True
    inodes = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        with contextlib.suppress(OSError), open(table) as rows:
            next(rows)
            for row in rows:
                fields = row.split()
                if fields[3] == "0A" and int(fields[1].rsplit(":", 1)[1], 16) == port:
                    inodes.add(f"socket:[{fields[9]}]")
    with contextlib.suppress(OSError):
        for fd in os.listdir(f"/proc/{pid}/fd"):
            with contextlib.suppress(OSError):
                if os.readlink(f"/proc/{pid}/fd/{fd}") in inodes:
                    return True
    return False


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _warm_up(url: str, timeout: float) -> None:
    """The first check of a language loads its rules (about 4 s for English); pay it here."""
    data = urllib.parse.urlencode({"language": "en-US", "text": "This are a warm-up text."}).encode()
    with contextlib.suppress(OSError), _opener().open(f"{url}/v2/check", data=data, timeout=timeout):
        pass


# Starting and stopping -----------------------------------------------------------------


def _java() -> str:
    java = os.path.join(os.environ["JAVA_HOME"], "bin", "java") if os.environ.get("JAVA_HOME") else "java"
    if shutil.which(java) is None:
        raise ServerError("java not found: LanguageTool needs Java 17 or newer")
    return java


def _kill(pid: int) -> None:
    for sig, tries in ((signal.SIGTERM, 50), (signal.SIGKILL, 20)):
        try:
            os.kill(pid, sig)
        except ProcessLookupError:
            return
        for _ in range(tries):
            with contextlib.suppress(ChildProcessError):
                os.waitpid(pid, os.WNOHANG)
            if not _is_ours(pid):
                return
            time.sleep(0.1)


def _log_tail(log: Path, lines: int = 40) -> str:
    with contextlib.suppress(OSError):
        return "\n".join(log.read_text(errors="replace").splitlines()[-lines:])
    return ""


def _try_start(lib: Path, port: int, timeout: float) -> Server | None:
    folder = run_dir()
    log = folder / "server.log"
    properties = folder / "server.properties"
    properties.write_text(SERVER_PROPERTIES)
    lt_version = (lib.parent / "VERSION").read_text().strip() if (lib.parent / "VERSION").is_file() else version()
    command = [
        _java(),
        *shlex.split(os.environ.get("TEXTFIX_LT_JAVA_OPTS", "-Xmx1g")),
        "-Djava.net.preferIPv4Stack=true",
        "-cp",
        f"{lib}/*",
        MAIN_CLASS,
        "--config",
        str(properties),
        "--port",
        str(port),
        "--allow-origin",
    ]
    with open(log, "ab") as out:
        out.write(f"=== starting LanguageTool {lt_version} on 127.0.0.1:{port}\n".encode())
        # Without --public the server listens on localhost only. A session of its own keeps a
        # Ctrl-C in the caller's terminal from stopping it.
        process = subprocess.Popen(
            command, stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )
    server = Server(process.pid, f"http://127.0.0.1:{port}", lt_version, log)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            return None
        if _owns_port(process.pid, port) and healthy(server.url):
            if os.environ.get("TEXTFIX_LT_WARMUP", "1") != "0":
                _warm_up(server.url, timeout)
            _state_file().write_text(json.dumps({**server.__dict__, "log": str(log)}))
            return server
        time.sleep(0.25)
    _kill(process.pid)
    raise ServerError(f"LanguageTool did not become healthy within {timeout:g} s; log ({log}):\n{_log_tail(log)}")


def start(port: int | None = None) -> Server:
    """Start a server (or find the one running) and return it."""
    timeout = float(os.environ.get("TEXTFIX_LT_START_TIMEOUT", "60"))
    with _locked():
        server = running()
        if server is not None:
            return server
        lib = fetch()
        for _attempt in range(3):
            server = _try_start(lib, port or _free_port(), timeout)
            if server is not None:
                return server
            if port:  # a port that was asked for is not swapped for another
                break
    log = run_dir() / "server.log"
    raise ServerError(f"LanguageTool exited during start-up; log ({log}):\n{_log_tail(log)}")


def stop() -> Server | None:
    """Stop the server `start` left running; None when there was none."""
    with _locked():
        server = running()
        if server is not None:
            _kill(server.pid)
            if _is_ours(server.pid):
                raise ServerError(f"could not stop LanguageTool (pid {server.pid})")
        with contextlib.suppress(FileNotFoundError):
            _state_file().unlink()
        return server
