"""Build the environment Binder builds for this repository, without Docker, and serve it.

mybinder.org builds an image with repo2docker. For this repository (``runtime.txt``,
``requirements.txt``, ``pyproject.toml``, ``postBuild``) repo2docker

1. creates a conda environment from *its own* frozen lock file for the Python of
   ``runtime.txt`` (JupyterLab, Notebook, Jupyter Server, ipykernel... at fixed versions);
2. runs ``pip install -r requirements.txt`` and ``pip install .`` in it;
3. copies the repository into the image's ``$HOME`` and runs ``postBuild`` there.

:func:`plan` asks the installed repo2docker which lock file, pip commands and
``postBuild`` those are (its ``PythonBuildPack``, the code that writes the
Dockerfile), and :func:`build` replays them in a virtual environment: the Python
packages of the lock at the lock's versions, from PyPI and without dependencies
(the lock is complete; its non-Python packages, such as nodejs or openssl, are
skipped), then the pip commands and ``postBuild`` unchanged, with ``$HOME`` a copy
of the repository. Base versions are therefore never typed anywhere: a newer
repo2docker brings its newer lock.

The environment is cached under ``<cache>/<key>`` (:data:`DEFAULT_CACHE`:
``~/.cache/kingpin-book/binder-env``), ``key`` a hash of the lock and of the repository
files the build reads, so a second run only refreshes the copy of the
repository and runs ``postBuild`` again. :func:`jupyter_server` starts the server
Binder would start on 127.0.0.1.

Command line::

    python -m booktools.binder build [--cache DIR]   # prints install time and size
    python -m booktools.binder serve [--cache DIR]   # then open the printed URL
"""

from __future__ import annotations

import argparse
import contextlib
import fcntl
import hashlib
import json
import os
import re
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

#: The repository (``src/booktools/binder.py`` -> two levels up).
REPO_ROOT = Path(__file__).resolve().parents[2]
#: Default cache of built environments: outside ``_build``, which ``jupyter-book clean``
#: (run by ``make book`` and the tests' book build) empties, and outside the book's folder,
#: which Sphinx walks. ``KINGPIN_BINDER_CACHE`` or ``--cache`` choose another place.
DEFAULT_CACHE = Path(os.environ.get("KINGPIN_BINDER_CACHE")
                     or Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
                     / "kingpin-book" / "binder-env")
#: Bump to invalidate every cached environment when this module changes how it builds.
BUILDER_VERSION = "1"

#: conda-forge names whose PyPI distribution is called otherwise.
CONDA_TO_PYPI: dict[str, str] = {
    "brotli-python": "brotli",
    "nbconvert-core": "nbconvert",
    "python-fastjsonschema": "fastjsonschema",
    "jupyterhub-base": "jupyterhub",
}
#: Files of the repository that decide the environment (their content is part of the cache key).
#: ``pyproject.toml`` is not one: the book's package declares no dependencies, and the steps
#: that install it (``pip install .``, ``postBuild``) run again on every use of the cache.
BUILD_INPUTS: tuple[str, ...] = ("runtime.txt", "postBuild")


@dataclass(frozen=True)
class CondaPackage:
    """One entry of repo2docker's conda lock file."""

    name: str
    version: str
    build: str

    @property
    def is_python(self) -> bool:
        """Python packages carry a ``py...`` build string (``pyhd8ed1ab_0``, ``py311h...``)."""
        return self.build.startswith("py")

    @property
    def pypi_name(self) -> str:
        """The distribution's name on PyPI."""
        return CONDA_TO_PYPI.get(self.name, self.name)


def parse_lock(text: str) -> list[CondaPackage]:
    """Return the packages of a conda-lock ``@EXPLICIT`` file, in install order.

    Examples
    --------
    >>> lock = '''@EXPLICIT
    ... https://conda.anaconda.org/conda-forge/noarch/notebook-7.4.7-pyhd8ed1ab_0.conda#82
    ... https://conda.anaconda.org/conda-forge/linux-64/openssl-3.5.4-h26f9b46_0.conda#f1'''
    >>> [(p.name, p.version, p.is_python) for p in parse_lock(lock)]
    [('notebook', '7.4.7', True), ('openssl', '3.5.4', False)]
    """
    packages = []
    for line in text.splitlines():
        line = line.strip()
        if not line.startswith(("http://", "https://")):
            continue
        filename = line.split("#", 1)[0].rsplit("/", 1)[-1]
        stem = re.sub(r"\.(conda|tar\.bz2)$", "", filename)
        name, version, build = stem.rsplit("-", 2)
        packages.append(CondaPackage(name, version, build))
    return packages


@dataclass(frozen=True)
class Plan:
    """What repo2docker would do with the repository, read from repo2docker itself.

    Attributes
    ----------
    python_version : str
        ``x.y`` from ``runtime.txt``.
    lock : pathlib.Path
        repo2docker's frozen base environment for that Python (inside its package).
    base : list of CondaPackage
        The lock's Python packages, installed from PyPI at the lock's versions.
    skipped : list of CondaPackage
        The lock's other packages (interpreter, C libraries, nodejs): not replayed.
    scripts : list of str
        The shell commands repo2docker runs as the notebook user, in order
        (``pip install -r requirements.txt``, ``pip install .``, ``./postBuild``).
    rerun : list of str
        The commands among ``scripts`` that install the repository itself (``pip install .``)
        or work in ``$HOME`` (``postBuild``): run again on a cached environment, after the
        fresh copy of the repository.
    inputs : dict
        Every file the build reads, relative to the repository, with its SHA-256.
    """

    python_version: str
    lock: Path
    base: list[CondaPackage]
    skipped: list[CondaPackage]
    scripts: list[str]
    rerun: list[str]
    inputs: dict[str, str] = field(default_factory=dict)

    @property
    def key(self) -> str:
        """Cache key: the lock, the inputs and the builder's version."""
        digest = hashlib.sha256(BUILDER_VERSION.encode())
        digest.update(self.lock.read_bytes())
        for name, sha in sorted(self.inputs.items()):
            digest.update(f"{name}\0{sha}\n".encode())
        return digest.hexdigest()[:16]

    def version_of(self, name: str) -> str | None:
        """Return the lock's version of a base package (``"jupyterlab"`` -> ``"4.4.9"``)."""
        for package in self.base:
            if package.pypi_name.lower() == name.lower() or package.name == name:
                return package.version
        return None


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def plan(repo: Path = REPO_ROOT, platform: str = "linux/amd64") -> Plan:
    """Ask repo2docker's ``PythonBuildPack`` what it would build for ``repo``.

    Parameters
    ----------
    repo : pathlib.Path
        The repository (its ``runtime.txt``, ``requirements.txt``, ``postBuild``...).
    platform : str
        Docker platform; mybinder.org builds ``linux/amd64``.

    Raises
    ------
    RuntimeError
        If repo2docker would not use its Python build pack for ``repo``.
    """
    import repo2docker.buildpacks.conda as conda_pack
    from repo2docker.buildpacks import PythonBuildPack

    with contextlib.chdir(repo):  # repo2docker reads the files relative to the cwd
        pack = PythonBuildPack("docker.io/library/buildpack-deps:jammy")
        pack.platform = platform
        if not pack.detect():
            raise RuntimeError(f"repo2docker would not build {repo} with its Python build pack")
        files = pack.get_build_script_files()
        build_env = dict(pack.get_build_env())
        lock_name = next(src for src, dst in files.items()
                         if dst == build_env["NB_ENVIRONMENT_FILE"])
        scripts = [script for user, script in
                   list(pack.get_preassemble_scripts()) + list(pack.get_assemble_scripts())
                   if user == "${NB_USER}"]
        post_build = [f"./{name}" for name in pack.get_post_build_scripts()]
        version = pack.python_version
        requirement_files = re.findall(r'-r "?([^"\s]+)"?', " ".join(scripts))
    lock = Path(conda_pack.HERE).parent / lock_name
    packages = parse_lock(lock.read_text(encoding="utf-8"))
    names = set(BUILD_INPUTS) | set(requirement_files)
    # postBuild may install further requirement files (pip install -r <file>)
    for script in post_build:
        text = (repo / script).read_text(encoding="utf-8", errors="replace")
        names |= set(re.findall(r"-r\s+\"?([\w./-]+)\"?", text))
    inputs = {name: _sha256(repo / name) for name in sorted(names) if (repo / name).is_file()}
    return Plan(
        python_version=version,
        lock=lock,
        base=[p for p in packages if p.is_python],
        skipped=[p for p in packages if not p.is_python],
        scripts=scripts + post_build,
        rerun=[s for s in scripts if not re.search(r"\s-r\s", s)] + post_build,
        inputs=inputs,
    )


def repo_files(repo: Path = REPO_ROOT) -> list[str]:
    """Files Binder would check out: tracked and new files that git does not ignore.

    Uncommitted edits are included (the working tree is what a commit would hold);
    ignored files such as ``_build/`` or ``assignments/*/dist/`` are not.
    """
    out = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
                         cwd=repo, capture_output=True, check=True).stdout.decode()
    return sorted({name for name in out.split("\0") if name and (repo / name).is_file()})


def copy_repo(repo: Path, home: Path) -> int:
    """Replace ``home`` by a copy of the repository's files (as Binder copies it to $HOME)."""
    if home.exists():
        shutil.rmtree(home)
    names = repo_files(repo)
    for name in names:
        target = home / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(repo / name, target)
    return len(names)


@dataclass
class BinderEnv:
    """A built environment.

    Attributes
    ----------
    root : pathlib.Path
        ``<cache>/<key>``.
    prefix : pathlib.Path
        The virtual environment (repo2docker's ``$NB_PYTHON_PREFIX``).
    home : pathlib.Path
        The copy of the repository (the image's ``$HOME``).
    install_seconds : float
        Time the base, requirements and ``postBuild`` took when it was built.
    size_bytes : int
        Size of the environment on disk.
    reused : bool
        True when this run found it in the cache.
    """

    root: Path
    prefix: Path
    home: Path
    install_seconds: float
    size_bytes: int
    reused: bool
    steps: dict[str, float] = field(default_factory=dict)

    @property
    def bin(self) -> Path:
        """The environment's ``bin`` folder."""
        return self.prefix / "bin"

    def environ(self) -> dict[str, str]:
        """Environment variables of the image (``PATH``, ``HOME``, prefixes)."""
        env = {k: v for k, v in os.environ.items()
               if not k.startswith(("VIRTUAL_ENV", "PYTHON", "JUPYTER", "CONDA"))}
        env.update(
            HOME=str(self.home), REPO_DIR=str(self.home), VIRTUAL_ENV=str(self.prefix),
            NB_PYTHON_PREFIX=str(self.prefix), KERNEL_PYTHON_PREFIX=str(self.prefix),
            PATH=f"{self.bin}{os.pathsep}{os.environ.get('PATH', '')}",
        )
        return env

    def summary(self) -> str:
        """One line: install time, size, cache state."""
        state = "reused from cache" if self.reused else "built"
        steps = ", ".join(f"{name} {sec:.0f} s" for name, sec in self.steps.items())
        return (f"Binder environment {state}: install {self.install_seconds:.0f} s"
                f"{f' ({steps})' if steps else ''}, size {self.size_bytes / 1e9:.2f} GB, "
                f"at {self.prefix}")


def dir_size(path: Path) -> int:
    """Bytes used by the files under ``path`` (symbolic links not followed)."""
    total = 0
    for root, _dirs, files in os.walk(path):
        for name in files:
            with contextlib.suppress(OSError):
                total += os.lstat(os.path.join(root, name)).st_size
    return total


def _python_for(version: str) -> str:
    if f"{sys.version_info.major}.{sys.version_info.minor}" == version:
        return sys.executable
    found = shutil.which(f"python{version}")
    if not found:
        raise RuntimeError(f"runtime.txt asks for Python {version}, which is not installed here")
    return found


def _run(command: list[str] | str, env: dict[str, str], cwd: Path, log: Path) -> None:
    with log.open("a") as handle:
        handle.write(f"\n$ {command if isinstance(command, str) else ' '.join(command)}\n")
        handle.flush()
        proc = subprocess.run(command, cwd=cwd, env=env, stdout=handle, stderr=subprocess.STDOUT,
                              shell=isinstance(command, str), executable="/bin/bash"
                              if isinstance(command, str) else None)
    if proc.returncode != 0:
        tail = log.read_text(errors="replace")[-4000:]
        raise RuntimeError(f"Binder build step failed (exit {proc.returncode}): {command}\n{tail}")


def build(repo: Path = REPO_ROOT, cache: Path = DEFAULT_CACHE, *,
          the_plan: Plan | None = None) -> BinderEnv:
    """Build (or reuse) the Binder environment of ``repo`` under ``cache``.

    Parameters
    ----------
    repo : pathlib.Path
        The repository.
    cache : pathlib.Path
        Folder of cached environments, one sub-folder per key.
    the_plan : Plan, optional
        A plan from :func:`plan` (computed if not given).

    Returns
    -------
    BinderEnv
        The environment, its ``$HOME`` (a fresh copy of the repository, ``postBuild``
        run in it), install time and size.
    """
    the_plan = the_plan or plan(repo)
    root = cache / the_plan.key
    prefix, home, stamp = root / "env", root / "home", root / "ready.json"
    log = root / "build.log"
    if stamp.is_file():
        info = json.loads(stamp.read_text())
        copy_repo(repo, home)
        env = BinderEnv(root, prefix, home, info["install_seconds"], info["size_bytes"], True,
                        info.get("steps", {}))
        for script in the_plan.rerun:  # the repository's own install, on the new copy
            _run(script, env.environ(), home, log)
        return env

    shutil.rmtree(root, ignore_errors=True)
    root.mkdir(parents=True)
    copy_repo(repo, home)
    env = BinderEnv(root, prefix, home, 0.0, 0, False)
    steps: dict[str, float] = {}
    start = time.monotonic()
    subprocess.run([_python_for(the_plan.python_version), "-m", "venv", str(prefix)], check=True)
    environ = env.environ()
    pip = [str(env.bin / "python"), "-m", "pip", "install", "--no-cache-dir",
           "--disable-pip-version-check", "--no-deps"]
    first = [p for p in the_plan.base if p.pypi_name == "pip"]
    if first:  # repo2docker's pip runs the requirements: same version here
        _run(pip + [f"pip=={first[0].version}"], environ, home, log)
    _run(pip + [f"{p.pypi_name}=={p.version}" for p in the_plan.base if p.pypi_name != "pip"],
         environ, home, log)
    steps["base"] = time.monotonic() - start
    for script in the_plan.scripts:
        t0 = time.monotonic()
        _run(script, environ, home, log)
        label = "postBuild" if "postBuild" in script else script.split("/bin/")[-1]
        steps[label] = steps.get(label, 0.0) + time.monotonic() - t0
    env.install_seconds = time.monotonic() - start
    env.size_bytes = dir_size(prefix)
    env.steps = {k: round(v, 1) for k, v in steps.items()}
    stamp.write_text(json.dumps({"install_seconds": env.install_seconds,
                                 "size_bytes": env.size_bytes, "steps": env.steps,
                                 "key": the_plan.key, "inputs": the_plan.inputs,
                                 "lock": the_plan.lock.name}, indent=1))
    return env


@contextlib.contextmanager
def using(repo: Path = REPO_ROOT, cache: Path = DEFAULT_CACHE, *,
          the_plan: Plan | None = None) -> Iterator[BinderEnv]:
    """Build or reuse the environment and keep it to this process until the block ends.

    Runs that share a cached environment (two checkouts' test suites, ``make binder``) share
    its ``$HOME`` copy and its editable install too, so they take turns: a second run waits
    here (and says so) until the first one leaves the block.
    """
    the_plan = the_plan or plan(repo)
    cache.mkdir(parents=True, exist_ok=True)
    with (cache / f"{the_plan.key}.lock").open("w") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            print(f"binder: another run is using {cache / the_plan.key}; waiting for it",
                  file=sys.stderr, flush=True)
            fcntl.flock(handle, fcntl.LOCK_EX)
        yield build(repo, cache, the_plan=the_plan)


def free_port() -> int:
    """Return a free TCP port on 127.0.0.1."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass(frozen=True)
class Server:
    """A running Jupyter server of a Binder environment."""

    url: str
    token: str
    root_dir: Path

    def launch_url(self, binder_url: str) -> str:
        """Return the local address of a Binder launch link (its ``urlpath``).

        Examples
        --------
        >>> s = Server("http://127.0.0.1:8888/", "abc", Path("/home"))
        >>> s.launch_url("https://mybinder.org/v2/gh/o/r/main?urlpath=tree/chapters/a.ipynb")
        'http://127.0.0.1:8888/tree/chapters/a.ipynb?token=abc'
        """
        query = parse_qs(urlsplit(binder_url).query)
        urlpath = query.get("urlpath", [""])[0].lstrip("/")
        joiner = "&" if "?" in urlpath else "?"
        return f"{self.url}{urlpath}{joiner}token={self.token}"

    def api(self, path: str, method: str = "GET") -> object:
        """Call ``/api/<path>`` and decode the JSON answer (None if empty)."""
        request = urllib.request.Request(f"{self.url}api/{path.lstrip('/')}", method=method,
                                         headers={"Authorization": f"token {self.token}"})
        with urllib.request.urlopen(request, timeout=30) as answer:
            body = answer.read().decode()
        return json.loads(body) if body else None

    def shutdown_kernels(self) -> int:
        """Shut down every running kernel (a notebook closed in the browser keeps its own)."""
        kernels = self.api("kernels") or []
        for kernel in kernels:  # type: ignore[union-attr]
            with contextlib.suppress(OSError):
                self.api(f"kernels/{kernel['id']}", method="DELETE")
        return len(kernels)  # type: ignore[arg-type]


@contextlib.contextmanager
def jupyter_server(env: BinderEnv, port: int | None = None, log: Path | None = None,
                   extra_args: tuple[str, ...] = ()) -> Iterator[Server]:
    """Start ``jupyter server`` of ``env`` in its ``$HOME`` on 127.0.0.1, as Binder does.

    The server is the one the image's ``jupyter notebook``/``jupyterhub-singleuser``
    command runs, with Notebook 7 and JupyterLab as extensions; a Binder launch
    link's ``urlpath`` (``tree/...``, ``lab/tree/...``) is a path on it. ``extra_args``
    go to its command line (the tests pass ``--JupyterNotebookApp.expose_app_in_browser=True``
    to read the notebook's state from the page).
    """
    port = port or free_port()
    token = secrets.token_hex(16)
    log = log or env.root / "server.log"
    with log.open("w") as handle:
        proc = subprocess.Popen(
            [str(env.bin / "jupyter"), "server", "--no-browser", f"--port={port}",
             "--ip=127.0.0.1", f"--ServerApp.root_dir={env.home}",
             f"--IdentityProvider.token={token}", "--ServerApp.open_browser=False",
             *(["--allow-root"] if hasattr(os, "geteuid") and os.geteuid() == 0 else []),
             *extra_args],
            cwd=env.home, env=env.environ(), stdout=handle, stderr=subprocess.STDOUT,
        )
    url = f"http://127.0.0.1:{port}/"
    server = Server(url, token, env.home)
    try:
        deadline = time.monotonic() + 90
        while True:
            if proc.poll() is not None:
                raise RuntimeError(f"jupyter server exited:\n{log.read_text()[-3000:]}")
            try:
                server.api("status")
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise RuntimeError(f"jupyter server did not start:\n{log.read_text()[-3000:]}"
                                       ) from None
                time.sleep(0.5)
        yield server
    finally:
        with contextlib.suppress(OSError):
            server.shutdown_kernels()
        proc.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def main(argv: list[str] | None = None) -> int:
    """Command line: ``build`` or ``serve``."""
    parser = argparse.ArgumentParser(prog="python -m booktools.binder",
                                     description=__doc__.split("\n\n")[0])
    parser.add_argument("command", choices=["plan", "build", "serve"])
    parser.add_argument("--cache", type=Path, default=DEFAULT_CACHE)
    parser.add_argument("--port", type=int, default=0)
    args = parser.parse_args(argv)
    the_plan = plan()
    if args.command == "plan":
        print(f"Python {the_plan.python_version}, lock {the_plan.lock}")
        print(f"{len(the_plan.base)} base Python packages, {len(the_plan.skipped)} others skipped")
        for name in ("jupyterlab", "notebook", "jupyter_server", "ipykernel"):
            print(f"  {name} {the_plan.version_of(name)}")
        print("then:", *the_plan.scripts, sep="\n  ")
        print(f"cache key {the_plan.key}")
        return 0
    with using(cache=args.cache, the_plan=the_plan) as env:
        print(env.summary())
        if args.command == "serve":
            with jupyter_server(env, port=args.port or None) as server:
                print(f"{server.url}tree?token={server.token}  (Ctrl-C stops)")
                with contextlib.suppress(KeyboardInterrupt):
                    while True:
                        time.sleep(3600)
    return 0


if __name__ == "__main__":
    sys.exit(main())
