"""Label many gazette issues on a Ray cluster, or on a Ray instance started on this machine.

Ray Data runs the work: the inputs are a dataset of files; an actor
pool, in which each actor loads the pipeline once, maps it in batches; the results stream back to
this process, which writes each to the store (:mod:`govnlp.runners.store`) as it arrives, so a job
killed half-way keeps every issue already written and ``--resume`` goes on from there. The tables
are then rebuilt from the store by the function the local engine uses: the same schema, the same
records. A file that fails becomes a row of ``errors.jsonl``, not a failed job.

On a cluster, the inputs and the output folder must be on storage that every node and this
process can read (a shared file system), as for any Ray Data job over files.
Install with ``pip install 'govnlp[ray]'``.
"""
from __future__ import annotations

import contextlib
import functools
import logging
import os
from typing import Iterable

from govnlp.errors import InputError
from govnlp.runners.store import BatchReport, label_into_store
from govnlp.runners.work import label_file, load_pipeline


class LabelActor:
    """One actor of the pool: loads the pipeline once, then labels the files of each batch."""

    def __init__(self, model_dirs: dict, threads: int, device: str, precision: str):
        os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
        self.nlp, self.error = load_pipeline(model_dirs, threads, device, precision)

    def __call__(self, batch: dict) -> dict:
        out: dict[str, list] = {"path": [], "result": [], "error": [], "model_failed": []}
        for path in batch["path"]:
            path_str, result, error, model_failed = label_file(self.nlp, self.error, str(path))
            out["path"].append(path_str)
            out["result"].append(result or "")
            out["error"].append(error or "")
            out["model_failed"].append(bool(model_failed))
        return out


def label_batch_ray(
    inputs: Iterable[str],
    out_dir: str | os.PathLike,
    resume: bool = False,
    address: str | None = None,
    actors: int | None = None,
    threads_per_actor: int = 1,
    model_dirs: dict | None = None,
    progress: bool = True,
    device: str = "auto",
    precision: str = "auto",
) -> BatchReport:
    """Label ``inputs`` into the store ``out_dir`` with a Ray Data actor pool.

    ``address``: a running cluster (``"auto"``, ``"ray://host:10001"``, ``"host:6379"``); without it
    Ray starts on this machine for the job and stops after it. ``actors``: the pool's size (default:
    the cluster's CPUs // ``threads_per_actor``, or its GPUs with ``device="cuda"``).
    """
    ray = _import_ray()
    engine = functools.partial(_outcomes, ray, address=address, actors=actors, threads=threads_per_actor,
                               model_dirs=model_dirs or {}, device=device, precision=precision)
    return label_into_store(inputs, out_dir, resume, progress, engine)


@contextlib.contextmanager
def _outcomes(ray, todo, address, actors, threads, model_dirs, device, precision):
    """The outcome of each input, streamed as the actors finish them; Ray stopped after if started here."""
    started_here = _connect(ray, address)
    try:
        yield ((row["path"], row["result"] or None, row["error"] or None, row["model_failed"])
               for row in _labelled_rows(ray, todo, actors, threads, model_dirs, device, precision))
    finally:
        if started_here:
            ray.shutdown()


def _labelled_rows(ray, todo, actors, threads, model_dirs, device, precision):
    """The result rows, streamed as actors finish them."""
    resources = ray.cluster_resources()
    gpus = resources.get("GPU", 0)
    use_gpu = device.startswith("cuda") or (device == "auto" and gpus > 0)
    if use_gpu:
        size = actors or max(1, int(gpus))
        remote = {"num_gpus": 1, "num_cpus": threads}
        device = device if device != "auto" else "cuda"
    else:
        size = actors or max(1, int(resources.get("CPU", 1)) // max(1, threads))
        remote = {"num_cpus": threads}
        device = "cpu"
    for name in ("ray", "ray.data"):   # Ray's own notes on execution would interleave with the bar
        logging.getLogger(name).setLevel(logging.ERROR)
    context = ray.data.DataContext.get_current()
    context.enable_progress_bars = False     # one bar, ours, counting issues
    context.print_on_execution_start = False
    items = [{"path": str(f)} for f, _ in todo]
    dataset = ray.data.from_items(items, override_num_blocks=len(items))
    labelled = dataset.map_batches(
        LabelActor,
        fn_constructor_kwargs={"model_dirs": {k: str(v) for k, v in model_dirs.items()}, "threads": threads,
                               "device": device, "precision": precision},
        batch_size=1,                 # an issue is seconds of work: the smallest unit balances best
        compute=ray.data.ActorPoolStrategy(size=min(size, len(items))),
        **remote,
    )
    yield from labelled.iter_rows()


def _connect(ray, address: str | None) -> bool:
    """Join the cluster at ``address``, or start Ray here; True when this call started it."""
    if ray.is_initialized():
        return False
    quiet = {"include_dashboard": False, "log_to_driver": False, "logging_level": logging.ERROR,
             "configure_logging": True}
    if address and address != "auto":
        _check_reachable(address)
    try:
        if address:
            ray.init(address=address, **quiet)
        else:   # "local": a new instance for this job, even where `ray start` left a cluster running
            ray.init(address="local", num_cpus=os.cpu_count() or 1, **quiet)
    except (ConnectionError, TimeoutError) as exc:
        raise InputError(str(address), f"no Ray cluster answers at this address ({exc}); start one with "
                                       "`ray start --head` or omit --address to run Ray on this machine") from None
    return True


_HTTP2_PREFACE = b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n" + b"\x00\x00\x00\x04\x00\x00\x00\x00\x00"  # + empty SETTINGS


def _check_reachable(address: str, timeout: float = 5.0) -> None:
    """Fail in seconds, not minutes: Ray retries an unreachable head for several minutes, and dials an
    address that accepts connections but is not Ray for as long.

    Ray's head (GCS) and Ray Client servers speak gRPC, that is HTTP/2, whose server answers a
    client's connection preface with a SETTINGS frame at once. That exchange is done here by hand
    (Ray has no setting that bounds its own dialling, and installs no gRPC client for Python): a
    server that sends anything else, or nothing, is not a Ray cluster."""
    import socket

    hostport = address.split("://", 1)[-1]
    host, _, port = hostport.rpartition(":")
    if not host or not port.isdigit():
        raise InputError(address, "is not a Ray address; give HOST:PORT, ray://HOST:PORT or auto")
    fix = "start one with `ray start --head` or omit --address to run Ray on this machine"
    try:
        with socket.create_connection((host.strip("[]"), int(port)), timeout=timeout) as conn:
            conn.settimeout(timeout)
            conn.sendall(_HTTP2_PREFACE)
            head = b""
            while len(head) < 9:
                got = conn.recv(9 - len(head))
                if not got:
                    break
                head += got
    except socket.timeout:
        raise InputError(address, f"something accepts connections at this address but does not answer as a "
                                  f"Ray cluster within {timeout:g} s; {fix}") from None
    except OSError as exc:
        raise InputError(address, f"no Ray cluster answers at this address ({exc.strerror or exc}); {fix}") from None
    if len(head) < 9 or head[3] != 0x04:
        raise InputError(address, f"something answers at this address, but not a Ray cluster (no gRPC); {fix}")


def _import_ray():
    try:
        import ray
        import ray.data  # noqa: F401
    except ImportError:
        raise InputError("--engine ray", "Ray is not installed; install it with pip install 'govnlp[ray]'") from None
    return ray
