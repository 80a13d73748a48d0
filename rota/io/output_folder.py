"""Output folders (`--out`) that are replaced whole, and only when they are ours to replace.

A command's output folder is checked before any work starts (`check_out`): it must be new,
empty, or an earlier output of the same command, marked by a manifest file. The new output is
written into a sibling scratch folder and swapped in (`replacing`), so a reader — a person or
`rota serve` — sees the old output or the new one, never half of either, and a failure or an
interrupt leaves the old one as it was.
"""

from __future__ import annotations

import ctypes
import errno
import glob
import json
import os
import shutil
import stat
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

MANIFEST = ".rota-output.json"
FORMAT = 1


def check_out(out: Path, command: str, inputs: Iterable[Path] = ()) -> list[str]:
    """Why `command` may not write its output to `out`, one line per problem (none: it may)."""
    target = _absolute(out)
    here = Path.cwd().resolve()
    if target == here or target in here.parents:
        return [f"--out: {out}: is the current folder or one above it; give a folder of its own"]
    for given in inputs:
        source = _absolute(given)
        if target == source or target in source.parents:
            return [
                f"--out: {out}: holds the input {given}; give a folder of its own for the output"
            ]
    if out.is_symlink():
        return [f"--out: {out}: is a symbolic link; give the folder itself"]
    if out.exists() and not out.is_dir():
        return [f"--out: {out}: is a file, not a folder; give a folder for the output"]
    problem = _unwritable(target.parent)
    if problem is not None:
        return [f"--out: {out}: {problem}; give a folder where you may write"]
    if out.is_dir() and any(out.iterdir()):
        made_by = _made_by(out)
        if made_by is None:
            return [
                f"--out: {out}: holds files that are not an earlier output of `{command}` (no "
                f"{MANIFEST}); give a new or empty folder, or remove this one first"
            ]
        if made_by != command:
            return [
                f"--out: {out}: is the output of `{made_by}`, not of `{command}`; give a folder "
                "of its own"
            ]
    return []


@contextmanager
def replacing(out: Path, command: str) -> Iterator[Path]:
    """A scratch folder beside `out` to write `command`'s output into. When the block ends
    normally the scratch folder, with its manifest, takes `out`'s place (keeping `out`'s
    permissions); when it raises, `out` is left as it was. No scratch folder stays behind."""
    target = _absolute(out)
    target.parent.mkdir(parents=True, exist_ok=True)
    _clear_leftovers(target)
    scratch = Path(tempfile.mkdtemp(prefix=_prefix(target, "new"), dir=target.parent))
    try:
        yield scratch
        manifest = {"command": command, "format": FORMAT}
        (scratch / MANIFEST).write_text(json.dumps(manifest) + "\n", encoding="utf-8")
        # mkdtemp makes the folder private (0700); the output keeps the mode it had, or gets the
        # mode any new folder would.
        os.chmod(scratch, _mode_for(target))
        _swap_in(scratch, target)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def _swap_in(scratch: Path, target: Path) -> None:
    """Put `scratch` at `target`; what is left at `scratch` (the old output) is for removal."""
    if not target.exists():
        os.rename(scratch, target)
        return
    if _exchange(scratch, target):
        return
    # No atomic exchange on this filesystem: two renames, the old output restored if the
    # second fails. A reader may find no folder for the instant between them.
    backup = Path(tempfile.mkdtemp(prefix=_prefix(target, "old"), dir=target.parent))
    backup.rmdir()
    os.rename(target, backup)
    try:
        os.rename(scratch, target)
    except BaseException:
        os.rename(backup, target)
        raise
    os.rename(backup, scratch)


def _exchange(first: Path, second: Path) -> bool:
    """Swap two paths in one step (Linux renameat2 RENAME_EXCHANGE); False where the system or
    filesystem cannot."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    at_cwd, rename_exchange = -100, 2
    done = renameat2(at_cwd, os.fsencode(first), at_cwd, os.fsencode(second), rename_exchange)
    if done == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.ENOTSUP):
        return False
    raise OSError(code, os.strerror(code), str(second))


def _prefix(target: Path, kind: str) -> str:
    # The writer's process id in the name tells a later run whether the folder is still in use.
    return f".{target.name}.{kind}-{os.getpid()}-"


def _clear_leftovers(target: Path) -> None:
    """Remove the scratch folders a killed run (`kill -9`, a power cut) left beside `target`;
    a run that died between the two renames of `_swap_in` left the old output as its backup,
    which goes back in place."""
    for kind in ("old", "new"):
        for folder in target.parent.glob(f".{glob.escape(target.name)}.{kind}-*-*"):
            pid = folder.name.removeprefix(f".{target.name}.{kind}-").split("-", 1)[0]
            if not pid.isdigit() or _alive(int(pid)):
                continue
            if kind == "old" and not target.exists():
                os.rename(folder, target)
            else:
                shutil.rmtree(folder, ignore_errors=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # another user's process
    return True


def _mode_for(target: Path) -> int:
    if target.is_dir():
        return stat.S_IMODE(target.stat().st_mode)
    umask = os.umask(0)
    os.umask(umask)
    return 0o777 & ~umask


def _made_by(folder: Path) -> str | None:
    """The command named in `folder`'s manifest, if it has one this version can read."""
    try:
        manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        return None
    command = manifest.get("command")
    return command if isinstance(command, str) else None


def _unwritable(folder: Path) -> str | None:
    """Why no folder can be made in `folder` (created first if missing), or None if one can.

    Tried, not inferred from permission bits: those say nothing for root, a read-only mount or
    a pseudo-filesystem such as /proc."""
    existing = folder
    while not existing.exists():
        existing = existing.parent
    if not existing.is_dir():
        return f"{existing} is a file, not a folder"
    try:
        Path(tempfile.mkdtemp(prefix=".rota-probe-", dir=existing)).rmdir()
    except OSError as error:
        # /proc answers "no such file" to a new name: the reason would only confuse there.
        reason = f" ({error.strerror})" if error.errno != errno.ENOENT and error.strerror else ""
        return f"cannot write in {existing}{reason}"
    return None


def _absolute(path: Path) -> Path:
    """`path` made absolute with its parent's links resolved, the last part kept as given (so
    a link there is seen as one)."""
    absolute = Path(os.path.abspath(path))
    return absolute.parent.resolve() / absolute.name
